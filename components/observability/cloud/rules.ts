/**
 * Alerts on what runs outside the cluster: the database, the NAT gateways and the ingress
 * controller's load balancer, from their CloudWatch metrics as YACE exports them
 * (components/addons/cloudwatch-exporter). They reach people the way every alert does, through
 * Alertmanager; each names its runbook section under "Outside the cluster" in docs/runbooks.md.
 */
import { AlertingRule, runbookUrl, RuleGroup } from "../rules";

/** The exporter's scrape job: the chart's Service, named after the release. */
export const CLOUDWATCH_EXPORTER_JOB = "yace";
/** The namespace the ingress controller's Service, and so its load balancer, belongs to. */
const INGRESS_NAMESPACE = "nginx-ingress";

const GIB = 1024 ** 3;

export interface CloudAlertsInputs {
    runbooksUrl: string;
    /** The namespace of the services the database serves: its alerts carry it. */
    applicationNamespace: string;
    /** `database.allocatedStorageGiB`: storage autoscaling never leaves the instance with less. */
    allocatedStorageGiB: number;
}

/** The alerts of this group and the headings of their runbook sections. */
export const CLOUD_ALERTS = [
    "DatabaseFailure", "DatabaseStorageLow", "NatGatewayPortAllocationErrors",
    "LoadBalancerUnhealthyTargets", "LoadBalancerNoHealthyTargets", "CloudWatchExporterDown",
] as const;

/** The instance identifier from the `name` label, the resource's ARN (`arn:aws:rds:<region>:<account>:db:<id>`). */
const byInstance = (expr: string) => `max by (db_instance) (label_replace(${expr}, "db_instance", "$1", "name", "arn:[^:]+:rds:[^:]+:[^:]+:db:(.+)"))`;
/** The per-target-group series of the NLB (its metrics also exist per load balancer and per zone). */
const TARGET_GROUP = `{dimension_TargetGroup!="", dimension_AvailabilityZone=""}`;

/**
 * The thresholds as the rules use them: storage autoscaling grows the volume when free space
 * falls under 10% of it, so less than that share of the smallest allocation, for long, means it
 * did not (at `maxAllocatedStorageGiB`, inside its six-hour cooldown, or outgrown).
 */
export function storageThresholdBytes(allocatedStorageGiB: number, share: number): number {
    return Math.round(allocatedStorageGiB * GIB * share);
}

export function cloudAlertGroups(inputs: CloudAlertsInputs): RuleGroup[] {
    const runbook = (alert: string) => runbookUrl(inputs.runbooksUrl, alert);
    const database = { namespace: inputs.applicationNamespace };
    const storageLow = (severity: "warning" | "critical", share: number, duration: string): AlertingRule => ({
        alert: "DatabaseStorageLow",
        expr: `${byInstance("aws_rds_free_storage_space_minimum")} < ${storageThresholdBytes(inputs.allocatedStorageGiB, share)}`,
        for: duration,
        labels: { severity, ...database },
        annotations: {
            summary: `Database {{ $labels.db_instance }} has {{ $value | humanize1024 }}B of storage left`,
            description: `Free storage has stayed under ${share * 100}% of the smallest allocation (${inputs.allocatedStorageGiB} GiB) for ${duration}: storage autoscaling is at its ceiling, cooling down, or outpaced. When it runs out, the database stops accepting writes.`,
            runbook_url: runbook("DatabaseStorageLow"),
        },
    });
    const rules: AlertingRule[] = [
        {
            alert: "DatabaseFailure",
            // Either the instance stopped reporting to CloudWatch while it still exists (stopped,
            // failed, storage-full or being replaced), or nothing holds a connection to it: the
            // services keep pools open, so zero means no client can reach or log in to it.
            expr: byInstance(`(aws_rds_info unless on (name) aws_rds_cpuutilization_average) or on (name) (max by (name) (aws_rds_database_connections_maximum) == 0)`),
            for: "5m",
            labels: { severity: "critical", ...database },
            annotations: {
                summary: "Database {{ $labels.db_instance }} is not serving",
                description: "For 5 minutes the instance has either reported no metrics to CloudWatch or held no client connection: the services cannot use it.",
                runbook_url: runbook("DatabaseFailure"),
            },
        },
        storageLow("warning", 0.1, "30m"),
        storageLow("critical", 0.05, "5m"),
        {
            alert: "NatGatewayPortAllocationErrors",
            expr: `max by (dimension_NatGatewayId) (aws_natgateway_error_port_allocation_sum) > 0`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: {
                summary: "NAT gateway {{ $labels.dimension_NatGatewayId }} cannot open new connections",
                description: "The gateway ran out of source ports to one destination ({{ $value }} failed allocations in the last minute): new outbound connections from its zone fail (market data, AWS APIs, image pulls).",
                runbook_url: runbook("NatGatewayPortAllocationErrors"),
            },
        },
        {
            alert: "LoadBalancerUnhealthyTargets",
            expr: `max by (dimension_LoadBalancer, dimension_TargetGroup) (aws_networkelb_un_healthy_host_count_maximum${TARGET_GROUP}) > 0`,
            for: "10m",
            labels: { severity: "warning", namespace: INGRESS_NAMESPACE },
            annotations: {
                summary: "{{ $value }} targets of {{ $labels.dimension_TargetGroup }} fail the load balancer's health check",
                description: "The ingress load balancer has stopped sending traffic to some ingress controller nodes; the others carry it, with less headroom.",
                runbook_url: runbook("LoadBalancerUnhealthyTargets"),
            },
        },
        {
            alert: "LoadBalancerNoHealthyTargets",
            expr: `min by (dimension_LoadBalancer, dimension_TargetGroup) (aws_networkelb_healthy_host_count_minimum${TARGET_GROUP}) == 0`,
            for: "3m",
            labels: { severity: "critical", namespace: INGRESS_NAMESPACE },
            annotations: {
                summary: "Target group {{ $labels.dimension_TargetGroup }} of the ingress load balancer has no healthy target",
                description: "Every request to this listener fails at the load balancer: the API and Grafana are unreachable from outside.",
                runbook_url: runbook("LoadBalancerNoHealthyTargets"),
            },
        },
        {
            alert: "CloudWatchExporterDown",
            // Without it every alert of this group is silent: the exporter is not scraped, or it
            // runs but finds no database (its AWS calls fail, or the tags it searches by changed).
            expr: `absent(up{job="${CLOUDWATCH_EXPORTER_JOB}"} == 1) or absent(aws_rds_info)`,
            for: "15m",
            labels: { severity: "warning" },
            annotations: {
                summary: "CloudWatch metrics are not reaching Prometheus",
                description: "The exporter is down, or it cannot read CloudWatch: the database, NAT gateway and load balancer alerts cannot fire.",
                runbook_url: runbook("CloudWatchExporterDown"),
            },
        },
    ];
    return [{ name: "outside-the-cluster", rules }];
}
