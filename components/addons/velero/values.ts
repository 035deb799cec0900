import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, CONFIGURED_IMAGES, cachedImage, cachedRepositoryOf, chartImage, imageReference } from "../../shared/images";
import { RESTRICTED_CONTAINER, restrictedPodSecurity } from "../pod-security";
import { maxIntervalMinutes } from "../../shared/cron";
import { BackupScheduleConfig } from "./schedules";

export const VELERO_RELEASE = "velero";
/** Created with its IRSA role by the component; the chart only refers to it. */
export const VELERO_SERVICE_ACCOUNT = "velero-server";
export const METRICS_PORT = 8085;
/** The server's pods; the chart's CRD-upgrade hook job does not carry this label. */
export const VELERO_SERVER_PODS = { "app.kubernetes.io/name": "velero" };

/** One non-root user for the server and the plugin's init container (the plugin image runs as 65532). */
const USER = 65532;
/** The fsGroup makes the projected IRSA token readable by the non-root user. */
const POD_SECURITY_CONTEXT = restrictedPodSecurity({ user: USER, fsGroup: USER });
const JOB_RESOURCES = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };

/** An alert of the chart's PrometheusRule (metrics.prometheusRule.spec). */
export interface AlertRule {
    alert: string;
    expr: string;
    for?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

const RUNBOOK = "docs/backup-and-restore.md";

function failureAlert(alert: string, counter: string, what: string): AlertRule {
    return {
        alert,
        expr: `sum by (schedule) (increase(${counter}{schedule!=""}[1h])) > 0`,
        labels: { severity: "warning" },
        annotations: {
            summary: `A backup of schedule {{ $labels.schedule }} ${what}`,
            description: `A backup of Velero schedule {{ $labels.schedule }} ${what} in the last hour: \`velero backup describe\` and \`velero backup logs\` its newest backup (${RUNBOOK}).`,
        },
    };
}

/**
 * Failed and partially failed backups of any schedule, and per schedule a missing backup: no
 * completed backup for longer than the schedule's longest gap, for a grace of that gap (at most
 * an hour) to let a run finish; `absent` covers a schedule that never completed one (Velero
 * recomputes the timestamp from its Backup objects after a restart). Critical for the schedules
 * that keep the recovery point objective, a warning for the others. A schedule that runs less
 * often than weekly has no longest gap to compare with and only gets the failure alerts.
 */
export function backupAlertRules(schedules: Record<string, BackupScheduleConfig>, rpoMinutes: number): AlertRule[] {
    const missing = Object.entries(schedules).flatMap(([name, config]): AlertRule[] => {
        const interval = maxIntervalMinutes(config.cron);
        if (!Number.isFinite(interval)) return [];
        const lastSuccess = `velero_backup_last_successful_timestamp{schedule="${name}"}`;
        const keepsRpo = config.snapshotVolumes && interval <= rpoMinutes;
        return [{
            alert: "VeleroBackupMissing",
            expr: `time() - max(${lastSuccess}) > ${interval * 60} or absent(${lastSuccess})`,
            for: `${Math.min(interval, 60)}m`,
            labels: { severity: keepsRpo ? "critical" : "warning", schedule: name },
            annotations: {
                summary: `No completed backup of schedule ${name} for longer than it runs`,
                description: `Velero schedule ${name} (${config.cron} UTC) has no completed backup within ${interval} minutes and the grace after it${keepsRpo ? `, so the recovery point objective of ${rpoMinutes} minutes is broken` : ""}: check \`velero schedule get\` and the newest backup's logs (${RUNBOOK}).`,
            },
        }];
    });
    return [
        failureAlert("VeleroBackupFailed", "velero_backup_failure_total", "failed"),
        failureAlert("VeleroBackupPartiallyFailed", "velero_backup_partial_failure_total", "partially failed"),
        ...missing,
    ];
}

export interface VeleroValuesInputs {
    /** Tag of velero/velero-plugin-for-aws, matching the chart's Velero minor. */
    awsPluginVersion: string;
    placement: Placement;
    schedules: Record<string, BackupScheduleConfig>;
    rpoMinutes: number;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/**
 * Values of the vmware-tanzu velero chart (12.1.0, Velero 1.18.1): the server alone (one
 * replica with a Recreate strategy, as the chart fixes it; no node agent: volumes are backed
 * up as EBS snapshots by the AWS plugin, which needs no host access), credentials from IRSA,
 * metrics with a ServiceMonitor and the backup alerts. The storage location, snapshot location
 * and schedules are Pulumi resources (schedules.ts), so the chart creates none.
 */
export function veleroValues(inputs: VeleroValuesInputs) {
    return {
        // The server's, and the CRD-upgrade job's, which runs the same image.
        image: chartImage(inputs.registry, CHART_IMAGES.velero),
        // The plugin binary is copied into the shared `plugins` volume, where the server loads it from.
        initContainers: [{
            name: "velero-plugin-for-aws",
            image: imageReference(cachedImage(inputs.registry, { ...CONFIGURED_IMAGES.veleroPluginForAws, tag: inputs.awsPluginVersion })),
            imagePullPolicy: "IfNotPresent",
            volumeMounts: [{ mountPath: "/target", name: "plugins" }],
            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            securityContext: RESTRICTED_CONTAINER,
        }],
        resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        podSecurityContext: POD_SECURITY_CONTEXT,
        // With a read-only root the chart mounts an emptyDir at /tmp, where restores unpack backups.
        containerSecurityContext: RESTRICTED_CONTAINER,
        // Backups run in the server: evicting it for ordinary workloads would miss recovery points.
        priorityClassName: "system-cluster-critical",
        // Also the placement of the CRD-upgrade hook job, which takes the server's pod settings.
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
        // Helm installs crds/ only on first install; this pre-upgrade job renders the new Velero's CRDs
        // with the velero image and applies them with kubectl, tagged by the chart with the cluster's version.
        upgradeCRDs: true,
        kubectl: { image: { repository: cachedRepositoryOf(inputs.registry, CONFIGURED_IMAGES.kubectl) }, resources: JOB_RESOURCES, containerSecurityContext: RESTRICTED_CONTAINER },
        upgradeJobResources: JOB_RESOURCES,
        cleanUpCRDs: false,
        credentials: { useSecret: false },
        serviceAccount: { server: { create: false, name: VELERO_SERVICE_ACCOUNT, automountServiceAccountToken: true } },
        // Only the chart's Role over the velero namespace; no cluster-admin binding. The component binds
        // the read-only ClusterRole of rbac.ts instead, and a restore gets a temporary binding (docs/backup-and-restore.md).
        rbac: { create: true, clusterAdministrator: false },
        metrics: {
            enabled: true,
            // Rendered unconditionally: the add-on depends on the Prometheus CRDs, so a missing CRD fails the install instead of silently dropping the alerts.
            serviceMonitor: { enabled: true, autodetect: false },
            prometheusRule: { enabled: true, autodetect: false, spec: backupAlertRules(inputs.schedules, inputs.rpoMinutes) },
        },
        configuration: {
            backupStorageLocation: [],
            volumeSnapshotLocation: [],
            // No EnableCSI feature: with it Velero would skip native snapshots of CSI volumes and need a VolumeSnapshotClass.
            logFormat: "json",
        },
        deployNodeAgent: false,
        schedules: {},
    };
}
