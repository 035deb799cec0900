/** The architecture diagram: drawn from the plan's resources, deterministic, and docs/architecture.svg current. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureConsole } from "../../test/console";
import { PROJECT_ROOT } from "../offline/run-program";
import { architecture, architectureDot, DiagramResource, renderArchitectureSvg } from "./diagram";
import { main } from "./main";
import { runPlan, toResourceUnderTest } from "./plan";

const STACK_URN = "urn:pulumi:prod::signal-trading::";
let counter = 0;
const resource = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<DiagramResource> = {}): DiagramResource =>
    ({ urn: `${STACK_URN}${type}::${name}-${counter++}`, type, name, inputs, outputs: {}, ...extra });

const PRIMARY = resource("pulumi:providers:aws", "aws", { region: "us-east-1" });
const REPLICA = resource("pulumi:providers:aws", "aws-replica", { region: "us-west-2" });
const app = (name: string) => ({ "app.kubernetes.io/name": name });
const deployment = (name: string) => resource("kubernetes:apps/v1:Deployment", `${name}-deployment`, {
    metadata: { name, namespace: "apps" }, spec: { replicas: 2, template: { metadata: { labels: app(name) } } },
});

/** A small platform with one of each thing the diagram draws. */
function platform(): DiagramResource[] {
    return [
        PRIMARY, REPLICA,
        resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, { provider: PRIMARY.urn }),
        resource("aws:ec2/subnet:Subnet", "private-a", { availabilityZoneId: "use1-az1", cidrBlock: "10.0.0.0/24" }, { id: "subnet-a" }),
        resource("aws:ec2/subnet:Subnet", "private-b", { availabilityZoneId: "use1-az2", cidrBlock: "10.0.1.0/24" }, { id: "subnet-b" }),
        resource("aws:ec2/subnet:Subnet", "db-a", { availabilityZoneId: "use1-az1", cidrBlock: "10.0.9.0/24" }, { id: "subnet-db" }),
        resource("aws:ec2/natGateway:NatGateway", "nat-a", { subnetId: "subnet-a" }),
        resource("aws:eks/cluster:Cluster", "cluster", { name: "c1", version: "1.36" }),
        resource("aws:eks/nodeGroup:NodeGroup", "general", {
            subnetIds: ["subnet-a", "subnet-b"], instanceTypes: ["m7i.xlarge"], capacityType: "ON_DEMAND", labels: { "node-group": "general" }, scalingConfig: { minSize: 1, maxSize: 4 },
        }),
        resource("kubernetes:helm.sh/v3:Release", "ingress", {
            chart: "oci://ghcr.io/nginx/charts/nginx-ingress", version: "2.6.4", namespace: "ingress", name: "nginx-ingress",
            values: { controller: { service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } } } },
        }),
        resource("kubernetes:helm.sh/v3:Release", "monitoring", { chart: "kube-prometheus-stack", version: "88.5.3", namespace: "monitoring", name: "monitoring" }),
        resource("kubernetes:helm.sh/v3:Release", "velero", { chart: "velero", version: "12.1.0", namespace: "velero", name: "velero" }),
        deployment("front"),
        deployment("back"),
        resource("kubernetes:core/v1:Service", "front-service", { metadata: { name: "front", namespace: "apps", labels: app("front") }, spec: { selector: app("front") } }),
        resource("kubernetes:networking.k8s.io/v1:Ingress", "front-ingress", {
            metadata: { name: "front", namespace: "apps" },
            spec: { ingressClassName: "nginx", rules: [{ host: "api.example.com", http: { paths: [{ path: "/", backend: { service: { name: "front" } } }] } }] },
        }),
        resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", "back-policy", {
            metadata: { name: "back", namespace: "apps" },
            spec: {
                podSelector: { matchLabels: app("back") },
                ingress: [{ from: [{ podSelector: { matchLabels: app("front") } }], ports: [{ port: 8080 }] }],
                egress: [{ to: [{ ipBlock: { cidr: "10.0.9.0/24" } }], ports: [{ port: 5432 }] }, { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 4317 }] }],
            },
        }),
        resource("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "front-monitor", { metadata: { name: "front", namespace: "apps" }, spec: { selector: { matchLabels: app("front") } } }),
        resource("aws:rds/subnetGroup:SubnetGroup", "db-subnets", { name: "db", subnetIds: ["subnet-db"] }),
        resource("aws:rds/instance:Instance", "db", { engine: "postgres", engineVersion: "17", instanceClass: "db.r7g.large", multiAz: true, dbSubnetGroupName: "db" }),
        resource("aws:s3/bucket:Bucket", "backups", {}, { outputs: { bucket: "backups-1" }, provider: PRIMARY.urn }),
        resource("aws:s3/bucket:Bucket", "backups-replica", {}, { outputs: { bucket: "backups-replica-1" }, provider: REPLICA.urn }),
        resource("aws:s3/bucket:Bucket", "access-logs", {}, { outputs: { bucket: "logs-1" }, provider: PRIMARY.urn }),
        resource("kubernetes:velero.io/v1:BackupStorageLocation", "location", { metadata: { namespace: "velero" }, spec: { objectStorage: { bucket: "backups-1" } } }),
        resource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "replication", { bucket: "backups-1", rules: [{ destination: { bucket: "arn:aws:s3:::backups-replica-1" } }] }),
    ];
}

describe("the architecture diagram", () => {
    it("draws the traffic the resources declare, from the internet to the database, with telemetry and backups", () => {
        const { edges } = architecture(platform());
        assert.deepEqual(edges.map((e) => `${e.from} -> ${e.to} [${e.label}${e.style === "dashed" ? ", dashed" : ""}]`), [
            "bucket:backups-1 -> bucket:backups-replica-1 [replication, dashed]",
            "internet -> lb:release:ingress/nginx-ingress [HTTPS]",
            "lb:release:ingress/nginx-ingress -> release:ingress/nginx-ingress [TCP 443]",
            "release:ingress/nginx-ingress -> workload:apps/front [api.example.com/]",
            "release:velero/velero -> bucket:backups-1 [backups]",
            "workload:apps/back -> rds:db [:5432]",
            "workload:apps/back -> release:monitoring/monitoring [telemetry :4317, dashed]",
            "workload:apps/front -> release:monitoring/monitoring [metrics, dashed]",
            "workload:apps/front -> workload:apps/back [:8080]",
        ]);
    });

    it("places node groups and NAT gateways in their zones, buckets in their providers' regions, and leaves out buckets nothing flows to", () => {
        const { nodes, clusters } = architecture(platform());
        const where = Object.fromEntries(nodes.map((n) => [n.id, n.cluster]));
        assert.equal(where["nodes:general:use1-az1"], "zone:use1-az1");
        assert.equal(where["nodes:general:use1-az2"], "zone:use1-az2");
        assert.equal(where["nat:use1-az1"], "zone:use1-az1");
        assert.equal(where["bucket:backups-replica-1"], "region:us-west-2");
        assert.equal(where["bucket:backups-1"], "region:us-east-1");
        assert.equal(where["bucket:logs-1"], undefined);
        assert.match(nodes.find((n) => n.id === "nodes:general:use1-az1")!.label, /^general nodes\nm7i\.xlarge\n1-4 over 2 AZs$/);
        assert.deepEqual(clusters.find((c) => c.id === "zone:use1-az1"), { id: "zone:use1-az1", label: "AZ use1-az1", parent: "eks" });
    });

    it("gives the same DOT whatever the order of the registrations", () => {
        const resources = platform();
        assert.equal(architectureDot(architecture([...resources].reverse()), "t"), architectureDot(architecture(resources), "t"));
    });

    it("docs/architecture.svg is the prod plan's current diagram (npm run docs:architecture)", async function () {
        this.timeout(120_000);
        const result = await runPlan({ stack: "prod" });
        const svg = await renderArchitectureSvg(result.resources.map((r) => ({ ...toResourceUnderTest(r), id: r.id })), `${result.project} prod`);
        assert.ok(svg.startsWith("<?xml") && svg.includes("</svg>"));
        assert.ok(svg === fs.readFileSync(path.join(PROJECT_ROOT, "docs", "architecture.svg"), "utf8"), "docs/architecture.svg is stale: run npm run docs:architecture");
    });

    it("refuses a --diagram file that cannot be written with exit 2, before the program runs", async () => {
        const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "diagram-")), "file");
        fs.writeFileSync(blocker, "");
        const started = Date.now();
        const result = await captureConsole(() => main(["--stack", "dev", "--diagram", path.join(blocker, "architecture.svg")], PROJECT_ROOT));
        assert.equal(result.code, 2);
        assert.equal(result.stdout, "");
        assert.match(result.stderr, new RegExp(`^error: --diagram ${blocker}/architecture.svg: cannot write this file: ENOTDIR`));
        assert.ok(Date.now() - started < 5_000, "refused before the program ran");
    });
});
