import { strict as assert } from "node:assert";
import { CostResource, DEFAULT_ASSUMPTIONS, estimateCost, storageGB } from "../lib/cost";
import { HOURS_PER_MONTH, PRICES, PriceTable } from "../lib/prices";

/** A small table with round figures, so every expected number can be checked by hand. */
const TABLE: PriceTable = {
    "us-east-1": {
        "eks.cluster": { usd: 0.1, unit: "hour", source: "test" },
        "ec2.m7i.large": { usd: 0.1, unit: "hour", source: "test" },
        "ec2.m7i.xlarge": { usd: 0.2, unit: "hour", source: "test" },
        "ec2.m6i.xlarge": { usd: 0.19, unit: "hour", source: "test" },
        "ec2.m7a.xlarge": { usd: null, unit: "hour", source: "test", note: "not read" },
        "ebs.gp3": { usd: 0.08, unit: "GB-month", source: "test" },
        "vpc.natGateway": { usd: 0.045, unit: "hour", source: "test" },
        "vpc.natGatewayData": { usd: 0.045, unit: "GB", source: "test" },
        "rds.postgres.db.r7g.large": { usd: 0.2, unit: "hour", source: "test" },
        "rds.gp3": { usd: 0.1, unit: "GB-month", source: "test" },
        "rds.backup": { usd: 0.1, unit: "GB-month", source: "test" },
        "s3.standard": { usd: 0.02, unit: "GB-month", source: "test" },
        "s3.interRegionTransfer": { usd: 0.02, unit: "GB", source: "test" },
        "s3.replicationTimeControl": { usd: 0.015, unit: "GB", source: "test" },
        "elb.nlb": { usd: 0.02, unit: "hour", source: "test" },
        "elb.nlbLcu": { usd: 0.01, unit: "hour", source: "test" },
        "logs.ingest": { usd: 0.5, unit: "GB", source: "test" },
        "logs.storage": { usd: 0.03, unit: "GB-month", source: "test" },
    },
};

const provider = (region: string) => ({ props: { region } });
let n = 0;
function res(type: string, props: Record<string, any>, region: string | undefined = "us-east-1", extra: Partial<CostResource> = {}): CostResource {
    n++;
    const name = extra.name ?? `r${n}`;
    return { urn: `urn:pulumi:test::p::${type}::${name}`, type, name, props, provider: region === undefined ? undefined : provider(region), ...extra };
}
const cluster = () => res("aws:eks/cluster:Cluster", { name: "c" });
const group = (desired: number, max: number, instanceTypes: string[], capacityType = "ON_DEMAND", diskGB = 50) =>
    res("aws:eks/nodeGroup:NodeGroup", { scalingConfig: { minSize: 0, desiredSize: desired, maxSize: max }, instanceTypes, capacityType }, "us-east-1", {
        propertyDependencies: { launchTemplate: [{ type: "aws:ec2/launchTemplate:LaunchTemplate", props: { blockDeviceMappings: [{ ebs: { volumeSize: diskGB, volumeType: "gp3" } }] } }] },
    });
const estimate = (resources: CostResource[], assumptions = DEFAULT_ASSUMPTIONS) => estimateCost(resources, assumptions, TABLE);
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} ≠ ${expected}`);

describe("estimateCost", () => {
    it("prices the control plane by the hour", () => {
        const e = estimate([cluster()]);
        close(e.total.desired, 0.1 * HOURS_PER_MONTH);
        close(e.total.max, 0.1 * HOURS_PER_MONTH);
    });

    it("prices an on-demand node group at its desired and at its maximum size, instances and root volumes", () => {
        const e = estimate([group(2, 5, ["m7i.large"])]);
        close(e.total.desired, 2 * 0.1 * HOURS_PER_MONTH + 2 * 50 * 0.08);
        close(e.total.max, 5 * 0.1 * HOURS_PER_MONTH + 5 * 50 * 0.08);
        assert.deepEqual(e.missing, []);
    });

    it("prices a spot group at the discount of the assumptions on its dearest priced type, and names the types without a figure", () => {
        const e = estimate([group(0, 4, ["m6i.xlarge", "m7i.xlarge", "m7a.xlarge"], "SPOT", 20)], { ...DEFAULT_ASSUMPTIONS, spotDiscountPercent: 60 });
        close(e.total.desired, 0);
        close(e.total.max, 4 * 0.2 * 0.4 * HOURS_PER_MONTH + 4 * 20 * 0.08);
        assert.deepEqual(e.missing.map((m) => [m.region, m.price, m.reason, m.resources.length]), [["us-east-1", "ec2.m7a.xlarge", "not read", 1]]);
    });

    it("names every type of a group of which none is priced", () => {
        const e = estimate([group(1, 2, ["m6a.xlarge", "m7a.xlarge"])]);
        assert.deepEqual(e.missing.map((m) => m.price), ["ec2.m6a.xlarge", "ec2.m7a.xlarge"]);
        close(e.total.max, 2 * 50 * 0.08);
    });

    it("prices NAT gateways by the hour and the assumed GB processed", () => {
        const e = estimate([res("aws:ec2/natGateway:NatGateway", {}), res("aws:ec2/natGateway:NatGateway", {})], { ...DEFAULT_ASSUMPTIONS, natGatewayGBPerMonth: 200 });
        close(e.total.max, 2 * (0.045 * HOURS_PER_MONTH + 200 * 0.045));
    });

    it("doubles a Multi-AZ database's instance and storage, grows storage to maxAllocatedStorage at the maximum, and bills backups beyond the free allowance", () => {
        const props = { instanceClass: "db.r7g.large", multiAz: true, allocatedStorage: 100, maxAllocatedStorage: 400, storageType: "gp3", backupRetentionPeriod: 14, performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 7 };
        const e = estimate([res("aws:rds/instance:Instance", props)], { ...DEFAULT_ASSUMPTIONS, databaseDailyChangePercent: 10 });
        close(e.total.desired, 2 * 0.2 * HOURS_PER_MONTH + 2 * 100 * 0.1 + 100 * 0.1 * 14 * 0.1);
        close(e.total.max, 2 * 0.2 * HOURS_PER_MONTH + 2 * 400 * 0.1 + 400 * 0.1 * 14 * 0.1);
        // Seven days of Performance Insights are free: no line needs a figure for them.
        assert.deepEqual(e.missing, []);
        const longer = estimate([res("aws:rds/instance:Instance", { ...props, performanceInsightsRetentionPeriod: 31 })]);
        assert.deepEqual(longer.missing.map((m) => m.price), ["rds.performanceInsightsExtended"]);
    });

    it("prices replication transfer and Replication Time Control per GB written, and each bucket's storage in its own region", () => {
        const replication = res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", {
            rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", replicationTime: { status: "Enabled", time: { minutes: 15 } } } }],
        });
        const primary = res("aws:s3/bucket:Bucket", {}, "us-east-1", { name: "backups-primary" });
        const replica = res("aws:s3/bucket:Bucket", {}, "us-west-2", { name: "backups-replica" });
        const e = estimate([replication, primary, replica], { ...DEFAULT_ASSUMPTIONS, backupWrittenGBPerMonth: 100, backupStoredGB: 1000 });
        close(e.total.max, 100 * 0.02 + 100 * 0.015 + 1000 * 0.02);
        // The table has no us-west-2: the replica's storage is named with its region, not guessed.
        assert.deepEqual(e.missing.map((m) => [m.region, m.price, m.reason, m.resources]), [["us-west-2", "s3.standard", "the price table has no region us-west-2", ["backups-replica"]]]);
    });

    it("prices the volumes and load balancers that Kubernetes objects and chart values make, in the cluster's region", () => {
        const statefulSet = res("kubernetes:apps/v1:StatefulSet", { spec: { replicas: 2, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage: "20Gi" } } } }] } }, undefined);
        const release = res("kubernetes:helm.sh/v3:Release", {
            chart: "kube-prometheus-stack",
            values: {
                prometheus: { prometheusSpec: { replicas: 2, storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "100Gi" } } } } } } },
                controller: { service: { type: "LoadBalancer" } },
            },
        }, undefined);
        const e = estimate([cluster(), statefulSet, release]);
        close(e.total.max, 0.1 * HOURS_PER_MONTH + 2 * 20 * 0.08 + 2 * 100 * 0.08 + (0.02 + 0.01) * HOURS_PER_MONTH);
        assert.ok(e.lines.filter((l) => l.resourceType.startsWith("kubernetes:")).every((l) => l.region === "us-east-1"));
    });

    it("spreads the nodes' container logs over the container log groups, at the desired and the maximum node count, and keeps what the retention keeps", () => {
        const groups = ["a", "b"].map((ns) => res("aws:cloudwatch/logGroup:LogGroup", { name: `/aws/eks/c/containers/${ns}`, retentionInDays: 60 }));
        const e = estimate([group(1, 3, ["m7i.large"], "ON_DEMAND", 0), ...groups], { ...DEFAULT_ASSUMPTIONS, containerLogKiBPerSecondPerNode: 1 });
        const gbPerNode = (HOURS_PER_MONTH * 3600) / 2 ** 20;
        const logs = (nodes: number) => nodes * gbPerNode * (0.5 + 0.03 * 2);
        close(e.total.desired, 0.1 * HOURS_PER_MONTH + logs(1));
        close(e.total.max, 3 * 0.1 * HOURS_PER_MONTH + logs(3));
    });

    it("names a stack's region the table lacks, with every figure the stack needs there", () => {
        const e = estimateCost([res("aws:eks/cluster:Cluster", {}, "eu-west-1"), res("aws:ec2/natGateway:NatGateway", {}, "eu-west-1")], DEFAULT_ASSUMPTIONS, TABLE);
        assert.equal(e.total.max, 0);
        assert.deepEqual(e.missing.map((m) => `${m.region} ${m.price}`), ["eu-west-1 eks.cluster", "eu-west-1 vpc.natGateway", "eu-west-1 vpc.natGatewayData"]);
        assert.ok(e.missing.every((m) => m.reason === "the price table has no region eu-west-1"));
    });

    it("reports AWS resource types it neither prices nor knows to be free", () => {
        const e = estimate([res("aws:elasticache/cluster:Cluster", {}), res("aws:iam/role:Role", {}), res("signal-trading:cluster:EksCluster", {}, undefined), res("kubernetes:core/v1:ConfigMap", {}, undefined)]);
        assert.deepEqual(e.unclassifiedTypes, ["aws:elasticache/cluster:Cluster"]);
    });

    it("reads Kubernetes storage quantities as the GiB AWS bills", () => {
        assert.equal(storageGB("20Gi"), 20);
        assert.equal(storageGB("1Ti"), 1024);
        assert.equal(storageGB("512Mi"), 0.5);
        assert.equal(storageGB("nonsense"), 0);
    });
});

describe("the price table", () => {
    it("gives every figure a source page and a unit, and says why a figure is missing", () => {
        for (const [region, figures] of Object.entries(PRICES)) {
            for (const [key, figure] of Object.entries(figures)) {
                assert.match(figure.source, /^https:\/\//, `${region} ${key}`);
                assert.ok(figure.usd === null ? (figure.note ?? "").length > 10 : figure.usd > 0, `${region} ${key}: a null figure needs its reason`);
            }
        }
    });
});
