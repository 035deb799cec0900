/**
 * YACE (yet-another-cloudwatch-exporter) brings the CloudWatch metrics of what runs outside the
 * cluster (the database, the NAT gateways, the ingress controller's load balancer) into
 * Prometheus, so their alerts take the same path to people as every other alert.
 */
import { stringify } from "yaml";
import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, chartImageWithRegistry } from "../../shared/images";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../pod-security";

export const CLOUDWATCH_EXPORTER_NAMESPACE = "cloudwatch-exporter";
export const CLOUDWATCH_EXPORTER_RELEASE = "yace";
/** Created with its IRSA role by the component; the chart only refers to it. */
export const CLOUDWATCH_EXPORTER_SERVICE_ACCOUNT = "yace";
/** The exporter's HTTP port (the chart's `containerPort`): metrics and /healthz. */
export const METRICS_PORT = 5000;
/** Its pods: the chart's selector labels with `nameOverride` and the release name. */
export const CLOUDWATCH_EXPORTER_PODS = { "app.kubernetes.io/name": "yace", "app.kubernetes.io/instance": CLOUDWATCH_EXPORTER_RELEASE };

/**
 * How often YACE asks CloudWatch, in seconds. CloudWatch's basic metrics have one-minute
 * periods for RDS, NAT gateways and NLBs; asking every minute costs about 1,440 GetMetricData
 * calls a day per batch of up to 500 metrics (a few dollars a month for this set), and finds a
 * database that stopped reporting within minutes rather than the default five.
 */
export const SCRAPE_INTERVAL_SECONDS = 60;
/** busybox's `nobody`, the image's USER. */
const USER = 65534;

export type CloudWatchStatistic = "Average" | "Minimum" | "Maximum" | "Sum";

/** One CloudWatch metric and the statistic YACE requests of it. */
export interface CloudWatchMetric {
    name: string;
    statistic: CloudWatchStatistic;
}

/** One discovery job: a CloudWatch namespace, the resources found by their tags, the metrics read. */
export interface CloudWatchJob {
    namespace: "AWS/RDS" | "AWS/NATGateway" | "AWS/NetworkELB";
    /** Which tagged resources: all tags must match, each value a regular expression. */
    searchTags: { key: string; value: string }[];
    /** Only metrics with exactly these dimensions (the per-resource series, not CloudWatch's aggregates). */
    dimensionNameRequirements?: string[];
    metrics: CloudWatchMetric[];
}

/**
 * The metrics read per namespace, with the statistic that answers its question: the worst
 * minute for capacity (Minimum of free space and memory, Maximum of connections and unhealthy
 * hosts), the total for counts of events (Sum), the mean for utilisation and latency.
 * ReplicaLag is left out: the database has no read replica (Multi-AZ's standby is synchronous
 * and reports none).
 */
export const CLOUDWATCH_METRICS: Record<CloudWatchJob["namespace"], CloudWatchMetric[]> = {
    "AWS/RDS": [
        { name: "CPUUtilization", statistic: "Average" },
        { name: "FreeStorageSpace", statistic: "Minimum" },
        { name: "DatabaseConnections", statistic: "Maximum" },
        { name: "FreeableMemory", statistic: "Minimum" },
        { name: "ReadLatency", statistic: "Average" },
        { name: "WriteLatency", statistic: "Average" },
    ],
    "AWS/NATGateway": [
        { name: "ErrorPortAllocation", statistic: "Sum" },
        { name: "PacketsDropCount", statistic: "Sum" },
    ],
    "AWS/NetworkELB": [
        { name: "UnHealthyHostCount", statistic: "Maximum" },
        { name: "HealthyHostCount", statistic: "Minimum" },
        { name: "TCP_ELB_Reset_Count", statistic: "Sum" },
    ],
};

/**
 * The Prometheus name YACE gives a CloudWatch metric (its promutil.BuildMetricName at v0.67):
 * `aws_<namespace>_<metric>_<statistic>`, each part lower-cased with an underscore before an
 * upper-case letter that follows a lower-case letter or a digit, separators to underscores, and
 * a leading part of the metric's name that repeats the namespace dropped.
 */
export function yaceMetricName(namespace: string, metric: string, statistic = ""): string {
    const promString = (text: string) => {
        let out = "";
        let prev = "";
        for (const c of text) {
            if (" ,\t/\\.-:=@<>()“".includes(c)) out += "_";
            else if (c === "%") out += "_percent";
            else {
                if (/\p{Lu}/u.test(c) && (/\p{Ll}/u.test(prev) || /\p{Nd}/u.test(prev))) out += "_";
                out += c.toLowerCase();
            }
            prev = c;
        }
        return out;
    };
    const ns = promString(namespace.replace(/^\//, "").toLowerCase());
    let name = promString(metric);
    let skip = 0;
    for (const part of ns.split("_")) if (name.slice(skip).startsWith(part)) skip = part.length;
    name = name.slice(skip).replace(/^_/, "");
    return `${ns.startsWith("aws") ? "" : "aws_"}${ns}_${name}${statistic ? `_${promString(statistic)}` : ""}`;
}

/** The series YACE exports for the jobs: each metric's, and each namespace's `_info` (the discovered resources and their tags). */
export function cloudwatchSeries(jobs: readonly Pick<CloudWatchJob, "namespace" | "metrics">[]): string[] {
    return [...new Set(jobs.flatMap((job) => [
        yaceMetricName(job.namespace, "info"),
        ...job.metrics.map((m) => yaceMetricName(job.namespace, m.name, m.statistic)),
    ]))];
}

export interface CloudWatchJobsInputs {
    region: string;
    /** The `environment` tag of this stack's resources. */
    environment: string;
    /** The EKS cluster, whose name the cloud provider tags the load balancers and target groups it creates with. */
    clusterName: string;
}

/**
 * What YACE reads, found through the Resource Groups Tagging API: the stack's database and NAT
 * gateways by the tags every resource of the program carries (`project`, `environment`), the
 * load balancer and target groups of the ingress controller's Service by the cluster tag the
 * Kubernetes cloud provider puts on what it creates. The NLB's metrics exist per load balancer,
 * per target group and per zone; the rules pick the dimensions they need.
 */
export function cloudwatchJobs(inputs: CloudWatchJobsInputs): CloudWatchJob[] {
    const stackTags = [{ key: "project", value: "^signal-trading$" }, { key: "environment", value: `^${inputs.environment}$` }];
    return [
        { namespace: "AWS/RDS", searchTags: stackTags, dimensionNameRequirements: ["DBInstanceIdentifier"], metrics: CLOUDWATCH_METRICS["AWS/RDS"] },
        { namespace: "AWS/NATGateway", searchTags: stackTags, dimensionNameRequirements: ["NatGatewayId"], metrics: CLOUDWATCH_METRICS["AWS/NATGateway"] },
        { namespace: "AWS/NetworkELB", searchTags: [{ key: `kubernetes.io/cluster/${inputs.clusterName}`, value: "^owned$" }], metrics: CLOUDWATCH_METRICS["AWS/NetworkELB"] },
    ];
}

/**
 * YACE's config file (apiVersion v1alpha1). Every metric: a one-minute period over the last
 * five minutes, of which YACE exports the newest datapoint, timestamped at the scrape. No
 * nilToZero: a resource that stops reporting has no series, which is how the database's
 * failure to report is seen (NaN would look like a value).
 */
export function yaceConfig(region: string, jobs: readonly CloudWatchJob[]) {
    return {
        apiVersion: "v1alpha1",
        "sts-region": region,
        discovery: {
            jobs: jobs.map((job) => ({
                type: job.namespace,
                regions: [region],
                searchTags: job.searchTags,
                ...(job.dimensionNameRequirements ? { dimensionNameRequirements: job.dimensionNameRequirements } : {}),
                period: 60,
                length: 300,
                metrics: job.metrics.map((m) => ({ name: m.name, statistics: [m.statistic] })),
            })),
        },
    };
}

export interface CloudWatchExporterValuesInputs extends CloudWatchJobsInputs {
    placement: Placement;
    /** This account's ECR registry host, whose pull-through cache serves the image. */
    registry: string;
}

/** Values of the prometheus-community prometheus-yet-another-cloudwatch-exporter chart (0.47, YACE v0.67). */
export function cloudwatchExporterValues(inputs: CloudWatchExporterValuesInputs) {
    return {
        image: chartImageWithRegistry(inputs.registry, CHART_IMAGES.yace),
        // Short object names and pod labels (the chart's default is `<release>-prometheus-yet-another-cloudwatch-exporter`).
        nameOverride: CLOUDWATCH_EXPORTER_RELEASE,
        fullnameOverride: CLOUDWATCH_EXPORTER_RELEASE,
        // One replica: each would call CloudWatch (and be billed) again for the same series.
        replicaCount: 1,
        // Credentials come from IRSA (this service account's role): the chart's `aws` keys (a kiam
        // annotation, access keys in a Secret) stay unset.
        serviceAccount: { create: false, name: CLOUDWATCH_EXPORTER_SERVICE_ACCOUNT },
        // Plain YAML without anchors (the jobs share their search tags), so the ConfigMap reads as written.
        config: stringify(yaceConfig(inputs.region, cloudwatchJobs(inputs)), { aliasDuplicateObjects: false }),
        extraArgs: { "scraping-interval": SCRAPE_INTERVAL_SECONDS },
        // The SDK's region for the tagging and CloudWatch clients, and STS for IRSA.
        extraEnv: [{ name: "AWS_REGION", value: inputs.region }],
        // The fsGroup makes the projected IRSA token readable by the non-root user.
        podSecurityContext: restrictedPodSecurity({ user: USER, fsGroup: USER }),
        securityContext: restrictedContainerSecurity({ user: USER }),
        resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
        // Its test pod runs only on `helm test`, which the release never runs, with an image outside the caches.
        testConnection: false,
        // Scraped as often as it refreshes: more often would only read the same values again.
        serviceMonitor: { enabled: true, interval: `${SCRAPE_INTERVAL_SECONDS}s` },
    };
}
