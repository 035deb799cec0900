import { strict as assert } from "node:assert";
import { REGISTRY } from "../../../test/addon-fixture";
import { prefixedUniqueId } from "../../../tools/offline/mocks";
import { nodeGroupPlacement } from "../../cluster/placement";
import { autoScalingGroupPattern, CLUSTER_AUTOSCALER_IMAGE_TAGS, clusterAutoscalerValues, ClusterAutoscalerValuesInputs, expanderPriorities } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const INPUTS: ClusterAutoscalerValuesInputs = {
    registry: REGISTRY,
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
const SUFFIX = "\\d{18}[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const UUID = "a2c6e1f0-1b2c-4d3e-9f00-0123456789ab";
/** The Auto Scaling group EKS creates for a node group the provider named from `prefix`. */
const autoScalingGroup = (prefix: string, at: Date, counter: number) => `eks-${prefixedUniqueId(prefix, at, counter)}-${UUID}`;
const CREATED = new Date(Date.UTC(2026, 10, 27, 18, 30, 0, 123));

describe("cluster autoscaler values", () => {
    it("runs the autoscaler image of the cluster's Kubernetes minor, pulled through the account's registry.k8s.io cache", () => {
        const repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/autoscaling/cluster-autoscaler";
        assert.deepEqual(values({ kubernetesVersion: "1.35" }).image, { repository, tag: "v1.35.2" });
        assert.deepEqual(values({ kubernetesVersion: "1.36" }).image, { repository, tag: "v1.36.1" });
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
            50: [`^eks-spot-${SUFFIX}`],
            10: [`^eks-system-${SUFFIX}`, `^eks-general-us-east-1a-${SUFFIX}`],
        });
        assert.deepEqual(values().expanderPriorities, expanderPriorities(INPUTS.groups));
        assert.equal(values().extraArgs.expander, "priority,least-waste");
    });

    it("names a node group the way the AWS provider does: the prefix, 18 digits of UTC time to 1/10000 s and an 8-digit hexadecimal counter", () => {
        assert.equal(prefixedUniqueId("spot-", CREATED, 1), "spot-20261127183000123000000001");
        assert.equal(prefixedUniqueId("spot-", CREATED, 10), "spot-2026112718300012300000000a");
        assert.equal(prefixedUniqueId("spot-", CREATED, 0x1bf52), "spot-2026112718300012300001bf52");
        assert.equal(prefixedUniqueId("spot-", CREATED, 0xdeadbeef).length, "spot-".length + 26);
    });

    it("matches the Auto Scaling groups of its own group, whatever the counter's hexadecimal digits, and no other name", () => {
        const regex = new RegExp(autoScalingGroupPattern("spot-"));
        for (const counter of [1, 9, 10, 0x2f, 0xabcdef, 0xdeadbeef]) {
            const name = autoScalingGroup("spot-", CREATED, counter);
            assert.ok(regex.test(name), name);
        }
        const own = autoScalingGroup("spot-", CREATED, 10);
        const rejected = [
            // Groups whose prefix extends `spot-`.
            autoScalingGroup("spot-b-", CREATED, 10),
            autoScalingGroup("spot-us-east-1a-", CREATED, 10),
            autoScalingGroup("spotty-", CREATED, 10),
            // Not exactly the provider's suffix or EKS's UUID.
            own.replace("0000000a-", "0000000A-"),
            own.replace("20261127", "2026112"),
            own.replace("0000000a-", "0000000ab-"),
            own.replace(`-${UUID}`, ""),
            own.replace(UUID, UUID.toUpperCase()),
            // Not anchored: another cluster's naming around it.
            `x${own}`,
            `${own}-old`,
        ];
        for (const name of rejected) assert.ok(!regex.test(name), name);
    });

    it("matches the group of a zonal prefix and not its sibling zones'", () => {
        const regex = new RegExp(autoScalingGroupPattern("general-us-east-1a-"));
        assert.ok(regex.test(autoScalingGroup("general-us-east-1a-", CREATED, 0xc)));
        assert.ok(!regex.test(autoScalingGroup("general-us-east-1b-", CREATED, 0xc)));
        assert.ok(!regex.test(autoScalingGroup("general-", CREATED, 0xc)));
    });

    it("leaves out a priority without groups", () => {
        assert.deepEqual(expanderPriorities([{ namePrefix: "general-", capacityType: "ON_DEMAND" }]), { 10: [`^eks-general-${SUFFIX}`] });
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
