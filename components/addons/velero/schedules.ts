/**
 * Velero's storage location, snapshot location and schedules as velero.io/v1 objects, created
 * as Pulumi resources next to the chart (not through its values) so that the policy pack and
 * the offline plan see each one. The field names are those of the CRDs of chart 12.1.0.
 */
import * as pulumi from "@pulumi/pulumi";

export const VELERO_NAMESPACE = "velero";
/** The one storage location and snapshot location; every schedule names both. */
export const DEFAULT_LOCATION = "default";
/** The AWS plugin's provider name, for objects in S3 and snapshots in EBS alike. */
export const AWS_PROVIDER = "aws";

/** One entry of `backup.schedules`. */
export interface BackupScheduleConfig {
    /** Five-field cron, in UTC. */
    cron: string;
    ttlHours: number;
    /** Namespaces in the backup; `*` for all. */
    includedNamespaces: string[];
    labelSelector: Record<string, string>;
    includeClusterResources: boolean;
    snapshotVolumes: boolean;
}

const metadata = (name: string) => ({ name, namespace: VELERO_NAMESPACE, labels: { "app.kubernetes.io/part-of": "signal-trading" } });

export interface StorageLocationInputs<S extends pulumi.Input<string>> {
    bucketName: S;
    /** The backups key: the plugin asks S3 for SSE-KMS with it on every object it writes. */
    kmsKeyArn: S;
    region: string;
    /** Date (YYYY-MM-DD) of the last verified restore from this location: evidence the policy pack checks for age. */
    lastRestoreDrill?: string;
}

/** The annotation that carries `backup.lastRestoreDrill` on the storage location. */
export const LAST_RESTORE_DRILL_ANNOTATION = "signal-trading.io/last-restore-drill";

/** The primary backup bucket, the default location of every backup. */
export function backupStorageLocation<S extends pulumi.Input<string>>(inputs: StorageLocationInputs<S>) {
    return {
        apiVersion: "velero.io/v1",
        kind: "BackupStorageLocation",
        metadata: {
            ...metadata(DEFAULT_LOCATION),
            ...(inputs.lastRestoreDrill ? { annotations: { [LAST_RESTORE_DRILL_ANNOTATION]: inputs.lastRestoreDrill } } : {}),
        },
        spec: {
            provider: AWS_PROVIDER,
            default: true,
            accessMode: "ReadWrite",
            objectStorage: { bucket: inputs.bucketName },
            config: { region: inputs.region, kmsKeyId: inputs.kmsKeyArn },
        },
    };
}

/**
 * EBS snapshots in the stack's region. `ebsKmsKeyId` (plugin 1.14.2 and later: an older plugin
 * refuses the key and takes no snapshot) makes every volume restored from a snapshot encrypted
 * with the volumes key, even one restored from an unencrypted snapshot.
 */
export function volumeSnapshotLocation<K extends pulumi.Input<string>>(region: string, volumesKeyArn: K) {
    return {
        apiVersion: "velero.io/v1",
        kind: "VolumeSnapshotLocation",
        metadata: metadata(DEFAULT_LOCATION),
        spec: { provider: AWS_PROVIDER, config: { region, ebsKmsKeyId: volumesKeyArn } },
    };
}

/**
 * Velero's `includeClusterResources: false` excludes every cluster-scoped object, the
 * PersistentVolumes included, and a volume is only snapshotted when its PV is backed up: a
 * schedule that snapshots volumes without cluster resources therefore leaves the field unset
 * ("auto"), which backs up the PVs of the claims in its namespaces and no other cluster-scoped
 * object when namespaces are listed (all of them when the list is `*`).
 */
function clusterResources(config: BackupScheduleConfig): { includeClusterResources?: boolean } {
    if (config.includeClusterResources) return { includeClusterResources: true };
    return config.snapshotVolumes ? {} : { includeClusterResources: false };
}

/**
 * Kinds no schedule copies to S3. Secrets: the database's master password, the JWT signing
 * keys and the API keys are generated or held by the program and written again by `pulumi up`
 * (docs/backup-and-restore.md restores objects first, then runs `pulumi up`), and what other
 * controllers keep in Secrets (cert-manager's certificates, the operators' rendered configs) is
 * re-issued by them; a copy in the bucket would only widen who can read them. Velero's server
 * is not granted Secrets at all (rbac.ts).
 */
export const EXCLUDED_RESOURCES = ["secrets"];

/** A schedule from the stack config: cron in UTC (the server's zone), TTL as a Go duration. */
export function schedule(name: string, config: BackupScheduleConfig) {
    return {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        metadata: metadata(name),
        spec: {
            schedule: config.cron,
            // Declared state: `pulumi up` resumes a schedule someone paused by hand.
            paused: false,
            // A new schedule backs up at once, so the recovery point holds from the first deploy on.
            skipImmediately: false,
            // Backups outlive their schedule: deleting a Schedule must not garbage-collect them.
            useOwnerReferencesInBackup: false,
            template: {
                ttl: `${config.ttlHours}h0m0s`,
                includedNamespaces: config.includedNamespaces,
                ...(Object.keys(config.labelSelector).length > 0 ? { labelSelector: { matchLabels: config.labelSelector } } : {}),
                ...clusterResources(config),
                excludedResources: EXCLUDED_RESOURCES,
                snapshotVolumes: config.snapshotVolumes,
                storageLocation: DEFAULT_LOCATION,
                volumeSnapshotLocations: [DEFAULT_LOCATION],
            },
        },
    };
}
