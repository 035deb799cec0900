import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { allocatableOf } from "../lib/instance-types";
import { isKind } from "../lib/kubernetes";
import { subnetsOf, zoneOf } from "../lib/network";
import { PackStackPolicy } from "../lib/policy";
import {
    containerDefaults, exceeds, hpasOf, isReplicatedWorkload, KubernetesObject, list, maximumReplicas, namespaceOf, parseQuantity, podQuantity, record,
} from "../lib/reliability";
import { describe } from "../lib/resources";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const SUBNET = "aws:ec2/subnet:Subnet";
const CLUSTER = "aws:eks/cluster:Cluster";
/** What EKS launches when neither the node group nor its launch template names a type. */
const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";
const GI = 2 ** 30;

/** CPU in cores, memory in bytes. */
export interface Resources {
    cpu: number;
    memory: number;
}

interface QuantityPair {
    cpu: string | number;
    memory: string | number;
}

export interface CapacityConfig {
    systemOverhead: QuantityPair;
    nodeOverhead: QuantityPair;
    headroomPercent: number;
}

/** One managed node group at its maximum size, on its smallest instance type. */
export interface NodeGroupCapacity {
    group: PolicyResource;
    maxSize: number;
    /** Allocatable per node: per resource, the least of its instance types. */
    perNode: Resources;
    spot: boolean;
    /** Availability zones of its subnets; empty when none is known. */
    zones: string[];
}

export interface Scenario {
    kind: "all" | "zone" | "spot";
    /** The zone lost, for a `zone` scenario. */
    zone?: string;
    /** "With every node group at its maximum size", "With the AZ us-east-1a lost", "With all spot capacity lost". */
    label: string;
    /** Nodes left at the node groups' maximum sizes (fractional when a group loses its share of a zone). */
    nodes: number;
    capacity: Resources;
    /** Deployments and StatefulSets at their maximum scale. */
    workloads: Resources;
    /** DaemonSets and per-node overhead on every node left. */
    perNode: Resources;
    system: Resources;
    /** workloads + perNode + system. */
    demand: Resources;
    /** demand with the headroom. */
    required: Resources;
    short: ("CPU" | "memory")[];
}

export interface CapacityReport {
    /** Node groups whose capacity cannot be computed; no scenario is evaluated then. */
    problems: { urn: string; message: string }[];
    groups: NodeGroupCapacity[];
    /** All capacity, each AZ lost (in zone order), all spot capacity lost (only with a spot group). */
    scenarios: Scenario[];
}

const add = (a: Resources, b: Resources): Resources => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory });
const scale = (a: Resources, factor: number): Resources => ({ cpu: a.cpu * factor, memory: a.memory * factor });
const ZERO: Resources = { cpu: 0, memory: 0 };

function quantities(pair: QuantityPair): Resources {
    return { cpu: parseQuantity(pair.cpu) ?? 0, memory: parseQuantity(pair.memory) ?? 0 };
}

/** The node group's instance types: its own, else its launch template's, else EKS's default. */
function instanceTypesOf(group: PolicyResource): string[] {
    const listed = list(group.props.instanceTypes).filter((t): t is string => typeof t === "string");
    if (listed.length > 0) return listed;
    const template = (group.propertyDependencies.launchTemplate ?? []).find((r) => r.type === LAUNCH_TEMPLATE);
    return [typeof template?.props.instanceType === "string" ? template.props.instanceType : EKS_DEFAULT_INSTANCE_TYPE];
}

/** The zones of a node group: of the Subnets behind its subnetIds (by dependency, else by id). */
function zonesOf(group: PolicyResource, subnetsById: ReadonlyMap<string, PolicyResource[]>): string[] {
    const byId = list(group.props.subnetIds).flatMap((id) => (typeof id === "string" ? subnetsById.get(id) ?? [] : []));
    return [...new Set([...subnetsOf(group), ...byId].map(zoneOf))].filter((z): z is string => z !== undefined).sort();
}

function nodeGroupCapacity(group: PolicyResource, subnetsById: ReadonlyMap<string, PolicyResource[]>): NodeGroupCapacity | string {
    const maxSize = record(group.props.scalingConfig)?.maxSize;
    if (typeof maxSize !== "number" || !Number.isInteger(maxSize) || maxSize < 0) {
        return `${describe(group)} has no known scalingConfig.maxSize (${JSON.stringify(maxSize)}), so the cluster's capacity cannot be computed.`;
    }
    const types = instanceTypesOf(group);
    const unknown = types.filter((t) => allocatableOf(t) === undefined);
    if (unknown.length > 0) {
        return `${describe(group)} uses instance type${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}, which policy-pack/lib/instance-types.ts does not list, so the cluster's capacity cannot be computed.`;
    }
    const allocatable = types.map((t) => allocatableOf(t)!);
    return {
        group,
        maxSize,
        perNode: { cpu: Math.min(...allocatable.map((a) => a.cpu)), memory: Math.min(...allocatable.map((a) => a.memory)) },
        spot: group.props.capacityType === "SPOT",
        zones: zonesOf(group, subnetsById),
    };
}

/** What one pod of `workload` requests; a container the scheduler cannot count adds nothing, as for the scheduler. */
function podRequests(workload: KubernetesObject, objects: KubernetesObject[]): Resources {
    const defaults = containerDefaults(objects, namespaceOf(workload.props));
    const amount = (key: string) => {
        const value = podQuantity(workload, key, defaults);
        return typeof value === "number" ? value : 0;
    };
    return { cpu: amount("requests.cpu"), memory: amount("requests.memory") };
}

/**
 * The cluster's capacity and demand in every scenario, or undefined when the stack has no
 * node group. Exported for the tests and for printing a stack's numbers.
 */
export function clusterCapacity(resources: PolicyResource[], config: CapacityConfig): CapacityReport | undefined {
    const nodeGroups = resources.filter((r) => r.type === NODE_GROUP);
    if (nodeGroups.length === 0) return undefined;
    // By id: a node group names its subnets by id, and a scan per group would join every group with every subnet.
    const subnetsById = new Map<string, PolicyResource[]>();
    for (const subnet of resources.filter((r) => r.type === SUBNET && typeof r.props.id === "string")) {
        subnetsById.set(subnet.props.id, [...(subnetsById.get(subnet.props.id) ?? []), subnet]);
    }
    const problems: CapacityReport["problems"] = [];
    const groups: NodeGroupCapacity[] = [];
    for (const group of nodeGroups) {
        const capacity = nodeGroupCapacity(group, subnetsById);
        if (typeof capacity === "string") problems.push({ urn: group.urn, message: capacity });
        else groups.push(capacity);
    }
    if (problems.length > 0) return { problems, groups, scenarios: [] };

    let workloads = ZERO;
    for (const workload of resources.filter((r) => isReplicatedWorkload(r.type))) {
        const replicas = maximumReplicas(workload, hpasOf(resources, workload)).count;
        if (replicas !== undefined) workloads = add(workloads, scale(podRequests(workload, resources), replicas));
    }
    const daemonSets = resources.filter((r) => isKind(r.type, "apps", "DaemonSet"))
        .reduce((sum, ds) => add(sum, podRequests(ds, resources)), ZERO);
    const perNodeDemand = add(daemonSets, quantities(config.nodeOverhead));
    const system = quantities(config.systemOverhead);

    const scenario = (kind: Scenario["kind"], label: string, factor: (g: NodeGroupCapacity) => number, zone?: string): Scenario => {
        const nodes = groups.reduce((sum, g) => sum + g.maxSize * factor(g), 0);
        const capacity = groups.reduce((sum, g) => add(sum, scale(g.perNode, g.maxSize * factor(g))), ZERO);
        const perNode = scale(perNodeDemand, nodes);
        const demand = add(add(workloads, perNode), system);
        const required = scale(demand, 1 + config.headroomPercent / 100);
        const short = ([["CPU", "cpu"], ["memory", "memory"]] as const).filter(([, key]) => exceeds(required[key], capacity[key])).map(([name]) => name);
        return { kind, ...(zone ? { zone } : {}), label, nodes, capacity, workloads, perNode, system, demand, required, short };
    };

    const scenarios = [scenario("all", "With every node group at its maximum size", () => 1)];
    // A group keeps (n − 1)/n of its nodes when one of its n zones is lost: at its maximum the
    // Auto Scaling group has spread them evenly, and what it might relaunch elsewhere during a
    // zonal outage is not promised. A group of no known zone counts as lost with any zone.
    const zones = [...new Set(groups.flatMap((g) => g.zones))].sort();
    for (const zone of zones) {
        scenarios.push(scenario("zone", `With the AZ ${zone} lost`, (g) => (g.zones.length === 0 ? 0 : g.zones.includes(zone) ? 1 - 1 / g.zones.length : 1), zone));
    }
    if (groups.some((g) => g.spot)) scenarios.push(scenario("spot", "With all spot capacity lost", (g) => (g.spot ? 0 : 1)));
    return { problems, groups, scenarios };
}

const number = (n: number) => String(Number(n.toFixed(2)));
const both = (r: Resources) => `${number(r.cpu)} CPU / ${number(r.memory / GI)}Gi`;

export function describeScenario(s: Scenario, headroomPercent: number): string {
    const shortBy = s.short.map((name) => (name === "CPU" ? `${number(s.required.cpu - s.capacity.cpu)} CPU` : `${number((s.required.memory - s.capacity.memory) / GI)}Gi of memory`));
    return `${s.label}, the node groups offer ${number(s.capacity.cpu)} CPU and ${number(s.capacity.memory / GI)}Gi of memory allocatable on ${number(s.nodes)} nodes, `
        + `but the cluster needs ${number(s.required.cpu)} CPU and ${number(s.required.memory / GI)}Gi with ${headroomPercent}% headroom `
        + `(Deployments and StatefulSets at their maximum scale ${both(s.workloads)}, DaemonSets and per-node overhead on ${number(s.nodes)} nodes ${both(s.perNode)}, system overhead ${both(s.system)}): `
        + `${shortBy.join(" and ")} short.`;
}

/** Coverage of the demand: below 1 the scenario falls short. */
const coverage = (s: Scenario) => Math.min(s.capacity.cpu / (s.required.cpu || 1e-12), s.capacity.memory / (s.required.memory || 1e-12));

const QUANTITY_PATTERN = "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$";
const quantityPair = (cpu: string, memory: string, description: string): PolicyConfigSchema["properties"][string] => ({
    type: "object",
    additionalProperties: false,
    properties: {
        cpu: { type: ["string", "number"], pattern: QUANTITY_PATTERN, minimum: 0, default: cpu, description: "CPU requests, as a Kubernetes quantity." },
        memory: { type: ["string", "number"], pattern: QUANTITY_PATTERN, minimum: 0, default: memory, description: "Memory requests, as a Kubernetes quantity." },
    },
    default: { cpu, memory },
    description,
});

/**
 * The cluster can run everything the stack declares at its maximum scale, also after losing
 * a zone or its spot capacity: the platform's capacity promise. Capacity is every EKS managed
 * node group at its maxSize, each node counted with the allocatable resources of the smallest
 * of its instance types (the autoscaler may pick any). Demand is the Deployments and
 * StatefulSets at their HPA maxReplicas (else spec.replicas) times their pods' requests, the
 * DaemonSets' requests and `nodeOverhead` on every node, and `systemOverhead` for the add-ons
 * that Helm releases and EKS add-ons run, whose pods the pack does not see.
 *
 * Simplifications: placement is ignored (a workload that only tolerates the spot or system
 * nodes, and a DaemonSet that skips some nodes, are counted as if they could run anywhere);
 * Jobs, CronJobs and bare Pods are not counted; pods count their requests as the scheduler does
 * (a container without requests adds nothing; kubernetes-pod-require-resources requires them);
 * Fargate, self-managed node groups and Karpenter are not capacity here.
 */
export const stackClusterRequireCapacity: PackStackPolicy = {
    name: "stack-cluster-require-capacity",
    description: "The EKS managed node groups at their maximum size (nodes of the smallest instance type, allocatable after EKS's reservations) must hold the Deployments and StatefulSets at their HPA maximum, the DaemonSets on every node and the configured system and per-node overhead, with the configured headroom: with all capacity, with the largest share of one AZ lost, and with all spot capacity lost.",
    rationale: "The cluster must run everything at its maximum scale, even after losing a zone or all spot capacity, or scale-out fails exactly when it is needed.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: [
        "reliability", "capacity", "compute", "kubernetes",
        "source:GATES capacity: Σ over the cluster plus daemonset and system overhead ≤ Σ(node-group max × allocatable), with one AZ lost and with all spot capacity lost",
        "source:REL11-BP05",
    ],
    remediationSteps: "Raise the node groups' maxSize (nodeGroups.<name>.maxSize in Pulumi.<stack>.yaml; per zone for zonal groups), choose larger instance types, spread groups over more zones or move capacity from spot to on-demand; or lower the services' scaling.max or resource requests. Add a new instance type to policy-pack/lib/instance-types.ts with its vCPUs, memory and ENI limits from the AWS documentation. Update systemOverhead and nodeOverhead in the policy config when the add-ons' requests change.",
    configSchema: {
        properties: {
            systemOverhead: quantityPair("2500m", "7Gi", "Requests of the cluster's add-on pods (Helm releases, EKS add-ons) that the pack cannot see, summed over their replicas. The default is prod's add-ons at their prod replica counts (about 2.3 CPU and 6.4Gi), rounded up."),
            nodeOverhead: quantityPair("200m", "192Mi", "Requests of the DaemonSets the pack cannot see, per node: kube-proxy (100m), aws-node with its network policy agent (2 × 25m), the EBS CSI node plugin (3 × 10m / 40Mi), node-exporter (20m / 32Mi); about 200m and 152Mi, memory rounded up. Compare with `kubectl describe node` after an add-on upgrade."),
            headroomPercent: {
                type: "number",
                minimum: 0,
                default: 10,
                description: "How much more than the demand the capacity must hold, in per cent (rollout surge pods, bin-packing losses, the kernel's share of a node's memory).",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<CapacityConfig>();
        const report = clusterCapacity(args.resources, config);
        if (!report) return args.notApplicable("the stack has no EKS managed node group");
        for (const problem of report.problems) reportViolation(problem.message, problem.urn);
        const clusters = args.resources.filter((r) => r.type === CLUSTER);
        const urn = clusters.length === 1 ? clusters[0].urn : undefined;
        const failing = report.scenarios.filter((s) => s.short.length > 0);
        for (const s of failing.filter((f) => f.kind === "all")) reportViolation(describeScenario(s, config.headroomPercent), urn);
        // One violation for the zone-loss scenario: the zone whose loss hurts most.
        const [worst, ...others] = failing.filter((s) => s.kind === "zone").sort((a, b) => coverage(a) - coverage(b));
        if (worst) {
            const also = others.length > 0 ? ` Losing ${others.map((s) => s.zone).join(" or ")} leaves too little as well.` : "";
            reportViolation(`${describeScenario(worst, config.headroomPercent)}${also}`, urn);
        }
        for (const s of failing.filter((f) => f.kind === "spot")) reportViolation(describeScenario(s, config.headroomPercent), urn);
    },
};
