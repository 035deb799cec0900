import { strict as assert } from "node:assert";
import { PolicyResource } from "@pulumi/policy";
import { allocatableOf, INSTANCE_TYPES, kubeReservedMillicores, kubeReservedMemoryMi, maxPodsOf } from "../lib/instance-types";
import { CapacityConfig, clusterCapacity, stackClusterRequireCapacity as policy } from "../stack/stack-cluster-require-capacity";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { eksCluster, eksNetwork, launchTemplate, NODE_GROUP, nodeGroup } from "./fixtures-eks";
import { resource, violations } from "./fixtures";
import { DAEMON_SET, deployment, hpa } from "./fixtures-workloads";

const MI = 2 ** 20;

/** Round numbers for the expected messages: 2 CPU / 4Gi for the add-ons, 100m / 256Mi on every node. */
const CONFIG = { systemOverhead: { cpu: "2", memory: "4Gi" }, nodeOverhead: { cpu: "100m", memory: "256Mi" }, headroomPercent: 10 } satisfies CapacityConfig;

interface GroupSpec {
    subnets: ResourceUnderTest[];
    maxSize: number;
    instanceTypes?: string[];
    capacityType?: "ON_DEMAND" | "SPOT";
}

function group(name: string, spec: GroupSpec): ResourceUnderTest {
    const { inputs } = nodeGroup({ subnets: spec.subnets, instanceTypes: spec.instanceTypes, capacityType: spec.capacityType });
    inputs.scalingConfig = { minSize: 0, desiredSize: 0, maxSize: spec.maxSize };
    return resource(NODE_GROUP, name, { inputs, propertyDependsOn: { subnetIds: spec.subnets } });
}

/**
 * The platform's layout: one on-demand m7i.xlarge group per zone (maxSize per zone in
 * `zonalMax`), and a spot group across the three zones. By default 12 nodes: 47.04 CPU in all,
 * 31.36 CPU with a zone lost (8 nodes), 23.52 CPU without spot (6 nodes).
 */
function platform(options: { zonalMax?: number[]; spotMax?: number; spotTypes?: string[] } = {}) {
    const { zonalMax = [2, 2, 2], spotMax = 6, spotTypes = ["m7i.xlarge", "m6i.xlarge", "m7a.xlarge", "m6a.xlarge"] } = options;
    const net = eksNetwork();
    const eks = eksCluster(net.provider);
    const zonal = net.privateSubnets.map((subnet, i) => group(`general-${subnet.outputs.availabilityZone}`, { subnets: [subnet], maxSize: zonalMax[i] }));
    const spot = spotMax > 0 ? [group("spot", { subnets: net.privateSubnets, maxSize: spotMax, instanceTypes: spotTypes, capacityType: "SPOT" })] : [];
    return { net, eks, zonal, spot, all: [...net.all.filter((r) => r !== net.nodeGroup), eks, ...zonal, ...spot] };
}

/** A Deployment of `replicas` pods, each requesting `cpu` and `memory`. */
function worker(name: string, replicas: number, cpu = "1", memory = "1Gi"): ResourceUnderTest {
    const workload = deployment(name);
    workload.inputs.spec.replicas = replicas;
    workload.inputs.spec.template.spec.containers[0].resources = { requests: { cpu, memory }, limits: { memory } };
    return workload;
}

function daemonSet(name: string, cpu: string, memory: string): ResourceUnderTest {
    const { inputs } = worker(name, 1, cpu, memory);
    delete inputs.spec.replicas;
    return resource(DAEMON_SET, name, { inputs: { ...inputs, kind: "DaemonSet" } });
}

/** What the policy computes for `resources`, as a stack policy sees them. */
function report(resources: ResourceUnderTest[], config: CapacityConfig = CONFIG) {
    let computed: ReturnType<typeof clusterCapacity>;
    const probe = { ...policy, validateStack: (args: { resources: PolicyResource[] }) => { computed = clusterCapacity(args.resources, config); } };
    evaluatePolicies([probe], "mandatory", {}, resources);
    return computed!;
}

const scenario = (resources: ResourceUnderTest[], label: string) => report(resources).scenarios.find((s) => s.label === label)!;

describe("stack-cluster-require-capacity", () => {
    describe("allocatable resources of a node", () => {
        it("reserves CPU as nodeadm does: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% above", () => {
            assert.deepEqual([1, 2, 4, 8, 16].map(kubeReservedMillicores), [60, 70, 80, 90, 110]);
        });

        it("computes max pods from the ENI limits as eni-max-pods.txt lists them", () => {
            const listed: Record<string, number> = { "t3.medium": 17, "t3.large": 35, "t3a.2xlarge": 58, "m7i.large": 29, "m6a.xlarge": 58, "m7g.2xlarge": 58, "m7i.4xlarge": 234, "c7i.large": 29, "r7i.xlarge": 58 };
            for (const [type, pods] of Object.entries(listed)) assert.equal(maxPodsOf(INSTANCE_TYPES[type]), pods, type);
        });

        it("gives m7i.xlarge 3920m CPU and 16Gi − (255Mi + 11Mi × 58 pods) − 100Mi = 15391Mi of memory", () => {
            assert.equal(kubeReservedMemoryMi(58), 893);
            assert.deepEqual(allocatableOf("m7i.xlarge"), { cpu: 3.92, memory: 15391 * MI, pods: 58 });
            assert.deepEqual(allocatableOf("t3.large"), { cpu: 1.93, memory: (8192 - 640 - 100) * MI, pods: 35 });
        });

        it("knows no instance type outside its table", () => {
            assert.equal(allocatableOf("m5.large"), undefined);
            assert.equal(allocatableOf("toString"), undefined);
        });
    });

    it("passes the platform layout with the gateway at its HPA maximum in all three scenarios (matches)", () => {
        const { all } = platform();
        assert.deepEqual(violations(policy, [...all, deployment(), hpa()], CONFIG), []);
        assert.deepEqual(violations(policy, [...all, deployment(), hpa()]), [], "with the default config");
        assert.deepEqual(report([...all, deployment(), hpa()]).scenarios.map((s) => [s.label, s.nodes, Number(s.capacity.cpu.toFixed(2))]), [
            ["With every node group at its maximum size", 12, 47.04],
            ["With the AZ us-east-1a lost", 8, 31.36],
            ["With the AZ us-east-1b lost", 8, 31.36],
            ["With the AZ us-east-1c lost", 8, 31.36],
            ["With all spot capacity lost", 6, 23.52],
        ]);
    });

    it("fails when the on-demand groups alone cannot hold the demand (all spot capacity lost)", () => {
        const { all, eks } = platform();
        const found = violations(policy, [...all, worker("batch", 20)], CONFIG);
        assert.equal(found.length, 1);
        assert.equal(found[0].urn, eks.urn);
        assert.match(found[0].message, /\nWith all spot capacity lost, the node groups offer 23\.52 CPU and 90\.18Gi of memory allocatable on 6 nodes, but the cluster needs 24\.86 CPU and 28\.05Gi with 10% headroom \(Deployments and StatefulSets at their maximum scale 20 CPU \/ 20Gi, DaemonSets and per-node overhead on 6 nodes 0\.6 CPU \/ 1\.5Gi, system overhead 2 CPU \/ 4Gi\): 1\.34 CPU short\.$/);
    });

    it("fails when losing the zone with the largest share leaves too little, naming that zone", () => {
        const { all } = platform({ zonalMax: [4, 2, 2], spotMax: 0 });
        const found = violations(policy, [...all, worker("batch", 14)], CONFIG);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /\nWith the AZ us-east-1a lost, the node groups offer 15\.68 CPU and 60\.12Gi of memory allocatable on 4 nodes, but the cluster needs 18\.04 CPU and 20\.9Gi with 10% headroom \(Deployments and StatefulSets at their maximum scale 14 CPU \/ 14Gi, DaemonSets and per-node overhead on 4 nodes 0\.4 CPU \/ 1Gi, system overhead 2 CPU \/ 4Gi\): 2\.36 CPU short\.$/);
    });

    it("reports one violation for the zone-loss scenario, naming the other zones that fall short too", () => {
        const { all } = platform({ spotMax: 0 });
        const found = violations(policy, [...all, worker("batch", 14)], CONFIG);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /\nWith the AZ us-east-1a lost, .* 2\.36 CPU short\. Losing us-east-1b or us-east-1c leaves too little as well\.$/);
    });

    it("takes (n − 1)/n of a group across n zones when one of them is lost", () => {
        const net = eksNetwork();
        const across3 = group("general", { subnets: net.privateSubnets, maxSize: 6 });
        assert.equal(scenario([...net.privateSubnets, across3], "With the AZ us-east-1b lost").nodes, 4);
        const across2 = group("general", { subnets: net.privateSubnets.slice(0, 2), maxSize: 6 });
        assert.equal(scenario([...net.privateSubnets, across2], "With the AZ us-east-1a lost").nodes, 3);
        assert.deepEqual(report([...net.privateSubnets, across2]).scenarios.map((s) => s.label).filter((l) => l.includes("AZ")), ["With the AZ us-east-1a lost", "With the AZ us-east-1b lost"], "only the zones of node groups");
    });

    it("finds a subnet's zone by its id when the dependency is not recorded", () => {
        const net = eksNetwork();
        const { inputs } = group("general", { subnets: net.privateSubnets.slice(0, 2), maxSize: 4 });
        const byId = resource(NODE_GROUP, "general", { inputs });
        assert.deepEqual(report([...net.privateSubnets, byId]).groups[0].zones, ["us-east-1a", "us-east-1b"]);
    });

    it("names the zones by zone ID for subnets placed by ID", () => {
        const net = eksNetwork();
        const ids = ["use1-az4", "use1-az1", "use1-az2"];
        net.privateSubnets.forEach((subnet, i) => {
            subnet.outputs = { ...subnet.outputs, availabilityZoneId: ids[i] };
            delete subnet.outputs.availabilityZone;
        });
        const across = group("general", { subnets: net.privateSubnets, maxSize: 6 });
        assert.deepEqual(report([...net.privateSubnets, across]).groups[0].zones, ["use1-az1", "use1-az2", "use1-az4"]);
        assert.equal(scenario([...net.privateSubnets, across], "With the AZ use1-az4 lost").nodes, 4);
    });

    it("counts a group of no known zone as lost with any zone", () => {
        const net = eksNetwork();
        const known = group("general", { subnets: [net.privateSubnets[0]], maxSize: 2 });
        const unknown = resource(NODE_GROUP, "elsewhere", { inputs: { ...known.inputs, subnetIds: ["subnet-0123456789abcdef0"] } });
        assert.equal(scenario([...net.privateSubnets, known, unknown], "With the AZ us-east-1a lost").nodes, 0);
    });

    it("counts the HPA's maxReplicas, not spec.replicas, for a workload an HPA scales", () => {
        const { all } = platform();
        assert.deepEqual(violations(policy, [...all, worker("batch", 2)], CONFIG), [], "2 replicas fit");
        const scaler = hpa("batch");
        scaler.inputs.spec.maxReplicas = 30;
        const found = violations(policy, [...all, worker("batch", 2), scaler], CONFIG);
        assert.deepEqual(found.map((v) => /\n(With [^,]+),/.exec(v.message)?.[1]), ["With the AZ us-east-1a lost", "With all spot capacity lost"]);
        assert.match(found[0].message, /Deployments and StatefulSets at their maximum scale 30 CPU \/ 30Gi/);
    });

    it("counts a DaemonSet's pod on every node left in each scenario", () => {
        const { all } = platform();
        const found = violations(policy, [...all, daemonSet("node-agent", "3500m", "1Gi")], CONFIG);
        assert.equal(found.length, 3);
        assert.match(found[0].message, /\nWith every node group at its maximum size, the node groups offer 47\.04 CPU and 180\.36Gi of memory allocatable on 12 nodes, but the cluster needs 49\.72 CPU and 20\.9Gi with 10% headroom \(Deployments and StatefulSets at their maximum scale 0 CPU \/ 0Gi, DaemonSets and per-node overhead on 12 nodes 43\.2 CPU \/ 15Gi, system overhead 2 CPU \/ 4Gi\): 2\.68 CPU short\.$/);
        assert.match(found[1].message, /With the AZ us-east-1a lost, .* on 8 nodes 28\.8 CPU \/ 10Gi/);
        assert.match(found[2].message, /With all spot capacity lost, .* on 6 nodes 21\.6 CPU \/ 7\.5Gi/);
    });

    it("fails memory on its own, in Gi", () => {
        const { all } = platform({ spotMax: 0 });
        const found = violations(policy, [...all, worker("cache", 10, "100m", "8Gi")], CONFIG);
        assert.match(found[0].message, /\nWith every node group at its maximum size, the node groups offer 23\.52 CPU and 90\.18Gi of memory allocatable on 6 nodes, but the cluster needs 3\.96 CPU and 94\.05Gi .*: 3\.87Gi of memory short\.$/);
    });

    it("counts every node of a group as its smallest instance type, per resource", () => {
        const net = eksNetwork();
        const mixed = group("mixed", { subnets: net.privateSubnets, maxSize: 3, instanceTypes: ["r7i.large", "m7i.xlarge", "c7i.large"] });
        assert.deepEqual(report([...net.privateSubnets, mixed]).groups[0].perNode, { cpu: 1.93, memory: (4096 - 574 - 100) * MI });
    });

    it("reads the instance type from the launch template, else EKS's default t3.medium", () => {
        const net = eksNetwork();
        const template = launchTemplate();
        template.inputs.instanceType = "c7i.xlarge";
        const { inputs } = group("general", { subnets: net.privateSubnets, maxSize: 3 });
        delete inputs.instanceTypes;
        const fromTemplate = resource(NODE_GROUP, "general", { inputs, propertyDependsOn: { subnetIds: net.privateSubnets, launchTemplate: [template] } });
        assert.equal(report([...net.privateSubnets, template, fromTemplate]).groups[0].perNode.cpu, 3.92);
        const unnamed = resource(NODE_GROUP, "general", { inputs, propertyDependsOn: { subnetIds: net.privateSubnets } });
        assert.equal(report([...net.privateSubnets, unnamed]).groups[0].perNode.memory, (4096 - 255 - 11 * 17 - 100) * MI);
    });

    it("fails an instance type the table does not list, naming it, and judges no scenario", () => {
        const { all, spot } = platform({ spotTypes: ["m7i.xlarge", "m5.xlarge"] });
        const found = violations(policy, [...all, worker("batch", 500)], CONFIG);
        assert.deepEqual(found.map((v) => v.urn), [spot[0].urn]);
        assert.match(found[0].message, /\nspot \(aws:eks\/nodeGroup:NodeGroup\) uses instance type m5\.xlarge, which policy-pack\/lib\/instance-types\.ts does not list, so the cluster's capacity cannot be computed\.$/);
    });

    it("fails a node group whose maxSize is not known", () => {
        const { all, zonal } = platform();
        zonal[0].inputs.scalingConfig.maxSize = undefined;
        const found = violations(policy, all, CONFIG);
        assert.deepEqual(found.map((v) => v.urn), [zonal[0].urn]);
        assert.match(found[0].message, /general-us-east-1a \(aws:eks\/nodeGroup:NodeGroup\) has no known scalingConfig\.maxSize \(undefined\)/);
    });

    it("has no spot scenario without a spot group", () => {
        const { all } = platform({ spotMax: 0 });
        assert.equal(report(all).scenarios.some((s) => s.label === "With all spot capacity lost"), false);
    });

    it("is not applicable to a stack without node groups", () => {
        const result = evaluatePolicies([policy], "mandatory", {}, [...eksNetwork().all.filter((r) => r.type !== NODE_GROUP), worker("batch", 100)]);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.notApplicable, [{ policyName: policy.name, urn: undefined, reason: "the stack has no EKS managed node group" }]);
    });

    it("refuses an overhead that is not a Kubernetes quantity in its config", () => {
        assert.throws(() => violations(policy, platform().all, { systemOverhead: { cpu: "two", memory: "4Gi" } }), /systemOverhead\.cpu: must match pattern/);
    });
});
