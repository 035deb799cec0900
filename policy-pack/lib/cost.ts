/**
 * The stack's monthly cost estimate from its resources: what each priced resource costs at the
 * node groups' desired sizes and at their maximum sizes, by the price table (lib/prices.ts) and
 * the usage assumptions of the budget policy's config. One pure function, `estimateCost`, serves
 * the budget policy and `npm run plan -- --cost`, so both print and judge the same numbers.
 */
import { HOURS_PER_MONTH, PriceFigure, PriceTable } from "./prices";

/** A resource as a stack policy sees it: outputs as props, its provider's inputs. */
export interface CostResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, any>;
    provider?: { props: Record<string, any> };
    propertyDependencies?: Record<string, { type: string; props: Record<string, any> }[]>;
}

/** Usage the resources do not say; each is a stated assumption (docs/cost.md). */
export interface CostAssumptions {
    /** Spot price as a discount on the on-demand price of the group's dearest priced type, in per cent. */
    spotDiscountPercent: number;
    /** Data each NAT gateway processes a month, in GB. */
    natGatewayGBPerMonth: number;
    /** NLCUs each Network Load Balancer uses an hour. */
    nlbCapacityUnits: number;
    /** Average log volume of one node's containers (the peak is observability.logs.nodeLogRateKiBPerSecond). */
    containerLogKiBPerSecondPerNode: number;
    /** Control-plane log volume a month, in GB. */
    controlPlaneLogGBPerMonth: number;
    /** VPC flow-log volume a month, in GB. */
    flowLogGBPerMonth: number;
    /** Volume of any other log group a month, in GB. */
    otherLogGroupGBPerMonth: number;
    /** Data held in each backup bucket (and its replica), in GB. */
    backupStoredGB: number;
    /** Data held in each access-log bucket, in GB. */
    accessLogStoredGB: number;
    /** New backup data a month, each GB replicated once, in GB. */
    backupWrittenGBPerMonth: number;
    /** Requests to each KMS key a month. */
    kmsRequestsPerKeyPerMonth: number;
    /** Share of the database's storage that changes a day, in per cent: its backups beyond the free allowance. */
    databaseDailyChangePercent: number;
    /** Images held in each ECR repository, in GB. */
    ecrStoredGBPerRepository: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
    spotDiscountPercent: 50,
    natGatewayGBPerMonth: 100,
    nlbCapacityUnits: 1,
    containerLogKiBPerSecondPerNode: 8,
    controlPlaneLogGBPerMonth: 30,
    flowLogGBPerMonth: 20,
    otherLogGroupGBPerMonth: 1,
    backupStoredGB: 100,
    accessLogStoredGB: 1,
    backupWrittenGBPerMonth: 50,
    kmsRequestsPerKeyPerMonth: 100_000,
    databaseDailyChangePercent: 5,
    ecrStoredGBPerRepository: 5,
};

/** The two scales of the estimate: node groups (and what follows them) at desired and at maximum size. */
export interface Scaled {
    desired: number;
    max: number;
}

export interface CostLine {
    urn: string;
    resource: string;
    resourceType: string;
    region: string;
    /** What is charged: "on-demand m7i.large instance-hours", "storage", ... */
    item: string;
    /** The price table's key. */
    price: string;
    unit: PriceFigure["unit"];
    quantity: Scaled;
    /** Null when the table has no figure: the line then adds nothing and is listed as missing. */
    unitUsd: number | null;
    monthlyUsd: Scaled;
}

export interface MissingFigure {
    region: string;
    price: string;
    /** Names of the resources that needed it. */
    resources: string[];
    /** Why the table lacks it. */
    reason: string;
}

export interface CostEstimate {
    lines: CostLine[];
    total: Scaled;
    /** Figures the estimate needed and the table lacks: the total is a lower bound while any is listed. */
    missing: MissingFigure[];
    /** Resource types neither priced nor known to be free: not counted. */
    unclassifiedTypes: string[];
}

/**
 * What each AWS resource type costs by itself. `priced`: the estimate charges it. `free`: no
 * charge of its own (the reason says where its cost shows, if anywhere). A type of the plan in
 * neither list is reported as unclassified, and tools/cost/cost.test.ts fails on it.
 */
export const PRICED_TYPES = {
    "aws:eks/cluster:Cluster": "control plane by the hour",
    "aws:eks/nodeGroup:NodeGroup": "instances and root volumes at the desired and maximum sizes",
    "aws:ec2/natGateway:NatGateway": "by the hour and per GB processed",
    "aws:ec2/eip:Eip": "public IPv4 address by the hour",
    "aws:rds/instance:Instance": "instance class, Multi-AZ, storage, backups beyond the free allowance, Performance Insights",
    "aws:s3/bucket:Bucket": "Standard storage",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": "replication transfer and Replication Time Control",
    "aws:kms/key:Key": "the key by the month and its requests",
    "aws:cloudwatch/logGroup:LogGroup": "ingestion and storage",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "per alarm by the month",
    "aws:ecr/repository:Repository": "image storage",
    "aws:lb/loadBalancer:LoadBalancer": "by the hour and capacity units",
    "aws:secretsmanager/secret:Secret": "per secret by the month",
    "kubernetes:core/v1:Service": "a Service of type LoadBalancer is a Network Load Balancer",
    "kubernetes:apps/v1:StatefulSet": "its volume claim templates are gp3 volumes",
    "kubernetes:core/v1:PersistentVolumeClaim": "a gp3 volume",
    "kubernetes:helm.sh/v3:Release": "LoadBalancer Services and volume claim templates in its values",
} as const;

export const FREE_TYPES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "no charge of its own",
    "aws:ec2/subnet:Subnet": "no charge of its own",
    "aws:ec2/routeTable:RouteTable": "no charge of its own",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "no charge of its own",
    "aws:ec2/internetGateway:InternetGateway": "no charge of its own; data out to the internet is not counted",
    "aws:ec2/securityGroup:SecurityGroup": "no charge",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "no charge",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "no charge",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "no charge",
    "aws:ec2/launchTemplate:LaunchTemplate": "no charge; its root volumes are counted with the node group",
    "aws:ec2/flowLog:FlowLog": "charged as the logs of its log group",
    "aws:eks/addon:Addon": "no charge; its pods run on the nodes",
    "aws:eks/accessEntry:AccessEntry": "no charge",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "no charge",
    "aws:iam/role:Role": "no charge",
    "aws:iam/rolePolicy:RolePolicy": "no charge",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "no charge",
    "aws:iam/policy:Policy": "no charge",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "no charge",
    "aws:kms/alias:Alias": "no charge",
    "aws:rds/parameterGroup:ParameterGroup": "no charge",
    "aws:rds/subnetGroup:SubnetGroup": "no charge",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "no charge; transitions and expirations are request-level charges",
    "aws:s3/bucketLogging:BucketLogging": "no charge; the log objects are counted as the log bucket's storage",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "no charge",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "no charge",
    "aws:s3/bucketPolicy:BucketPolicy": "no charge",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "no charge",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "no charge; SSE-KMS requests are counted with the key",
    "aws:s3/bucketVersioning:BucketVersioning": "no charge; noncurrent versions are within the backup storage assumption",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": "no charge; its metrics are custom metrics, not counted",
    "aws:cloudwatch/queryDefinition:QueryDefinition": "no charge; queries are charged per GB scanned, not counted",
    "aws:sns/topic:Topic": "no charge of its own; notifications are request-level charges",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "no charge",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "no charge",
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": "no charge; what it caches is ECR storage of repositories created on first pull, outside the plan",
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": "no charge",
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": "no charge for BASIC scanning; ENHANCED scanning is Amazon Inspector's per-image charge, not counted",
    "aws:secretsmanager/secretVersion:SecretVersion": "no charge of its own; the secret is priced",
};

/** Types that are no AWS resource of their own: Pulumi providers, the platform's components, random values, and Kubernetes objects (their pods run on the nodes). */
export function isNeverCharged(type: string): boolean {
    if (Object.hasOwn(PRICED_TYPES, type)) return false;
    return ["pulumi:", "random:", "signal-trading:", "kubernetes:"].some((prefix) => type.startsWith(prefix));
}

/** What the estimate does not count: docs/cost.md says the same. */
export const NOT_COUNTED = [
    "data transfer out to the internet, and between availability zones",
    "request-level charges that the resources do not reveal: S3 requests, SNS notifications, CloudWatch Logs Insights scans, custom metrics, the CloudWatch exporter's GetMetricData reads (a few dollars a month)",
    "EBS snapshots (Velero volume snapshots, RDS manual snapshots) and their copies",
    "the public IPv4 addresses of internet-facing load balancers",
    "images the ECR pull-through caches hold (their repositories are created on first pull, outside the plan)",
    "RDS enhanced monitoring (its OS metrics are CloudWatch Logs ingestion of the RDSOSMetrics group)",
    "taxes, support plans, savings plans and reserved instances",
];

const GIB_PER_KIB_SECOND_MONTH = (HOURS_PER_MONTH * 3600) / 2 ** 20;
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
/** Root volume of an EKS managed node group without a launch template (EKS's default diskSize). */
const EKS_DEFAULT_DISK_GB = 20;
const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";

const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Record<string, any> | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : undefined);
const same = (n: number): Scaled => ({ desired: n, max: n });

/** "20Gi" → GB as AWS bills them (GiB). */
export function storageGB(quantity: unknown): number {
    const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(String(quantity ?? "").trim());
    if (!match) return 0;
    const factor: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10, K: 1e3 / 2 ** 30, M: 1e6 / 2 ** 30, G: 1e9 / 2 ** 30, T: 1e12 / 2 ** 30 };
    return Number(match[1]) * (match[2] ? factor[match[2]] : 1 / 2 ** 30);
}

/** Object O holding a value V with `volumeClaimTemplate.spec.resources.requests.storage`: that storage × O.replicas (chart values of operators such as Prometheus'). */
function claimTemplatesIn(values: unknown): { gb: number; replicas: number }[] {
    const found: { gb: number; replicas: number }[] = [];
    const walk = (v: unknown) => {
        if (Array.isArray(v)) return v.forEach(walk);
        const o = record(v);
        if (!o) return;
        for (const child of Object.values(o)) {
            const storage = record(record(child)?.volumeClaimTemplate)?.spec?.resources?.requests?.storage;
            if (storage !== undefined) found.push({ gb: storageGB(storage), replicas: num(o.replicas, 1) });
            walk(child);
        }
    };
    walk(values);
    return found;
}

/** Objects `{ type: "LoadBalancer" }` in chart values: each becomes a load balancer. */
function loadBalancersIn(values: unknown): number {
    if (Array.isArray(values)) return values.reduce((n: number, v) => n + loadBalancersIn(v), 0);
    const o = record(values);
    if (!o) return 0;
    return (o.type === "LoadBalancer" ? 1 : 0) + Object.values(o).reduce((n: number, v) => n + loadBalancersIn(v), 0);
}

/** The region of a resource's AWS provider; undefined for other providers (Kubernetes, Helm). */
const providerRegion = (r: CostResource): string | undefined => (typeof r.provider?.props?.region === "string" ? r.provider.props.region : undefined);

/**
 * The estimate. What a Kubernetes object or Helm release makes AWS create (volumes, load
 * balancers) is priced in the region of the stack's EKS cluster, else in `defaultRegion`. Every
 * figure a line needs and the table lacks is listed in `missing`; such a line adds nothing.
 */
export function estimateCost(resources: readonly CostResource[], assumptions: CostAssumptions, prices: PriceTable, defaultRegion = ""): CostEstimate {
    const lines: CostLine[] = [];
    const missing = new Map<string, MissingFigure>();
    const cluster = resources.find((r) => r.type === "aws:eks/cluster:Cluster");
    const clusterRegion = (cluster && providerRegion(cluster)) ?? defaultRegion;
    const regionOf = (r: CostResource) => providerRegion(r) ?? clusterRegion;
    const figure = (region: string, price: string) => prices[region]?.[price];
    const add = (r: CostResource, item: string, price: string, quantity: Scaled, unit?: PriceFigure["unit"], factor = 1) => {
        const region = regionOf(r);
        const f = figure(region, price);
        const usd = f?.usd ?? null;
        if (usd === null) {
            const key = `${region}\u0000${price}`;
            const entry = missing.get(key) ?? { region, price, resources: [], reason: f?.note ?? (prices[region] ? "not in the price table" : `the price table has no region ${region || "(none)"}`) };
            if (!entry.resources.includes(r.name)) entry.resources.push(r.name);
            missing.set(key, entry);
        }
        const unitUsd = usd === null ? null : usd * factor;
        lines.push({
            urn: r.urn, resource: r.name, resourceType: r.type, region, item, price, unit: f?.unit ?? unit ?? "month", quantity, unitUsd,
            monthlyUsd: { desired: (unitUsd ?? 0) * quantity.desired, max: (unitUsd ?? 0) * quantity.max },
        });
    };

    const groups = resources.filter((r) => r.type === NODE_GROUP);
    const nodes: Scaled = groups.reduce((sum, g) => {
        const scaling = record(g.props.scalingConfig) ?? {};
        return { desired: sum.desired + num(scaling.desiredSize), max: sum.max + num(scaling.maxSize) };
    }, same(0));

    const containerGroups = resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && /\/containers\//.test(String(r.props.name ?? "")));
    for (const r of resources) {
        const p = r.props;
        switch (r.type) {
            case "aws:eks/cluster:Cluster":
                add(r, "control plane", "eks.cluster", same(HOURS_PER_MONTH));
                break;
            case NODE_GROUP: {
                const scaling = record(p.scalingConfig) ?? {};
                const count: Scaled = { desired: num(scaling.desiredSize), max: num(scaling.maxSize) };
                const template = (r.propertyDependencies?.launchTemplate ?? []).find((d) => d.type === LAUNCH_TEMPLATE);
                const listed = list(p.instanceTypes).map(String);
                const types = listed.length > 0 ? listed : [String(template?.props.instanceType ?? EKS_DEFAULT_INSTANCE_TYPE)];
                const region = regionOf(r);
                // The autoscaler may launch any listed type: the group is priced at its dearest priced one.
                const priced = types.map((t) => ({ t, usd: figure(region, `ec2.${t}`)?.usd ?? null }));
                const dearest = priced.filter((x) => x.usd !== null).sort((a, b) => b.usd! - a.usd!)[0]?.t;
                const basis = dearest ?? types[0];
                // Every type without a figure is named, also when a priced one stands in for it.
                for (const { t } of priced.filter((x) => x.usd === null && x.t !== basis)) add(r, `${t} instance-hours (no figure: priced as ${basis})`, `ec2.${t}`, same(0), "hour");
                const spot = p.capacityType === "SPOT";
                const hours: Scaled = { desired: count.desired * HOURS_PER_MONTH, max: count.max * HOURS_PER_MONTH };
                add(r, spot ? `spot ${basis} instance-hours (${assumptions.spotDiscountPercent}% off on-demand)` : `on-demand ${basis} instance-hours`, `ec2.${basis}`, hours, "hour",
                    spot ? 1 - assumptions.spotDiscountPercent / 100 : 1);
                const ebs = record(list(template?.props.blockDeviceMappings).map((m) => record(m)?.ebs).find((e) => e !== undefined));
                const diskGB = num(ebs?.volumeSize, num(p.diskSize, EKS_DEFAULT_DISK_GB));
                add(r, `root volumes, ${diskGB} GB gp3 per node`, "ebs.gp3", { desired: count.desired * diskGB, max: count.max * diskGB }, "GB-month");
                break;
            }
            case "aws:ec2/natGateway:NatGateway":
                add(r, "gateway-hours", "vpc.natGateway", same(HOURS_PER_MONTH));
                add(r, `data processed (${assumptions.natGatewayGBPerMonth} GB assumed)`, "vpc.natGatewayData", same(assumptions.natGatewayGBPerMonth));
                break;
            case "aws:ec2/eip:Eip":
                add(r, "public IPv4 address-hours", "vpc.publicIpv4", same(HOURS_PER_MONTH));
                break;
            case "aws:lb/loadBalancer:LoadBalancer":
                if (p.loadBalancerType === "network") nlb(r, "load balancer");
                else add(r, `${p.loadBalancerType ?? "application"} load balancer-hours`, `elb.${p.loadBalancerType ?? "application"}`, same(HOURS_PER_MONTH));
                break;
            case "kubernetes:core/v1:Service":
                if (p.spec?.type === "LoadBalancer") nlb(r, `Service ${p.metadata?.namespace ?? "default"}/${p.metadata?.name ?? r.name}`);
                break;
            case "kubernetes:apps/v1:StatefulSet":
                for (const t of list(p.spec?.volumeClaimTemplates)) {
                    const gb = storageGB(record(t)?.spec?.resources?.requests?.storage) * num(p.spec?.replicas, 1);
                    add(r, `volume claim ${record(t)?.metadata?.name ?? ""} (gp3)`, "ebs.gp3", same(gb), "GB-month");
                }
                break;
            case "kubernetes:core/v1:PersistentVolumeClaim":
                add(r, "volume (gp3)", "ebs.gp3", same(storageGB(p.spec?.resources?.requests?.storage)), "GB-month");
                break;
            case "kubernetes:helm.sh/v3:Release": {
                const chart = String(p.chart ?? r.name).split("/").pop();
                for (const c of claimTemplatesIn(p.values)) add(r, `${chart}: volume claim template × ${c.replicas} (gp3)`, "ebs.gp3", same(c.gb * c.replicas), "GB-month");
                for (let i = 0; i < loadBalancersIn(p.values); i++) nlb(r, `${chart}: LoadBalancer Service`);
                break;
            }
            case "aws:rds/instance:Instance": {
                const copies = p.multiAz === true ? 2 : 1;
                const az = copies === 2 ? "Multi-AZ" : "Single-AZ";
                add(r, `${p.instanceClass} ${az} instance-hours`, `rds.postgres.${p.instanceClass}`, same(HOURS_PER_MONTH), "hour", copies);
                const allocated = num(p.allocatedStorage);
                const storage: Scaled = { desired: allocated, max: Math.max(allocated, num(p.maxAllocatedStorage, allocated)) };
                add(r, `${p.storageType ?? "gp3"} storage, ${az} (allocated, and at maxAllocatedStorage)`, "rds.gp3", storage, "GB-month", copies);
                // The first full copy is free (100% of the provisioned storage); each retained day adds its changes.
                const backup = (gb: number) => gb * (assumptions.databaseDailyChangePercent / 100) * num(p.backupRetentionPeriod);
                add(r, `backup storage beyond the free allowance (${assumptions.databaseDailyChangePercent}% changed a day × ${num(p.backupRetentionPeriod)} days)`, "rds.backup",
                    { desired: backup(storage.desired), max: backup(storage.max) }, "GB-month");
                if (p.performanceInsightsEnabled === true && num(p.performanceInsightsRetentionPeriod, 7) > 7) {
                    add(r, `Performance Insights, ${p.performanceInsightsRetentionPeriod} days' retention`, "rds.performanceInsightsExtended", same(1), "month");
                }
                break;
            }
            case "aws:s3/bucket:Bucket": {
                const logs = /-logs(-[0-9a-f]+)?$/.test(r.name) || /-logs$/.test(String(p.bucket ?? ""));
                const gb = logs ? assumptions.accessLogStoredGB : assumptions.backupStoredGB;
                add(r, `Standard storage (${gb} GB assumed${logs ? ", access logs" : ""})`, "s3.standard", same(gb));
                break;
            }
            case "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
                for (const rule of list(p.rules).map(record).filter((x) => x?.status === "Enabled")) {
                    const gb = assumptions.backupWrittenGBPerMonth;
                    add(r, `replication to another region (${gb} GB a month assumed)`, "s3.interRegionTransfer", same(gb));
                    if (record(rule?.destination?.replicationTime)?.status === "Enabled") add(r, "Replication Time Control", "s3.replicationTimeControl", same(gb), "GB");
                }
                break;
            case "aws:kms/key:Key":
                add(r, "customer managed key", "kms.key", same(1));
                add(r, `requests (${assumptions.kmsRequestsPerKeyPerMonth} a month assumed)`, "kms.requests", same(assumptions.kmsRequestsPerKeyPerMonth / 10_000));
                break;
            case "aws:cloudwatch/logGroup:LogGroup": {
                const name = String(p.name ?? r.name);
                const perGroup = (n: number) => (n * assumptions.containerLogKiBPerSecondPerNode * GIB_PER_KIB_SECOND_MONTH) / Math.max(containerGroups.length, 1);
                const [what, gb]: [string, Scaled] = /\/containers\//.test(name)
                    ? [`container logs (${assumptions.containerLogKiBPerSecondPerNode} KiB/s a node, shared by ${containerGroups.length} groups)`, { desired: perGroup(nodes.desired), max: perGroup(nodes.max) }]
                    : /^\/aws\/eks\/[^/]+\/cluster$/.test(name) ? ["control-plane logs", same(assumptions.controlPlaneLogGBPerMonth)]
                    : /^\/aws\/vpc\//.test(name) ? ["flow logs", same(assumptions.flowLogGBPerMonth)]
                    : ["logs", same(assumptions.otherLogGroupGBPerMonth)];
                add(r, `${what}: ingestion`, "logs.ingest", gb);
                // Steady state: what the retention keeps; a group that never expires is counted at a year.
                const months = (num(p.retentionInDays) || 365) / 30;
                add(r, `${what}: storage (${num(p.retentionInDays) || "no"} days' retention)`, "logs.storage", { desired: gb.desired * months, max: gb.max * months });
                break;
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                add(r, "metric alarm", "cloudwatch.alarm", same(1));
                break;
            case "aws:secretsmanager/secret:Secret":
                add(r, "secret", "secretsmanager.secret", same(1));
                break;
            case "aws:ecr/repository:Repository":
                add(r, `image storage (${assumptions.ecrStoredGBPerRepository} GB assumed)`, "ecr.storage", same(assumptions.ecrStoredGBPerRepository));
                break;
            default:
                break;
        }
    }

    function nlb(r: CostResource, what: string) {
        add(r, `${what}: Network Load Balancer-hours`, "elb.nlb", same(HOURS_PER_MONTH));
        add(r, `${what}: ${assumptions.nlbCapacityUnits} NLCU an hour assumed`, "elb.nlbLcu", same(HOURS_PER_MONTH * assumptions.nlbCapacityUnits));
    }

    const unclassifiedTypes = [...new Set(resources.map((r) => r.type))]
        .filter((t) => !Object.hasOwn(PRICED_TYPES, t) && !Object.hasOwn(FREE_TYPES, t) && !isNeverCharged(t)).sort();
    const total = lines.reduce((sum, l) => ({ desired: sum.desired + l.monthlyUsd.desired, max: sum.max + l.monthlyUsd.max }), same(0));
    return { lines, total, missing: [...missing.values()].sort((a, b) => a.region.localeCompare(b.region) || a.price.localeCompare(b.price)), unclassifiedTypes };
}
