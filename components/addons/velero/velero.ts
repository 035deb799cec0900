import { ClusterAddresses } from "../../namespace/traffic";
/**
 * Velero: scheduled backups of the cluster's objects to the primary backup bucket and of its
 * volumes as EBS snapshots.
 *
 * What the recovery point objective covers, and how: the Redis volumes through the schedule
 * that snapshots them every 15 minutes (prod's `stateful-15m`); the PostgreSQL database through
 * RDS point-in-time recovery, not Velero. Everything else is declared in this project and
 * re-created by `pulumi up`; the daily and weekly schedules are the second line for objects
 * changed outside Pulumi (docs/backup-and-restore.md).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { awsAccount } from "../../shared/aws-account";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { veleroPolicy } from "./iam";
import { veleroClusterRbac } from "./rbac";
import { veleroNamespace } from "./namespace";
import { backupStorageLocation, BackupScheduleConfig, schedule, VELERO_NAMESPACE, volumeSnapshotLocation } from "./schedules";
import { VELERO_RELEASE, VELERO_SERVICE_ACCOUNT, veleroValues } from "./values";

export const VELERO_CHART: ChartSource = { chart: "velero", repo: "https://vmware-tanzu.github.io/helm-charts" };

export interface VeleroArgs {
    cluster: EksCluster;
    region: string;
    chartVersion: string;
    awsPluginVersion: string;
    placement: Placement;
    /** The primary backup bucket and its key. */
    backups: { bucketName: pulumi.Input<string>; bucketArn: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string> };
    /** Key of the volumes, and so of their snapshots and of the volumes restored from them. */
    volumesKeyArn: pulumi.Input<string>;
    schedules: Record<string, BackupScheduleConfig>;
    rpoMinutes: number;
    /** Date of the last verified restore drill (`backup.lastRestoreDrill`), recorded on the storage location. */
    lastRestoreDrill?: string;
}

export class Velero extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: VeleroArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "Velero"), name, {}, opts);
        const account = awsAccount(this);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: VELERO_NAMESPACE,
            serviceAccountName: VELERO_SERVICE_ACCOUNT,
            policy: pulumi.all([account.partition, account.accountId, args.backups.bucketArn, args.backups.kmsKeyArn, args.volumesKeyArn])
                .apply(([partition, accountId, bucketArn, backupsKeyArn, volumesKeyArn]) =>
                    JSON.stringify(veleroPolicy({ partition, region: args.region, accountId, bucketArn, backupsKeyArn, volumesKeyArn }))),
            createServiceAccount: true,
            automountToken: true, // it reads and restores objects through the Kubernetes API
            labels: { "app.kubernetes.io/name": "velero", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = chartRelease(name, {
            source: VELERO_CHART,
            version: args.chartVersion,
            releaseName: VELERO_RELEASE,
            namespace: VELERO_NAMESPACE,
            values: cacheRegistryHost(["docker-hub"], { parent: this }).apply((registry) =>
                veleroValues({ awsPluginVersion: args.awsPluginVersion, placement: args.placement, schedules: args.schedules, rpoMinutes: args.rpoMinutes, registry })),
        }, { parent: this, dependsOn: [identity] });
        const rbac = veleroClusterRbac();
        const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-backup-reader`, rbac.clusterRole, { parent: this });
        const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-backup-reader`, rbac.clusterRoleBinding, { parent: this, dependsOn: [clusterRole] });

        // The release installs the CRDs; a schedule's first backup (at once) needs both locations and the right to read.
        const afterRelease = { parent: this, dependsOn: [this.release] };
        const locations = [
            new k8s.apiextensions.CustomResource(`${name}-storage-location`, backupStorageLocation({
                bucketName: args.backups.bucketName, kmsKeyArn: args.backups.kmsKeyArn, region: args.region, lastRestoreDrill: args.lastRestoreDrill,
            }), afterRelease),
            new k8s.apiextensions.CustomResource(`${name}-snapshot-location`, volumeSnapshotLocation(args.region, args.volumesKeyArn), afterRelease),
        ];
        for (const [scheduleName, config] of Object.entries(args.schedules)) {
            new k8s.apiextensions.CustomResource(`${name}-schedule-${scheduleName}`, schedule(scheduleName, config), { parent: this, dependsOn: [this.release, ...locations, clusterRoleBinding] });
        }
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.velero`, `backup`, the RPO and the region. */
export interface VeleroSettings {
    region: string;
    version: string;
    awsPluginVersion: string;
    backup: { schedules: Record<string, BackupScheduleConfig>; lastRestoreDrill?: string };
    rpoMinutes: number;
}

/**
 * The add-on; its namespace's rules name the VPC, where the API server's interfaces are. It
 * needs the Prometheus CRDs for its ServiceMonitor and alerts; it does not need the storage
 * add-on to run (a restored claim finds the class when the platform is rebuilt).
 */
export function veleroAddon(addresses: ClusterAddresses, settings: VeleroSettings) {
    return defineAddon({
        name: "velero",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [veleroNamespace(addresses)],
        provides: ["backups"],
        install: (name, ctx, _deps, opts) => ({
            component: new Velero(name, {
                cluster: ctx.cluster,
                region: settings.region,
                chartVersion: settings.version,
                awsPluginVersion: settings.awsPluginVersion,
                placement: ctx.placement,
                backups: ctx.backups,
                volumesKeyArn: ctx.volumesKeyArn,
                schedules: settings.backup.schedules,
                rpoMinutes: settings.rpoMinutes,
                lastRestoreDrill: settings.backup.lastRestoreDrill,
            }, opts),
            outputs: { namespace: VELERO_NAMESPACE },
        }),
    });
}
