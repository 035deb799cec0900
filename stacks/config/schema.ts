/**
 * The stack configuration schema: every key a stack file may set, its type, its default and
 * the invariants between keys. Defaults live here and nowhere else. Each top-level key is one
 * Pulumi config key (`signal-trading:<key>`) and is validated on its own, so one run reports
 * the problems of every key; invariants that join values run on every value that is valid,
 * even inside a key with other problems.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { maxIntervalMinutes, parseCron } from "../../components/shared/cron";
import { cpuMillicores, memoryBytes } from "../../components/shared/quantity";
import { defaultTags } from "../../components/shared/tags";
import { cidrContains, MAX_ZONE_SLOTS, parseCidr, planSubnets, problemPath, SERVICE_CIDR, zoneProblems } from "../../components/network/subnet-plan";
import { EKS_UNSUPPORTED_ZONE_IDS, isZoneOfRegion, ZONE_ID_PATTERN, zoneIdPrefix } from "../../components/network/zones";
import { instanceArchitecture } from "../../components/cluster/instance-types";
import { supportsPodSecurityGroups } from "../../components/database/pod-security-group";
import { bufferMiB, OUTPUT_COUNT } from "../../components/addons/fluent-bit/log-groups";
import { CHANNEL_NAMES, PLATFORM_ROUTED_ALERTS } from "../../components/addons/monitoring/alertmanager";
import { SERVICES } from "../services";
import { coverageProblems, DEFAULT_COVERAGE_LIMIT, parseCidrRange } from "../../policy-pack/lib/cidr";
import { didYouMean } from "./nearest";
import { LATENCY_THRESHOLDS_MS, latencyThresholdProblem, objectivePercentProblem, SloDefinition } from "../../components/observability/slo/rules";

export const CONFIG_NAMESPACE = "signal-trading";

/**
 * Kubernetes minors in EKS standard support for the coming months (1.35 until 2027-03, 1.36
 * until 2027-08); older minors are in paid extended support or about to be.
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.35", "1.36"] as const;

/** The values CloudWatch Logs accepts for `retentionInDays`. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The trading services (stacks/services); per-stack image and sizing are configured under `services.<name>`. */
export const SERVICE_NAMES: string[] = SERVICES.map((s) => s.name);

// ---------------------------------------------------------------- reusable field types

const text = (description: string) => z.string().min(1).meta({ description });

/**
 * A value that must come from `pulumi config set --secret`. Its format is not checked, so an
 * error message never has a reason to echo it; it becomes a secret Output at once.
 */
export const secretText = (description: string) =>
    z.string().min(1).meta({ description, secret: true }).transform((value) => pulumi.secret(value));

const cidr = (description: string) =>
    z.string().meta({ description }).superRefine((value, ctx) => {
        const parsed = parseCidr(value);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
    });

/** A region code: geography, compass direction and number, which its zone IDs are derived from. */
const region = (description: string) =>
    z.string().refine((r) => zoneIdPrefix(r) !== undefined, "must be an AWS region code such as us-east-1").meta({ description });

/**
 * A map keyed by user-chosen names. Keys are checked here rather than by a key schema, whose
 * messages zod reduces to "Invalid key in record"; each bad key is reported at its own path.
 */
function namedMap<T extends z.ZodType>(value: T, keyRule: (key: string) => string | undefined) {
    return z.record(z.string(), value).superRefine((map, ctx) => {
        for (const key of Object.keys(map)) {
            const problem = keyRule(key);
            if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
        }
    });
}

const lowerCaseName = (what: string, maxLength: number) => (key: string) =>
    new RegExp(`^[a-z][a-z0-9-]{0,${maxLength - 1}}$`).test(key) ? undefined : `${what} names are lower-case words (a-z, 0-9, -), at most ${maxLength} characters`;

export const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");

const logRetentionDays = (fallback: number, description: string) =>
    z.number().int()
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be one of the CloudWatch retention values: ${LOG_RETENTION_DAYS.join(", ")}`)
        .default(fallback).meta({ description });

const chartVersion = (fallback: string, description = "Pinned Helm chart version.") =>
    z.string().regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be an exact chart version (x.y.z), not a range").default(fallback)
        .meta({ description });

const replicas = (fallback: number, description: string) => z.number().int().min(1).max(5).default(fallback).meta({ description });

const cpu = z.string().refine((q) => cpuMillicores(q) !== undefined, "must be a CPU quantity such as 250m or 2");
const memory = z.string().refine((q) => memoryBytes(q) !== undefined, "must be a memory quantity such as 512Mi or 2Gi");

const resources = z.strictObject({
    requests: z.strictObject({ cpu, memory }),
    limits: z.strictObject({ cpu: cpu.optional().meta({ description: "CPU limit; leave unset to let pods burst (AWS EKS best practice)." }), memory }),
}).superRefine((r, ctx) => {
    if (r.limits.cpu !== undefined && cpuMillicores(r.limits.cpu)! < cpuMillicores(r.requests.cpu)!) {
        ctx.addIssue({ code: "custom", path: ["limits", "cpu"], message: `must be ≥ requests.cpu (${r.requests.cpu})` });
    }
    if (memoryBytes(r.limits.memory)! < memoryBytes(r.requests.memory)!) {
        ctx.addIssue({ code: "custom", path: ["limits", "memory"], message: `must be ≥ requests.memory (${r.requests.memory})` });
    }
}).meta({ description: "Container requests and limits." });

/** redis_exporter release with --disable-scrape-endpoint (from v1.83.0), which the Redis component relies on. */
export const REDIS_EXPORTER_TAG = "v1.88.0";
const MIN_REDIS_EXPORTER_TAG = "v1.83.0";

/** Orders two x.y.z versions (a leading v and a -suffix ignored). */
function compareVersions(a: string, b: string): number {
    const parts = (v: string) => v.replace(/^v/, "").split("-")[0].split(".").map(Number);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

const imageDigest = z.string().regex(/^sha256:[a-f0-9]{64}$/, "must be sha256:<64 hex digits>").optional()
    .meta({ description: "Image digest; pins the exact image bytes, not just a movable tag (required in prod)." });

const image = z.strictObject({
    tag: z.string().regex(/^[\w][\w.-]{0,127}$/, "must be an image tag").refine((t) => t !== "latest", "must be a pinned tag, not latest")
        .meta({ description: "Image tag in the service's ECR repository." }),
    digest: imageDigest,
});

/** A public image pinned by an exact version tag (and by digest in prod). */
const versionedImage = (tag: string, description: string) => z.strictObject({
    tag: z.string().regex(/^v?\d+\.\d+\.\d+(-[\w.]+)?$/, `must be an exact version tag such as ${tag}`).default(tag).meta({ description }),
    digest: imageDigest,
}).prefault({});

// ---------------------------------------------------------------- sections (one per config key)

const awsSection = z.strictObject({
    region: region("Primary AWS region of the stack."),
    backupReplicaRegion: region("Region that receives cross-region copies of the backups."),
}).superRefine((a, ctx) => {
    if (a.region === a.backupReplicaRegion) {
        ctx.addIssue({ code: "custom", path: ["backupReplicaRegion"], message: `must differ from region (${a.region})` });
    }
});

/** Tags the platform sets on every resource; `tags.extra` may not override them. */
const RESERVED_TAGS = defaultTags({ owner: "", costCenter: "", environment: "", extra: {} });

const tagsSection = z.strictObject({
    owner: text("Team that owns the stack; the `owner` tag."),
    costCenter: text("Cost center billed for the stack; the `cost-center` tag."),
    extra: namedMap(z.string().max(256), (key) => {
        if (!/^[\w.:/=+@ -]{1,128}$/.test(key)) return "is not a valid AWS tag key";
        if (key.toLowerCase().startsWith("aws:")) return "the aws: prefix is reserved for AWS";
        if (key in RESERVED_TAGS) return "is set by the platform itself and cannot be overridden";
        return undefined;
    }).default({})
        .meta({ description: "Further tags applied to every AWS resource." }),
});

const networkSection = z.strictObject({
    cidr: cidr("IPv4 CIDR of the VPC (RFC 1918 range, /16 to /20: the fixed subnet layout's smallest slots are 1/256 of it)."),
    availabilityZones: z.array(z.strictObject({
        zoneId: z.string().regex(ZONE_ID_PATTERN, "must be a zone ID such as use2-az1, not a zone name: `aws ec2 describe-availability-zones --query 'AvailabilityZones[].[ZoneName,ZoneId]'` lists both")
            .refine((id) => !EKS_UNSUPPORTED_ZONE_IDS.includes(id), `is a zone where EKS refuses cluster subnets (EKS user guide, subnet requirements for clusters: ${EKS_UNSUPPORTED_ZONE_IDS.join(", ")}), and every zone holds a control-plane subnet: choose another zone`)
            .meta({ description: "Zone ID (`use2-az1`): the same physical zone in every account, unlike a zone name." }),
        slot: z.number().int().min(0).max(MAX_ZONE_SLOTS - 1)
            .meta({ description: `The zone's slot (0 to ${MAX_ZONE_SLOTS - 1}) in every tier's region of the VPC: it fixes the addresses of the zone's subnets. A removed zone's slot may be reused once its subnets are gone.` }),
    }, { error: (issue) => issue.code === "invalid_type" ? "must be { zoneId, slot }, such as { zoneId: use2-az1, slot: 0 }: zones are named by zone ID, each with a fixed slot of the subnet layout" : undefined })).min(2, "must list at least 2 availability zones").max(MAX_ZONE_SLOTS, `must list at most ${MAX_ZONE_SLOTS} availability zones: each tier of the subnet layout has ${MAX_ZONE_SLOTS} zone slots`)
        .superRefine((zones, ctx) => {
            for (const problem of zoneProblems(zones)) ctx.addIssue({ code: "custom", path: problemPath(problem).slice(1), message: problem.message });
        })
        .meta({ description: `Zones the VPC spans, by zone ID, each in a fixed slot of the subnet layout: adding a zone in a free slot moves no subnet, removing one moves no other. At most ${MAX_ZONE_SLOTS}; prod needs 3.` }),
    subnetPrefixLengths: z.strictObject({
        public: z.number().int().default(24).meta({ description: "Prefix length of each public subnet (load balancers, NAT); at most its slot, 1/64 of the VPC (/22 in a /16)." }),
        private: z.number().int().default(19).meta({ description: "Prefix length of each private subnet (nodes and pods: the VPC CNI gives pods VPC addresses); at most its slot, 1/8 of the VPC (/19 in a /16)." }),
        database: z.number().int().default(24).meta({ description: "Prefix length of each isolated database subnet; at most its slot, 1/64 of the VPC (/22 in a /16)." }),
        controlPlane: z.number().int().default(27).meta({ description: "Prefix length of each subnet for the EKS control plane's network interfaces (EKS asks for at least 16 addresses); at most its slot, 1/256 of the VPC (/24 in a /16)." }),
    }).prefault({}),
    allowSubnetReplacement: z.boolean().default(false)
        .meta({ description: "Lets a change of `cidr`, `subnetPrefixLengths` or a zone's `slot` replace deployed subnets, and what runs in them. Without it the deployment stops at preview, naming the change. Set it for one deliberate migration, then back to false." }),
    natGateways: z.enum(["perAz", "single"]).default("perAz")
        .meta({ description: "`perAz`: one NAT gateway per AZ (no zonal single point of failure); `single`: one shared NAT (cheaper, dev)." }),
    flowLogs: z.strictObject({
        retentionDays: logRetentionDays(90, "Retention of the VPC flow-log group."),
        trafficType: z.enum(["ALL", "REJECT"]).default("ALL").meta({ description: "Traffic the flow logs record." }),
    }).prefault({}),
}).superRefine((n, ctx) => {
    const vpc = parseCidr(n.cidr);
    if (typeof vpc === "string") return; // reported on the field itself
    const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
    if (!privateRanges.some((range) => cidrContains(range, n.cidr))) {
        ctx.addIssue({ code: "custom", path: ["cidr"], message: `must lie in a private range (${privateRanges.join(", ")})` });
    }
    // Aligned blocks either nest or are disjoint.
    if (cidrContains(SERVICE_CIDR, n.cidr) || cidrContains(n.cidr, SERVICE_CIDR)) {
        ctx.addIssue({ code: "custom", path: ["cidr"], message: `must not overlap the cluster's service range ${SERVICE_CIDR}` });
    }
    if (vpc.prefixLength < 16 || vpc.prefixLength > 24) {
        ctx.addIssue({ code: "custom", path: ["cidr"], message: "must have a prefix length from /16 to /24 (AWS VPC limits)" });
        return;
    }
    const result = planSubnets(n.cidr, n.availabilityZones, n.subnetPrefixLengths);
    // The zones' own problems are reported by their field.
    const layoutProblems = result.ok ? [] : result.problems.filter((p) => p.field !== "slot" && p.field !== "zoneId");
    for (const problem of layoutProblems) ctx.addIssue({ code: "custom", path: problemPath(problem), message: problem.message });
});

const kmsSection = z.strictObject({
    deletionWindowDays: z.number().int().min(7).max(30).default(30)
        .meta({ description: "Days a deleted KMS key stays recoverable before AWS destroys it (and every byte encrypted with it)." }),
}).prefault({});

const iamSection = z.strictObject({
    permissionsBoundaryArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]+$/, "must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)").optional()
        .meta({ description: "Managed policy set as the permissions boundary of every IAM role the platform creates (service, node and IRSA roles), so no role can exceed it whatever policies it is given; the bootstrap project creates it. Default: none, which only dev allows (required in prod)." }),
    breakGlassRoleArn: roleArn.optional()
        .meta({ description: "The bootstrap's break-glass role (its `breakGlassRoleArn` output): the one administrator of the KMS keys and the only principal the backup buckets' policies let change their versioning, lifecycle, policy, replication and object lock. Required in prod; without it (and `deployRoleArn`) a dev stack's keys are administered by the account root." }),
    deployRoleArn: roleArn.optional()
        .meta({ description: "The bootstrap's deploy role (its `deployRoleArn` output), which runs `pulumi up`: named in every key policy to describe, tag, rotate and re-alias the key and update its policy. Required in prod." }),
}).prefault({});

const clusterSection = z.strictObject({
    kubernetesVersion: z.enum(SUPPORTED_KUBERNETES_VERSIONS).meta({ description: "Kubernetes minor version of the EKS control plane." }),
    endpointPublicAccessCidrs: z.array(cidr("CIDR")).default([])
        // The same limit as the pack's aws-eks-restrict-public-endpoint, so a stack config it would refuse fails here first.
        .superRefine((cidrs, ctx) => {
            // An entry that is no CIDR is reported at its own index.
            const problems = coverageProblems(cidrs.filter((c) => typeof parseCidrRange(c) !== "string"), DEFAULT_COVERAGE_LIMIT);
            if (problems.length > 0) ctx.addIssue({ code: "custom", message: `opens the public endpoint too wide: ${problems.join("; ")}` });
        })
        .meta({ description: "CIDRs allowed to reach the public API endpoint (together at most one /24 of IPv4 addresses, overlaps counted once); empty keeps the endpoint private only." }),
    adminRoleArns: z.array(roleArn).min(1, "must name at least one admin role: the cluster creator gets no implicit admin access")
        .meta({ description: "IAM roles granted cluster-admin through EKS access entries." }),
    readOnlyRoleArns: z.array(roleArn).default([]).meta({ description: "IAM roles granted read-only cluster access." }),
    logRetentionDays: logRetentionDays(90, "Retention of the control-plane log group."),
    deletionProtection: z.boolean().default(true).meta({ description: "EKS refuses to delete the cluster while this is on." }),
    nodeAmiReleaseVersion: z.string().regex(/^\d+\.\d+\.\d+-\d{8}$/, "must be an EKS AMI release such as 1.36.2-20261118").optional()
        .meta({ description: "AMI release every node group runs. Unset: the release EKS recommends for kubernetesVersion, read at every run, so the next `pulumi up` after an AMI release rolls the nodes onto it." }),
}).superRefine((c, ctx) => {
    if (c.nodeAmiReleaseVersion && !c.nodeAmiReleaseVersion.startsWith(`${c.kubernetesVersion}.`)) {
        ctx.addIssue({ code: "custom", path: ["nodeAmiReleaseVersion"], message: `must be a release of kubernetesVersion ${c.kubernetesVersion} (${c.kubernetesVersion}.x-YYYYMMDD): nodes run the control plane's minor` });
    }
    // EKS holds one access entry per principal, and IAM role names are unique regardless of case.
    const seen = new Map<string, string>();
    for (const [list, arns] of [["adminRoleArns", c.adminRoleArns], ["readOnlyRoleArns", c.readOnlyRoleArns]] as const) {
        arns.forEach((arn, i) => {
            const earlier = seen.get(arn.toLowerCase());
            if (earlier) ctx.addIssue({ code: "custom", path: [list, i], message: `repeats ${earlier}: a role gets one access entry` });
            else seen.set(arn.toLowerCase(), `${list}[${i}]`);
        });
    }
});

const taint = z.strictObject({
    key: z.string().min(1),
    value: z.string().default(""),
    effect: z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]),
});

const nodeGroup = z.strictObject({
    capacityType: z.enum(["ON_DEMAND", "SPOT"]).meta({ description: "Purchase option of the group's instances." }),
    instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as m7i.large")).min(1)
        .meta({ description: "Instance types; spot groups need several for capacity diversity." }),
    minSize: z.number().int().min(0).meta({ description: "Fewest nodes (per AZ when zonal)." }),
    desiredSize: z.number().int().min(0).meta({ description: "Nodes at creation; the cluster autoscaler owns it afterwards." }),
    maxSize: z.number().int().min(1).meta({ description: "Most nodes (per AZ when zonal)." }),
    zonal: z.boolean().default(false)
        .meta({ description: "One managed node group per AZ, each with these sizes: the autoscaler can then add a node in the zone a pending pod's EBS volume is in, and balance zones. Otherwise one group spans every AZ." }),
    diskSizeGiB: z.number().int().min(20).max(1000).default(50).meta({ description: "Encrypted gp3 root volume size." }),
    labels: z.record(z.string(), z.string()).default({}),
    taints: z.array(taint).default([]),
}).superRefine((g, ctx) => {
    if (g.desiredSize < g.minSize) ctx.addIssue({ code: "custom", path: ["desiredSize"], message: `must be ≥ minSize (${g.minSize})` });
    if (g.desiredSize > g.maxSize) ctx.addIssue({ code: "custom", path: ["desiredSize"], message: `must be ≤ maxSize (${g.maxSize})` });
    if (g.minSize > g.maxSize) ctx.addIssue({ code: "custom", path: ["maxSize"], message: `must be ≥ minSize (${g.minSize})` });
    if (new Set(g.instanceTypes).size !== g.instanceTypes.length) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes"], message: "must not repeat an instance type" });
    } else if (g.capacityType === "SPOT" && g.instanceTypes.length < 2) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes"], message: "a SPOT group needs at least 2 instance types to survive a capacity shortage of one" });
    }
    if (new Set(g.instanceTypes.map(instanceArchitecture)).size > 1) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes"], message: "must not mix arm64 (Graviton) and x86_64 instance types: a node group runs one AMI" });
    }
});

// 20 characters: an EKS node group name (≤ 63) is `<group>-<az>-` and a 26-character unique suffix (18 digits of time, 8 hex digits).
const nodeGroupsSection = namedMap(nodeGroup, lowerCaseName("node group", 20))
    .superRefine((groups, ctx) => {
        const system = groups["system"];
        if (!system) ctx.addIssue({ code: "custom", path: ["system"], message: "is required: the on-demand group that runs cluster add-ons" });
        else if (system.capacityType !== "ON_DEMAND") ctx.addIssue({ code: "custom", path: ["system", "capacityType"], message: "must be ON_DEMAND: add-ons must not run on interruptible capacity" });
    })
    .meta({ description: "Managed node groups by name; `system` (on-demand) is required." });

// Pinned chart versions: the newest stable releases of the upstream charts (mid 2026).
const addonsSection = z.strictObject({
    // 9.59.0 ships autoscaler 1.35; the image matching the cluster's minor is set by the add-on.
    clusterAutoscaler: z.strictObject({
        version: chartVersion("9.59.0"),
        replicas: z.number().int().min(1).max(3).default(2).meta({ description: "Replicas; more than one run with leader election, so one can fail or be drained." }),
    }).prefault({}),
    metricsServer: z.strictObject({
        version: chartVersion("3.13.1"),
        replicas: replicas(2, "Replicas; HPAs stop scaling while the metrics API is down, so prod runs at least 2."),
    }).prefault({}),
    verticalPodAutoscaler: z.strictObject({
        version: chartVersion("0.11.0"),
        updater: z.boolean().default(true).meta({ description: "Run the updater, which evicts pods whose VPA is in Recreate/InPlaceOrRecreate mode; off leaves VPAs as recommendations plus admission-time sizing." }),
        admissionController: z.boolean().default(true).meta({ description: "Run the admission controller, which applies recommendations to new pods (needed for any mode but Off)." }),
    }).prefault({}),
    nginxIngress: z.strictObject({
        version: chartVersion("2.6.4"),
        replicas: replicas(2, "Controller replicas behind the Network Load Balancer (prod ≥ 2, spread over zones)."),
    }).prefault({}),
    certManager: z.strictObject({
        version: chartVersion("v1.21.1"),
        issuer: z.enum(["letsencrypt-production", "letsencrypt-staging"]).default("letsencrypt-production")
            .meta({ description: "ClusterIssuer the platform's Ingresses use; staging issues untrusted certificates without production rate limits." }),
    }).prefault({}),
    kubePrometheusStack: z.strictObject({
        version: chartVersion("88.5.3"),
        // Installed before the stack, so that their upgrades follow the chart (Helm never upgrades a chart's crds/).
        operatorCrdsVersion: chartVersion("31.0.1", "Version of the prometheus-operator-crds chart; must carry the operator version of kube-prometheus-stack (31.0.1 and 88.5.3 both carry v0.93.1)."),
    }).prefault({}),
    velero: z.strictObject({
        version: chartVersion("12.1.0"),
        awsPluginVersion: z.string().regex(/^v\d+\.\d+\.\d+$/, "must be an exact image tag such as v1.14.2").default("v1.14.2")
            .meta({ description: "Tag of velero/velero-plugin-for-aws; plugin 1.14 goes with Velero 1.18 (chart 12.1)." }),
    }).prefault({}),
    externalDns: z.strictObject({
        enabled: z.boolean().default(false).meta({ description: "Manage the hostnames' DNS records in the hosted zone." }),
        version: chartVersion("1.21.1"),
    }).prefault({}),
    openTelemetryCollector: z.strictObject({
        version: chartVersion("0.170.0"),
        replicas: replicas(2, "Gateway collector replicas, spread over zones (prod ≥ 2): every service's spans pass through them."),
    }).prefault({}),
    fluentBit: z.strictObject({
        version: chartVersion("0.58.1", "Pinned version of the fluent/helm-charts fluent-bit chart (Fluent Bit 5.1.1)."),
    }).prefault({}),
    prometheusAdapter: z.strictObject({
        version: chartVersion("5.3.0", "Pinned version of the prometheus-community prometheus-adapter chart (adapter v0.12.0)."),
        replicas: replicas(2, "Replicas serving the custom metrics API; HPAs that scale on request rate stop scaling on it while none answers, so prod runs at least 2."),
    }).prefault({}),
    cloudwatchExporter: z.strictObject({
        version: chartVersion("0.47.0", "Pinned version of the prometheus-community prometheus-yet-another-cloudwatch-exporter chart (YACE v0.67.0)."),
    }).prefault({}),
}).prefault({});

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case DNS name");

const dnsSection = z.strictObject({
    zoneName: hostname.meta({ description: "DNS zone the platform's hostnames live in." }),
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone ID")
        .meta({ description: "Route 53 hosted zone of zoneName: cert-manager answers its DNS-01 challenges there, external-dns writes the hosts' records there." }),
    apiHost: hostname.meta({ description: "Public hostname of the gateway service." }),
    grafanaHost: hostname.meta({ description: "Hostname of Grafana." }),
    acmeEmail: z.email("must be an e-mail address").meta({ description: "Contact e-mail registered with Let's Encrypt." }),
}).superRefine((d, ctx) => {
    for (const key of ["apiHost", "grafanaHost"] as const) {
        if (!d[key].endsWith(`.${d.zoneName}`)) ctx.addIssue({ code: "custom", path: [key], message: `must be inside zoneName (${d.zoneName})` });
    }
});

const scaling = z.strictObject({
    min: z.number().int().min(1).meta({ description: "HPA minimum replicas." }),
    max: z.number().int().min(1).meta({ description: "HPA maximum replicas." }),
    targetCpuUtilization: z.number().int().min(10).max(100).meta({ description: "HPA CPU target, % of requests." }),
    targetMemoryUtilization: z.number().int().min(10).max(100).nullable().default(80)
        .meta({ description: "HPA memory target, % of requests; null: the HPA does not scale on memory (so a VPA may control it)." }),
    targetRequestsPerSecond: z.number().int().min(1).nullable().default(null)
        .meta({ description: "HPA request-rate target: HTTP requests per second per pod (the custom metric http_server_requests_per_second, served by the prometheus-adapter add-on); null: the service's load is not request-driven and the HPA does not scale on it." }),
}).superRefine((s, ctx) => {
    if (s.max < s.min) ctx.addIssue({ code: "custom", path: ["max"], message: `must be ≥ min (${s.min})` });
});

const verticalScaling = z.strictObject({
    mode: z.enum(["Off", "Initial", "Recreate", "InPlaceOrRecreate"]).default("Off")
        .meta({ description: "VPA update mode. Off: recommendations only (safe beside the HPA); the others change requests and may only control a resource the HPA does not scale on." }),
    controlledResources: z.array(z.enum(["cpu", "memory"])).min(1).default(["cpu", "memory"])
        .meta({ description: "Resources the VPA recommends (Off) or sets (other modes)." }),
}).prefault({});

const service = z.strictObject({ image, scaling, resources, verticalScaling });

const servicesSection = z.strictObject(
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, service])) as Record<string, typeof service>,
).meta({ description: "Per-stack image, scaling, resources and vertical scaling of each trading service (stacks/services)." });

const redisSection = z.strictObject({
    image: versionedImage("8.10.2-alpine", "Tag of Docker's official redis image, pulled through the account's ECR Public cache (public.ecr.aws/docker/library/redis)."),
    exporterImage: versionedImage(REDIS_EXPORTER_TAG, "Tag of the Redis metrics exporter image (v1.83.0 or later), pulled through the account's Quay cache (quay.io/oliver006/redis_exporter).").refine(
        (image) => compareVersions(image.tag, MIN_REDIS_EXPORTER_TAG) >= 0,
        { path: ["tag"], message: `must be ${MIN_REDIS_EXPORTER_TAG} or later: the exporter runs with --disable-scrape-endpoint, which older releases refuse` }),
    storageGiB: z.number().int().min(1).max(1000).default(10).meta({ description: "Size of the AOF persistence volume." }),
    resources: resources.prefault({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } }),
}).prefault({});

const databaseSection = z.strictObject({
    engineVersion: z.string().regex(/^\d+(\.\d+)?$/, "must be a PostgreSQL version such as 17 or 17.6").default("17")
        .meta({ description: "PostgreSQL engine version (major, or major.minor)." }),
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.medium"),
    allocatedStorageGiB: z.number().int().min(20).max(65536).default(50),
    maxAllocatedStorageGiB: z.number().int().min(20).max(65536).default(200).meta({ description: "Storage autoscaling ceiling." }),
    multiAz: z.boolean().meta({ description: "Synchronous standby in another AZ." }),
    deletionProtection: z.boolean().default(true),
    backupRetentionDays: z.number().int().min(1).max(35).default(14).meta({ description: "Automated backups and point-in-time recovery window." }),
    performanceInsights: z.boolean().default(false).meta({ description: "Performance Insights (7 days of query-level load history, KMS-encrypted)." }),
    enhancedMonitoringIntervalSeconds: z.literal([0, 1, 5, 10, 15, 30, 60])
        .default(0).meta({ description: "OS metrics interval of RDS enhanced monitoring; 0 turns it off." }),
    podSecurityGroup: z.boolean().default(true)
        .meta({ description: "The database admits only pods given its client security group by a SecurityGroupPolicy (the data service, the roles Job), not the cluster's security group that every node and host-network pod carries. Every node group's instance types must support branch network interfaces (no t2/t3/t3a/t4g or pre-Nitro families); false admits the cluster's security group." }),
    clientImage: z.strictObject({
        tag: z.string().regex(/^\d+\.\d+(-[\w.]+)?$/, "must be an exact postgres image tag such as 17.6-alpine").default("17.6-alpine")
            .meta({ description: "Tag of the official postgres image whose psql creates the services' roles (Docker's official docker/library/postgres, pulled through the account's ECR Public cache); its major version at least the engine's." }),
        digest: imageDigest,
    }).prefault({}),
}).superRefine((d, ctx) => {
    if (Number(d.clientImage.tag.split(".")[0]) < Number(d.engineVersion.split(".")[0])) {
        ctx.addIssue({ code: "custom", path: ["clientImage", "tag"], message: `must be of PostgreSQL ${d.engineVersion.split(".")[0]} or later, the engine's major version` });
    }
    if (d.maxAllocatedStorageGiB < d.allocatedStorageGiB) {
        ctx.addIssue({ code: "custom", path: ["maxAllocatedStorageGiB"], message: `must be ≥ allocatedStorageGiB (${d.allocatedStorageGiB})` });
    }
});

const cron = z.string().superRefine((expression, ctx) => {
    const parsed = parseCron(expression);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `must be a five-field cron expression: ${parsed.error}` });
});

const backupSchedule = z.strictObject({
    cron: cron.meta({ description: "When the backup runs, in UTC." }),
    ttlHours: z.number().int().min(1).meta({ description: "How long Velero keeps each backup." }),
    includedNamespaces: z.array(z.string().min(1)).min(1).meta({ description: "Namespaces in the backup; `*` for all." }),
    labelSelector: z.record(z.string(), z.string()).default({}).meta({ description: "Only objects with these labels (e.g. the stateful workloads)." }),
    includeClusterResources: z.boolean().default(false),
    snapshotVolumes: z.boolean().default(true),
});

const backupSection = z.strictObject({
    bucketRetentionDays: z.number().int().min(1).meta({ description: "Days the backup bucket keeps objects (lifecycle expiry)." }),
    noncurrentVersionRetentionDays: z.number().int().min(1).default(30)
        .meta({ description: "Days a deleted or overwritten backup object stays recoverable (versioning) before it expires." }),
    crossRegionReplication: z.boolean().default(true).meta({ description: "Replicate the backup bucket to aws.backupReplicaRegion." }),
    protectStorage: z.boolean().default(true)
        .meta({ description: "Pulumi refuses to delete the backup buckets and their KMS keys (a `pulumi destroy` stops at them). When false, `pulumi destroy` empties and deletes the buckets and the ECR repositories; the database and volumes keys are kept either way." }),
    replicationTimeControl: z.boolean().default(true)
        .meta({ description: "S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with metrics (needs crossRegionReplication)." }),
    schedules: namedMap(backupSchedule, lowerCaseName("schedule", 41))
        .meta({ description: "Velero schedules by name." }),
    lastRestoreDrill: z.iso.date("must be a date (YYYY-MM-DD)").optional().meta({ description: "Date of the last verified restore drill." }),
}).superRefine((b, ctx) => {
    if (!(b.bucketRetentionDays >= 1)) return; // reported on the field itself
    for (const [name, schedule] of Object.entries(b.schedules)) {
        if (schedule.ttlHours > b.bucketRetentionDays * 24) {
            ctx.addIssue({ code: "custom", path: ["schedules", name, "ttlHours"], message: `must be ≤ bucketRetentionDays × 24 (${b.bucketRetentionDays * 24}): the bucket would delete backups Velero still lists` });
        }
        if (b.protectStorage && schedule.ttlHours < 24) {
            ctx.addIssue({ code: "custom", path: ["schedules", name, "ttlHours"], message: "must be at least 24 while protectStorage is true: protected backup buckets lock every object for whole days, at most the shortest TTL" });
        }
    }
});

const objectivesSection = z.strictObject({
    availabilityPercent: z.number().min(90).max(100).default(99.9).meta({ description: "Availability target of the trading path." }),
    rpoMinutes: z.number().int().min(1).default(15).meta({ description: "Recovery point objective: most data loss allowed." }),
    rtoMinutes: z.number().int().min(1).default(30).meta({ description: "Recovery time objective: longest full-system recovery." }),
}).prefault({});

// ---------------------------------------------------------------- SLOs

const sloObjective = z.number().superRefine((percent, ctx) => {
    const problem = objectivePercentProblem(percent);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const serviceSlos = z.strictObject({
    availability: z.strictObject({
        objectivePercent: sloObjective.optional()
            .meta({ description: "Share of requests answered without a server error (5xx), in percent: below 100, and at least 93.1 so that the 14.4× page can fire. Default: `objectives.availabilityPercent`." }),
    }).prefault({}),
    latency: z.strictObject({
        objectivePercent: sloObjective.default(95)
            .meta({ description: "Share of requests answered within thresholdMs, in percent (below 100, at least 93.1); with thresholdMs 500 the default is the trading path's p95 < 500 ms target." }),
        thresholdMs: z.number().superRefine((ms, ctx) => {
            const problem = latencyThresholdProblem(ms / 1000);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        }).default(500).meta({ description: `A request answered within this many milliseconds is fast enough; one of the request-duration histogram's bucket bounds (${LATENCY_THRESHOLDS_MS.join(", ")}).` }),
    }).prefault({}),
}).prefault({});

/** The services on the trading path: those with SLOs unless `slos.services` says otherwise. */
const TRADING_PATH = SERVICES.filter((s) => s.priority === "trading").map((s) => s.name);

const slosSection = z.strictObject({
    periodDays: z.number().int().min(7).default(30)
        .meta({ description: "Days each error budget is counted over; at most monitoring.prometheusRetentionDays, since the budget is read from Prometheus. The alerts' burn rates are the SRE workbook's for 30 days." }),
    services: namedMap(serviceSlos, (key) => SERVICE_NAMES.includes(key) ? undefined : `is not a service${didYouMean(key, SERVICE_NAMES)} (services: ${SERVICE_NAMES.join(", ")})`)
        .prefault(Object.fromEntries(TRADING_PATH.map((name) => [name, {}])))
        .meta({ description: `Availability and latency SLOs by service, each turned into recording rules and burn-rate alerts. Default: the services on the trading path (${TRADING_PATH.join(", ")}), with the defaults below.` }),
}).prefault({});

/** The stack's SLOs with every default resolved; the availability objective defaults to `objectives.availabilityPercent`. */
export function stackSlos(config: Pick<StackConfig, "slos" | "objectives">): SloDefinition[] {
    return Object.entries(config.slos.services).flatMap(([service, slos]): SloDefinition[] => {
        const { probes } = SERVICES.find((s) => s.name === service)!;
        const common = { service, periodDays: config.slos.periodDays, excludedRoutes: [...new Set([probes.readinessPath, probes.livenessPath])] };
        return [
            { ...common, sli: "availability", objectivePercent: slos.availability.objectivePercent ?? config.objectives.availabilityPercent },
            { ...common, sli: "latency", objectivePercent: slos.latency.objectivePercent, thresholdSeconds: slos.latency.thresholdMs / 1000 },
        ];
    });
}

const budgetSection = z.strictObject({
    monthlyUsd: z.number().positive().optional()
        .meta({ description: "Monthly budget of the stack in USD: the policy `stack-cost-require-budget` fails the plan (advisory in dev) when the cost estimate at the node groups' maximum sizes exceeds it. Its `monthlyUsd` in policy-pack/config/<environment>.json must equal this (docs/cost.md)." }),
}).prefault({});

const tracesSection = z.strictObject({
    samplingPercent: z.number().min(0).max(100).default(10)
        .meta({ description: "Share (0–100) of the traces that are neither failed nor slow kept by tail sampling; failed and slow traces are always kept." }),
    slowTraceMs: z.number().int().min(1).max(60_000).default(500)
        .meta({ description: "A trace lasting at least this many milliseconds is slow and always kept; the default is the trading path's p95 latency target (500 ms)." }),
}).prefault({});

const httpsUrl = (description: string) => z.url({ protocol: /^https$/, error: "must be an https:// URL" }).meta({ description });

/** Identity-provider group names, which Grafana takes as a space- or comma-separated list and a JMESPath string. */
const ssoGroups = (role: string) => z.array(z.string().regex(/^[\w.@:/-]+$/, "must be a group name without spaces, commas or quotes")).default([])
    .meta({ description: `Identity-provider groups whose members get Grafana's ${role} role.` });

const grafanaSso = z.strictObject({
    authUrl: httpsUrl("The identity provider's OIDC authorization endpoint."),
    tokenUrl: httpsUrl("The identity provider's OIDC token endpoint."),
    userinfoUrl: httpsUrl("The identity provider's OIDC userinfo endpoint (Grafana's api_url)."),
    clientId: text("Grafana's OAuth client ID at the identity provider."),
    scopes: z.array(z.string().regex(/^[\w:./-]+$/, "must be an OAuth scope (no spaces)")).default(["openid", "email", "profile"])
        .refine((scopes) => scopes.includes("openid"), "must include openid")
        .meta({ description: "Scopes Grafana asks for; add the one that puts the groups claim in the token if the identity provider needs it (e.g. `groups`)." }),
    groupsClaim: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a claim name (letters, digits, _)").default("groups")
        .meta({ description: "The claim of the ID token or userinfo that lists the user's groups." }),
    roles: z.strictObject({ Admin: ssoGroups("Admin"), Editor: ssoGroups("Editor"), Viewer: ssoGroups("Viewer") })
        .meta({ description: "Grafana role per identity-provider group; users in none of the groups cannot sign in." }),
}).superRefine((sso, ctx) => {
    if (Object.values(sso.roles).every((groups) => groups.length === 0)) ctx.addIssue({ code: "custom", path: ["roles"], message: "must name at least one group, or nobody could sign in" });
});

/** Thresholds of the in-cluster alerts (components/observability/alerts); the trading system's targets where it has them. */
const alertsSection = z.strictObject({
    errorRatePercent: z.number().gt(0).max(100).default(1)
        .meta({ description: "HighErrorRate fires when more than this share of a service's requests answer 5xx for 10 minutes (the trading system's error-rate target: < 1 %)." }),
    latencyP95Ms: z.number().int().min(5).max(60_000).default(500)
        .meta({ description: "HighResponseTime fires when a service's 95th-percentile request duration exceeds this for 10 minutes (the trading system's target: p95 < 500 ms)." }),
    minRequestsPerSecond: z.number().min(0).default(1)
        .meta({ description: "Request rate (and Redis lookup rate) below which the error-rate, latency and cache-hit alerts stay silent: at a handful of requests one failure is not a rate." }),
    cpuUtilizationPercent: z.number().int().min(10).max(1000).default(90)
        .meta({ description: "HighCPUUsage fires when a service's pods use more than this share of their CPU requests for 15 minutes; above every HPA target, so it means the autoscaler cannot keep up." }),
    cacheHitRatePercent: z.number().gt(0).max(100).default(80)
        .meta({ description: "LowCacheHitRate fires when fewer Redis lookups than this hit for 30 minutes." }),
    redisMemoryPercent: z.number().gt(0).max(100).default(90)
        .meta({ description: "RedisMemoryHigh fires above this share of Redis's maxmemory; Redis refuses writes at 100 % (noeviction)." }),
    tradingFailurePercent: z.number().gt(0).max(100).default(5)
        .meta({ description: "TradingFailures (orders) and SignalFailures (signal computations) fire above this failure share." }),
    authFailuresPerSecond: z.number().gt(0).default(5)
        .meta({ description: "SecurityBreaches fires when the gateway refuses more credentials than this per second for 5 minutes." }),
    marketDataMaxAgeSeconds: z.number().int().min(1).default(300)
        .meta({ description: "MarketDataStale fires when the newest quote of a provider is older than this for 5 minutes." }),
}).prefault({});

const monitoringSection = z.strictObject({
    prometheusRetentionDays: z.number().int().min(1).max(365).default(15),
    prometheusStorageGiB: z.number().int().min(10).max(4096).default(50),
    grafanaExposure: z.enum(["ingress", "none"]).default("ingress")
        .meta({ description: "`ingress`: Grafana behind TLS ingress (prod: with SSO only, `grafanaSso`); `none`: port-forward only." }),
    // null when unset, so the invariants below can tell "not configured" from "invalid" (left out).
    grafanaSso: grafanaSso.nullable().default(null)
        .meta({ description: "Grafana's single sign-on (OIDC, Grafana's generic_oauth) with the organisation's identity provider; turns the login form off. Its client secret is `grafanaSsoClientSecret`." }),
    runbooksUrl: httpsUrl("Where docs/runbooks.md is published (the repository's file view); each alert's runbook_url is this URL plus `#<the alert's heading>`."),
    alerts: alertsSection,
    slackChannels: z.strictObject({
        critical: z.string().regex(/^#[\w-]+$/, "must be a Slack channel such as #alerts").meta({ description: "Channel for critical alerts." }),
        warning: z.string().regex(/^#[\w-]+$/, "must be a Slack channel such as #alerts").meta({ description: "Channel for warnings." }),
        ticket: z.string().regex(/^#[\w-]+$/, "must be a Slack channel such as #alerts").meta({ description: "Low-noise channel for `ticket` alerts: work for office hours, batched every 30 minutes." }),
    }),
    alertRoutes: namedMap(
        z.enum(CHANNEL_NAMES, { error: `must name a channel of monitoring.slackChannels: ${CHANNEL_NAMES.join(", ")}` }),
        (key) => {
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return "alert names are identifiers (letters, digits, _)";
            if (PLATFORM_ROUTED_ALERTS.includes(key)) return "is routed by the platform itself (Watchdog to the dead man's switch, InfoInhibitor nowhere)";
            return undefined;
        },
    ).default({}).meta({ description: "Alerts sent to a channel other than their severity's, by alert name: `{ HighCPUUsage: ticket }`." }),
});

const observabilitySection = z.strictObject({
    logs: z.strictObject({
        retentionDays: logRetentionDays(30, "Retention of the containers' log groups, `/aws/eks/<cluster>/containers/<namespace>` (one per namespace, and `unlisted` for namespaces the platform does not create)."),
        outageMinutes: z.number().int().min(5).max(1440).default(120)
            .meta({ description: "Longest CloudWatch Logs outage each node's filesystem buffer bridges without losing a record, at `nodeLogRateKiBPerSecond`." }),
        nodeLogRateKiBPerSecond: z.number().int().min(1).max(10240).default(64)
            .meta({ description: "Peak log volume of one node's containers, which sizes the buffer with `outageMinutes`." }),
    }).prefault({}),
    traces: tracesSection,
}).prefault({});

const authSection = z.strictObject({
    jwtKeyIds: z.array(z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be a lower-case id such as 2026-11 (a-z, 0-9, -)")).min(1).max(3).default(["initial"])
        .superRefine((ids, ctx) => {
            for (const [i, id] of ids.entries()) if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: [i], message: `repeats ${id}` });
        })
        .meta({ description: "JWT signing keys by id, each generated once and kept while its id is listed (the id is its generator's keeper). The first signs; the others still verify. Rotate by putting a new id first, drop the old one after the longest token lifetime." }),
}).prefault({});

const kubernetesGroup = z.string().regex(/^[a-z0-9]([a-z0-9:.-]{0,62}[a-z0-9])?$/, "must be a Kubernetes group name (a-z, 0-9, :, ., -)")
    // system: groups are Kubernetes' own; binding system:authenticated would give the role to everyone.
    .refine((g) => !g.startsWith("system:"), "must not be a system: group, which Kubernetes itself assigns");

const operatorRole = (group: string, what: string) => z.strictObject({
    groups: z.array(kubernetesGroup).default([group]).meta({ description: `Kubernetes groups bound to the ${what} role in the application namespace.` }),
    roleArns: z.array(roleArn).default([]).meta({ description: "IAM roles given an EKS access entry in these groups, and no other rights in the cluster." }),
}).prefault({});

const workloadAccessSection = z.strictObject({
    readers: operatorRole("signal-trading-readers", "read-only"),
    deployers: operatorRole("signal-trading-deployers", "deployer (rollouts, restarts; no secrets, no exec)"),
}).prefault({});

const admissionSection = z.strictObject({
    requireImageDigest: z.boolean().default(false)
        .meta({ description: "The API server refuses application pods whose images carry no digest (`@sha256:...`), whoever creates them; required in prod, where the services are pinned by digest." }),
}).prefault({});

// ---------------------------------------------------------------- the whole stack

/** Every config key of the project, in the order the reference documents them. */
export const configSections = {
    environment: z.enum(["dev", "prod"]).meta({ description: "Environment of the stack, which must be named `<environment>` or `<environment>-<suffix>`; selects the prod invariants below." }),
    aws: awsSection,
    tags: tagsSection,
    kms: kmsSection,
    iam: iamSection,
    network: networkSection,
    cluster: clusterSection,
    nodeGroups: nodeGroupsSection,
    addons: addonsSection,
    dns: dnsSection,
    services: servicesSection,
    redis: redisSection,
    database: databaseSection,
    backup: backupSection,
    objectives: objectivesSection,
    slos: slosSection,
    budget: budgetSection,
    monitoring: monitoringSection,
    observability: observabilitySection,
    auth: authSection,
    workloadAccess: workloadAccessSection,
    admission: admissionSection,
    slackWebhookUrl: secretText("Slack incoming-webhook URL Alertmanager posts to."),
    deadMansSwitchUrl: secretText("The dead man's switch ping URL (Healthchecks.io, Cronitor, PagerDuty's or Opsgenie's heartbeat...) Alertmanager sends the Watchdog alert to every minute; the service alarms when the pings stop."),
    grafanaSsoClientSecret: secretText("Grafana's OAuth client secret at the identity provider; required with `monitoring.grafanaSso`.").optional(),
    apiKeys: namedMap(secretText("API key"), (key) => (/^[a-zA-Z][\w-]*$/.test(key) ? undefined : "API key names are identifiers (letters, digits, _ and -)")).default({})
        .meta({ description: "External API keys by name, mounted into the services as files.", secret: true }),
};

export type ConfigKey = keyof typeof configSections;
export type StackConfig = { [K in ConfigKey]: z.output<(typeof configSections)[K]> };

/** The whole schema as one object, for the reference documentation. */
export const stackConfigSchema = z.strictObject(configSections);

/** A problem in the config, at a path below `signal-trading:`. */
export interface ConfigProblem {
    path: string;
    message: string;
}

interface Invariant {
    /** Dotted paths of the values the check reads; it runs when every one of them is valid. */
    needs: string[];
    check(config: StackConfig, report: (path: string, message: string) => void): void;
}

const prodOnly = (check: Invariant["check"]): Invariant["check"] => (config, report) => {
    if (config.environment === "prod") check(config, report);
};

/** Invariants that join config keys or fields; each runs once the values it needs are valid. */
const invariants: Invariant[] = [
    {
        needs: ["observability.logs.outageMinutes", "observability.logs.nodeLogRateKiBPerSecond", "nodeGroups"],
        check: ({ observability, nodeGroups }, report) => {
            // Fluent Bit's buffer shares the node's root volume with images and pod logs: at most a tenth of the smallest.
            const bufferGiB = (bufferMiB(observability.logs) * OUTPUT_COUNT) / 1024;
            const [smallest, group] = Object.entries(nodeGroups).map(([name, g]) => [g.diskSizeGiB, name] as const).sort((a, b) => a[0] - b[0])[0] ?? [];
            if (smallest !== undefined && bufferGiB > smallest / 10) {
                report("observability.logs.outageMinutes", `with nodeLogRateKiBPerSecond ${observability.logs.nodeLogRateKiBPerSecond} needs ${bufferGiB.toFixed(1)} GiB of log buffer per node (${OUTPUT_COUNT} outputs), more than a tenth of node group ${group}'s ${smallest} GiB disk: shorten the outage, or enlarge nodeGroups.${group}.diskSizeGiB`);
            }
        },
    },
    {
        needs: ["database.podSecurityGroup", "nodeGroups"],
        check: ({ database, nodeGroups }, report) => {
            if (!database.podSecurityGroup) return;
            for (const [group, { instanceTypes }] of Object.entries(nodeGroups)) {
                instanceTypes.forEach((type, i) => {
                    if (!supportsPodSecurityGroups(type)) report(`nodeGroups.${group}.instanceTypes[${i}]`, `${type} cannot give pods security groups of their own, which database.podSecurityGroup needs: choose a Nitro type such as m7i.large, or set database.podSecurityGroup to false`);
                });
            }
        },
    },
    {
        needs: ["monitoring.alerts.cpuUtilizationPercent", "services"],
        check: ({ monitoring, services }, report) => {
            // At or below an HPA's target the alert would fire whenever the autoscaler is merely doing its job.
            const highest = Object.entries(services).sort((a, b) => b[1].scaling.targetCpuUtilization - a[1].scaling.targetCpuUtilization)[0];
            if (highest && monitoring.alerts.cpuUtilizationPercent <= highest[1].scaling.targetCpuUtilization) {
                report("monitoring.alerts.cpuUtilizationPercent", `must exceed every service's HPA CPU target (services.${highest[0]}.scaling.targetCpuUtilization is ${highest[1].scaling.targetCpuUtilization}), or HighCPUUsage fires while the autoscaler is still scaling`);
            }
        },
    },
    {
        needs: ["environment", "monitoring.grafanaExposure", "monitoring.grafanaSso"],
        check: prodOnly(({ monitoring }, report) => {
            if (monitoring.grafanaExposure === "ingress" && !monitoring.grafanaSso) {
                report("monitoring.grafanaSso", "is required in prod while monitoring.grafanaExposure is ingress: Grafana on the public load balancer needs the organisation's SSO, not a local password (or set grafanaExposure: none)");
            }
        }),
    },
    {
        needs: ["monitoring.grafanaSso"],
        check: ({ monitoring, grafanaSsoClientSecret }, report) => {
            if (monitoring.grafanaSso && grafanaSsoClientSecret === undefined) report("grafanaSsoClientSecret", "is required with monitoring.grafanaSso: pulumi config set --secret grafanaSsoClientSecret <value>");
            if (!monitoring.grafanaSso && grafanaSsoClientSecret !== undefined) report("grafanaSsoClientSecret", "is set but monitoring.grafanaSso is not, so nothing uses it: remove it or configure grafanaSso");
        },
    },
    {
        needs: ["aws.region", "network.availabilityZones"],
        check: ({ aws, network }, report) => network.availabilityZones.forEach(({ zoneId }, i) => {
            if (!isZoneOfRegion(zoneId, aws.region)) report(`network.availabilityZones[${i}].zoneId`, `must be a zone ID of aws.region (${aws.region}), such as ${zoneIdPrefix(aws.region)}-az1`);
        }),
    },
    {
        needs: ["environment", "network.availabilityZones"],
        check: prodOnly(({ network }, report) => {
            if (network.availabilityZones.length < 3) report("network.availabilityZones", `prod must span at least 3 availability zones (has ${network.availabilityZones.length})`);
        }),
    },
    {
        needs: ["environment", "network.natGateways"],
        check: prodOnly(({ network }, report) => {
            if (network.natGateways !== "perAz") report("network.natGateways", "prod must use perAz: a single NAT gateway takes every AZ's egress down with its own");
        }),
    },
    {
        needs: ["environment", "services"],
        check: prodOnly(({ services }, report) => {
            for (const [name, service] of Object.entries(services)) {
                if (service.scaling.min < 2) report(`services.${name}.scaling.min`, `prod needs at least 2 replicas for the availability target (has ${service.scaling.min})`);
            }
        }),
    },
    {
        needs: ["environment", "database.multiAz"],
        check: prodOnly(({ database }, report) => {
            if (!database.multiAz) report("database.multiAz", "prod must be true: the system of record cannot depend on one AZ");
        }),
    },
    {
        needs: ["environment", "database.deletionProtection"],
        check: prodOnly(({ database }, report) => {
            if (!database.deletionProtection) report("database.deletionProtection", "prod must be true: the system of record must not be deletable by one command");
        }),
    },
    {
        needs: ["environment", "database.performanceInsights", "database.enhancedMonitoringIntervalSeconds"],
        check: prodOnly(({ database }, report) => {
            if (!database.performanceInsights) report("database.performanceInsights", "prod must be true: diagnosing a slow system of record needs its query history");
            if (database.enhancedMonitoringIntervalSeconds === 0) report("database.enhancedMonitoringIntervalSeconds", "prod must turn enhanced monitoring on (1 to 60 seconds)");
        }),
    },
    {
        needs: ["environment", "iam"],
        check: prodOnly(({ iam }, report) => {
            if (!iam.permissionsBoundaryArn) report("iam.permissionsBoundaryArn", "is required in prod: without a boundary, a role's policies alone decide what it may do");
            if (!iam.breakGlassRoleArn) report("iam.breakGlassRoleArn", "is required in prod: the keys and the backup buckets' protections are administered by the break-glass role alone");
            if (!iam.deployRoleArn) report("iam.deployRoleArn", "is required in prod: the key policies name the role that runs `pulumi up`");
        }),
    },
    {
        needs: ["environment", "addons.clusterAutoscaler.replicas"],
        check: prodOnly(({ addons }, report) => {
            if (addons.clusterAutoscaler.replicas < 2) report("addons.clusterAutoscaler.replicas", "prod needs at least 2: a drained or failed autoscaler must not stop scaling");
        }),
    },
    {
        needs: ["environment", "addons.openTelemetryCollector.replicas"],
        check: prodOnly(({ addons }, report) => {
            if (addons.openTelemetryCollector.replicas < 2) report("addons.openTelemetryCollector.replicas", "prod needs at least 2: every service's spans pass through the collector, which must survive a node's loss");
        }),
    },
    {
        needs: ["environment", "cluster.deletionProtection"],
        check: prodOnly(({ cluster }, report) => {
            if (!cluster.deletionProtection) report("cluster.deletionProtection", "prod must be true: the cluster must not be deletable by one command");
        }),
    },
    {
        needs: ["environment", "backup.protectStorage", "backup.replicationTimeControl"],
        check: prodOnly(({ backup }, report) => {
            if (!backup.protectStorage) report("backup.protectStorage", "prod must be true: a `pulumi destroy` must not take the backups and their keys");
            if (!backup.replicationTimeControl) report("backup.replicationTimeControl", "prod must be true: the copy in the other region must be at most 15 minutes behind, like the RPO");
        }),
    },
    {
        needs: ["environment", "backup.crossRegionReplication"],
        check: prodOnly(({ backup }, report) => {
            if (!backup.crossRegionReplication) report("backup.crossRegionReplication", "prod must be true: backups must survive the loss of the region");
        }),
    },
    {
        needs: ["slos.services", "objectives.availabilityPercent"],
        check: ({ slos, objectives }, report) => {
            const inheriting = Object.entries(slos.services).filter(([, s]) => s.availability.objectivePercent === undefined).map(([name]) => name);
            const problem = objectivePercentProblem(objectives.availabilityPercent);
            if (inheriting.length > 0 && problem) {
                report("objectives.availabilityPercent", `${problem} (it is the availability objective of the SLOs of ${inheriting.join(", ")}; or set slos.services.<name>.availability.objectivePercent)`);
            }
        },
    },
    {
        needs: ["slos.periodDays", "monitoring.prometheusRetentionDays"],
        check: ({ slos, monitoring }, report) => {
            if (slos.periodDays > monitoring.prometheusRetentionDays) {
                report("slos.periodDays", `must be ≤ monitoring.prometheusRetentionDays (${monitoring.prometheusRetentionDays}): the error budget left is counted from what Prometheus still keeps`);
            }
        },
    },
    {
        needs: ["objectives.rpoMinutes"],
        check: ({ objectives }, report) => {
            // RDS point-in-time recovery restores to within 5 minutes; that is what backs the RPO for the database.
            if (objectives.rpoMinutes < 5) report("objectives.rpoMinutes", "must be ≥ 5: RDS point-in-time recovery, which backs the database's RPO, restores to within 5 minutes");
        },
    },
    {
        needs: ["objectives.rpoMinutes", "backup.schedules"],
        check: ({ objectives, backup }, report) => {
            const intervals = Object.values(backup.schedules).filter((s) => s.snapshotVolumes).map((s) => maxIntervalMinutes(s.cron));
            const shortest = Math.min(...intervals);
            if (!(shortest <= objectives.rpoMinutes)) {
                const found = Number.isFinite(shortest) ? `the most frequent runs every ${shortest} minutes at worst` : "none runs at least weekly";
                report("backup.schedules", `no schedule snapshots volumes at least every ${objectives.rpoMinutes} minutes (objectives.rpoMinutes); ${found}`);
            }
        },
    },
    {
        needs: ["environment", "addons.metricsServer.replicas", "addons.nginxIngress.replicas", "addons.prometheusAdapter.replicas"],
        check: prodOnly(({ addons }, report) => {
            if (addons.metricsServer.replicas < 2) report("addons.metricsServer.replicas", "prod needs at least 2: HPAs cannot scale while the metrics API is down");
            if (addons.prometheusAdapter.replicas < 2) report("addons.prometheusAdapter.replicas", "prod needs at least 2: HPAs cannot scale on request rate while the custom metrics API is down");
            if (addons.nginxIngress.replicas < 2) report("addons.nginxIngress.replicas", "prod needs at least 2: every request enters through the ingress controller");
        }),
    },
    {
        needs: ["addons.verticalPodAutoscaler.updater", "addons.verticalPodAutoscaler.admissionController"],
        check: ({ addons }, report) => {
            const vpa = addons.verticalPodAutoscaler;
            if (vpa.updater && !vpa.admissionController) report("addons.verticalPodAutoscaler.updater", "needs admissionController: the updater evicts pods so that the admission controller resizes them, without it pods restart unchanged");
        },
    },
    {
        needs: ["services", "addons.verticalPodAutoscaler"],
        check: ({ services, addons }, report) => {
            for (const [name, { scaling, verticalScaling }] of Object.entries(services)) {
                if (verticalScaling.mode === "Off") continue;
                const path = `services.${name}.verticalScaling`;
                const scaledOn = { cpu: "scaling.targetCpuUtilization", memory: "scaling.targetMemoryUtilization" } as const;
                for (const resource of verticalScaling.controlledResources) {
                    if (resource === "memory" && scaling.targetMemoryUtilization === null) continue;
                    report(`${path}.controlledResources`, `mode ${verticalScaling.mode} would set ${resource}, which the HPA scales on (services.${name}.${scaledOn[resource]}), and the two would fight; use mode Off, or control only memory with scaling.targetMemoryUtilization: null`);
                }
                if (!addons.verticalPodAutoscaler.admissionController) report(`${path}.mode`, `${verticalScaling.mode} needs addons.verticalPodAutoscaler.admissionController, which applies the VPA's values to new pods`);
                if (verticalScaling.mode !== "Initial" && !addons.verticalPodAutoscaler.updater) report(`${path}.mode`, `${verticalScaling.mode} needs addons.verticalPodAutoscaler.updater, which resizes running pods`);
            }
        },
    },
    {
        needs: ["environment", "services", "redis", "database"],
        check: prodOnly(({ services, redis, database }, report) => {
            const images: [string, { digest?: string }][] = [
                ...Object.entries(services).map(([name, s]): [string, { digest?: string }] => [`services.${name}.image`, s.image]),
                ["redis.image", redis.image], ["redis.exporterImage", redis.exporterImage], ["database.clientImage", database.clientImage],
            ];
            for (const [path, image] of images) {
                if (!image.digest) report(`${path}.digest`, "is required in prod: a tag can be moved to other image bytes, a digest cannot");
            }
        }),
    },
    {
        needs: ["environment", "admission.requireImageDigest"],
        check: prodOnly(({ admission }, report) => {
            if (!admission.requireImageDigest) report("admission.requireImageDigest", "must be true in prod: a pod created outside the program (kubectl, a restore) must be pinned like the program's own");
        }),
    },
    {
        needs: ["workloadAccess"],
        check: ({ workloadAccess }, report) => {
            // The deployer Role patches Deployments and StatefulSets; a group meant to read would get those rights too.
            workloadAccess.readers.groups.forEach((group, i) => {
                if (workloadAccess.deployers.groups.includes(group)) report(`workloadAccess.readers.groups[${i}]`, `${group} is also a deployer group, which may patch Deployments and StatefulSets: list each group under one role`);
            });
        },
    },
    {
        needs: ["apiKeys"],
        check: ({ apiKeys }, report) => {
            for (const { key, service } of requiredApiKeys()) {
                if (!(key in apiKeys)) report(`apiKeys.${key}`, `is required by the ${service} service: pulumi config set --secret --path 'apiKeys.${key}' <value>`);
            }
        },
    },
    {
        needs: ["cluster.adminRoleArns", "cluster.readOnlyRoleArns", "workloadAccess"],
        check: ({ cluster, workloadAccess }, report) => {
            // EKS allows one access entry per IAM principal and cluster; a role in both operator lists gets one entry with both groups.
            const clusterWide = new Map<string, string>([...cluster.adminRoleArns.map((a): [string, string] => [a.toLowerCase(), "cluster.adminRoleArns"]), ...cluster.readOnlyRoleArns.map((a): [string, string] => [a.toLowerCase(), "cluster.readOnlyRoleArns"])]);
            for (const role of ["readers", "deployers"] as const) {
                workloadAccess[role].roleArns.forEach((arn, i) => {
                    const list = clusterWide.get(arn.toLowerCase());
                    if (list) report(`workloadAccess.${role}.roleArns[${i}]`, `is already in ${list}: an IAM role has one access entry per cluster`);
                });
            }
        },
    },
];

/** The object schema under default/prefault/optional wrappers, if the section is an object. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
    let current: z.ZodType = schema;
    for (let def = current._zod.def as { innerType?: z.ZodType }; def.innerType; def = current._zod.def as { innerType?: z.ZodType }) current = def.innerType;
    return current instanceof z.ZodObject ? (current.shape as Record<string, z.ZodType>) : undefined;
}

/** The fields of an invalid object section that are valid on their own, so invariants can still use them. */
function validFields(key: ConfigKey, raw: unknown): Record<string, unknown> | undefined {
    const shape = objectShape(configSections[key]);
    if (!shape) return undefined;
    const values = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const [field, schema] of Object.entries(shape)) {
        const result = schema.safeParse(values[field]);
        if (result.success) fields[field] = result.data;
    }
    return fields;
}

function valueAt(config: Record<string, unknown>, dottedPath: string): unknown {
    return dottedPath.split(".").reduce<unknown>((value, part) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined), config);
}

/** Formats a zod issue path the way `pulumi config set --path` spells it. */
function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, part) => typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part), "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
    if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return `is required (${issue.expected})`;
    return issue.message;
}

/** The schema under its default/optional/pipe wrappers. */
function unwrapSchema(schema: z.ZodType): z.ZodType {
    let current = schema;
    for (;;) {
        const def = current._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
        const inner = def.innerType ?? def.in;
        if (!inner) return current;
        current = inner;
    }
}

/** The keys an object accepts at `path` inside `schema`, if the value there is an object with fixed keys. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
    let current: z.ZodType | undefined = schema;
    for (const part of path) {
        const unwrapped = unwrapSchema(current);
        current = unwrapped instanceof z.ZodObject ? (unwrapped.shape as Record<string, z.ZodType>)[String(part)]
            : unwrapped instanceof z.ZodArray ? (unwrapped.element as z.ZodType)
            : unwrapped instanceof z.ZodRecord ? (unwrapped.valueType as z.ZodType)
            : undefined;
        if (current === undefined) return undefined;
    }
    const target = unwrapSchema(current);
    return target instanceof z.ZodObject ? Object.keys(target.shape) : undefined;
}

/** What to say of a key the schema does not know: the nearest valid key, and every valid one. */
export function unknownKeyMessage(key: string, validKeys: readonly string[] | undefined, what = "unknown key"): string {
    if (!validKeys) return what;
    return `${what}${didYouMean(key, validKeys)} (valid keys here: ${validKeys.join(", ")})`;
}

/** zod's issues as problems by config path, below `under`; `schema`, the one that raised them, names the valid keys. */
export function issueProblems(issues: readonly z.core.$ZodIssue[], under: PropertyKey[] = [], schema?: z.ZodType): ConfigProblem[] {
    return issues.flatMap((issue) => issue.code === "unrecognized_keys"
        ? issue.keys.map((extra) => ({
            path: formatPath([...under, ...issue.path, extra]),
            message: unknownKeyMessage(extra, schema && keysAt(schema, issue.path)),
        }))
        : [{ path: formatPath([...under, ...issue.path]), message: describeIssue(issue) }]);
}

export type ParseResult = { ok: true; config: StackConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates raw config values (already JSON-decoded, keyed without the namespace). Every
 * problem is reported, by path; nothing is thrown.
 */
export function parseStackConfig(raw: Record<string, unknown>): ParseResult {
    const problems: ConfigProblem[] = [];
    const known = Object.keys(configSections) as ConfigKey[];

    for (const key of Object.keys(raw)) {
        if (!(known as string[]).includes(key)) problems.push({ path: key, message: unknownKeyMessage(key, known, "unknown config key") });
    }
    // Valid sections whole, invalid object sections by their valid fields: enough for the invariants.
    const usable: Record<string, unknown> = {};
    for (const key of known) {
        const result = configSections[key].safeParse(raw[key]);
        if (result.success) {
            usable[key] = result.data;
            continue;
        }
        const fields = validFields(key, raw[key]);
        if (fields) usable[key] = fields;
        problems.push(...issueProblems(result.error.issues, [key], configSections[key]));
    }
    for (const invariant of invariants) {
        if (invariant.needs.every((path) => valueAt(usable, path) !== undefined)) {
            invariant.check(usable as StackConfig, (path, message) => problems.push({ path, message }));
        }
    }
    // Without problems every section parsed, so `usable` is the whole config.
    return problems.length === 0 ? { ok: true, config: usable as StackConfig } : { ok: false, problems };
}

/** The entries of `apiKeys` that the services use, each with the service that needs it. */
export function requiredApiKeys(): { key: string; service: string }[] {
    return SERVICES.flatMap((service) => service.uses.apiKeys.map((key) => ({ key, service: service.name })));
}

/** The config keys that hold secrets (marked `secret` in their schema): set with `--secret`. */
export function secretConfigKeys(): ConfigKey[] {
    return (Object.keys(configSections) as ConfigKey[]).filter((key) => {
        const meta = z.toJSONSchema(configSections[key], { io: "input" }) as { secret?: boolean };
        return meta.secret === true;
    });
}
