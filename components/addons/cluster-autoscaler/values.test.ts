import { strict as assert } from "node:assert";
import { nodeGroupPlacement } from "../../cluster/placement";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, clusterAutoscalerValues, ClusterAutoscalerValuesInputs, expanderPriorities } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const INPUTS: ClusterAutoscalerValuesInputs = {
    clusterName: "signal-trading-prod",
    region: "us-east-1",
    kubernetesVersion: "1.36",
    groups: [
        { namePrefix: "system-", capacityType: "ON_DEMAND" },
        { namePrefix: "general-us-east-1a-", capacityType: "ON_DEMAND" },
        { namePrefix: "spot-", capacityType: "SPOT" },
    ],
    placement: PLACEMENT,
    replicas: 2,
};
const values = (inputs: Partial<ClusterAutoscalerValuesInputs> = {}) => clusterAutoscalerValues({ ...INPUTS, ...inputs });

describe("cluster autoscaler values", () => {
    it("runs the autoscaler image of the cluster's Kubernetes minor", () => {
        assert.deepEqual(values({ kubernetesVersion: "1.35" }).image, { tag: "v1.35.2" });
        assert.deepEqual(values({ kubernetesVersion: "1.36" }).image, { tag: "v1.36.1" });
        assert.deepEqual(Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).sort(), ["1.35", "1.36"]);
        for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS)) assert.ok(tag.startsWith(`v${minor}.`), `${minor} runs ${tag}`);
    });

    it("refuses a Kubernetes version without a known image, naming the table to extend", () => {
        assert.throws(() => values({ kubernetesVersion: "1.37" }), /Kubernetes 1\.37.*CLUSTER_AUTOSCALER_IMAGE_TAGS/);
        assert.throws(() => values({ kubernetesVersion: "1.36.2" }), /CLUSTER_AUTOSCALER_IMAGE_TAGS/);
    });

    it("discovers the cluster's node groups on AWS in the stack's region", () => {
        const v = values({ region: "eu-west-1" });
        assert.equal(v.cloudProvider, "aws");
        assert.equal(v.awsRegion, "eu-west-1");
        assert.deepEqual(v.autoDiscovery, { clusterName: "signal-trading-prod" });
    });

    it("prefers spot groups (50) over on-demand groups (10), matching each group's Auto Scaling group name from the start", () => {
        assert.deepEqual(expanderPriorities(INPUTS.groups), {
            50: ["^eks-spot-\\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"],
            10: ["^eks-system-\\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "^eks-general-us-east-1a-\\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"],
        });
        assert.deepEqual(values().expanderPriorities, expanderPriorities(INPUTS.groups));
        assert.equal(values().extraArgs.expander, "priority,least-waste");
    });

    it("matches an EKS Auto Scaling group name of its own group and not one of a group whose name extends it", () => {
        const [pattern] = expanderPriorities([{ namePrefix: "spot-", capacityType: "SPOT" }])[50];
        const regex = new RegExp(pattern);
        assert.ok(regex.test("eks-spot-20261127183000123400000001-a2c6e1f0-1b2c-4d3e-9f00-0123456789ab"));
        assert.ok(!regex.test("eks-spot-b-20261127183000123400000001-a2c6e1f0-1b2c-4d3e-9f00-0123456789ab"));
        assert.ok(!regex.test("eks-spotty-20261127183000123400000001-a2c6e1f0-1b2c-4d3e-9f00-0123456789ab"));
        assert.ok(!regex.test("xeks-spot-1-a2c6e1f0"));
    });

    it("leaves out a priority without groups", () => {
        assert.deepEqual(expanderPriorities([{ namePrefix: "general-", capacityType: "ON_DEMAND" }]), { 10: ["^eks-general-\\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"] });
        assert.deepEqual(expanderPriorities([]), {});
    });

    it("runs the configured replicas spread over zones when there are several", () => {
        assert.equal(values({ replicas: 3 }).replicaCount, 3);
        const v = values({ replicas: 2 });
        assert.equal(v.replicaCount, 2);
        assert.deepEqual(v.topologySpreadConstraints, [{
            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-cluster-autoscaler" } },
        }]);
        assert.deepEqual(v.podDisruptionBudget, { maxUnavailable: 1 });
    });

    it("runs one replica without a spread when one is configured", () => {
        const v = values({ replicas: 1 });
        assert.equal(v.replicaCount, 1);
        assert.deepEqual(v.topologySpreadConstraints, []);
    });

    it("places the autoscaler on the placement's nodes with its tolerations, as a critical system pod", () => {
        const v = values();
        assert.deepEqual(v.nodeSelector, { "node-group": "system" });
        assert.deepEqual(v.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.equal(v.priorityClassName, "system-cluster-critical");
    });

    it("runs as a non-root user with a read-only root filesystem, no privilege escalation and no capabilities", () => {
        const v = values();
        assert.deepEqual(v.securityContext, { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(v.containerSecurityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    });

    it("uses the service account created with its IRSA role instead of the chart's", () => {
        assert.deepEqual(values().rbac, { create: true, serviceAccount: { create: false, name: "cluster-autoscaler" } });
    });

    it("balances similar groups and scales down only nodes under half used for 10 minutes", () => {
        const args = values().extraArgs;
        assert.equal(args["balance-similar-node-groups"], true);
        assert.equal(args["scale-down-utilization-threshold"], 0.5);
        assert.equal(args["scale-down-unneeded-time"], "10m");
        assert.equal(args["scale-down-delay-after-add"], "10m");
    });
});
