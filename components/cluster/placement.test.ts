import { strict as assert } from "node:assert";
import { edgePlacement, NODE_GROUP_LABEL, nodeGroupPlacement, tolerationsFor } from "./placement";

describe("placement", () => {
    it("turns EKS taints into Kubernetes tolerations that match them exactly", () => {
        assert.deepEqual(tolerationsFor([
            { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" },
            { key: "workload-class", value: "interruptible", effect: "NO_EXECUTE" },
            { key: "soft", value: "yes", effect: "PREFER_NO_SCHEDULE" },
        ]), [
            { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
            { key: "workload-class", operator: "Equal", value: "interruptible", effect: "NoExecute" },
            { key: "soft", operator: "Equal", value: "yes", effect: "PreferNoSchedule" },
        ]);
    });

    it("selects a configured group by the platform's node-group label (the same in every zone) and tolerates its taints", () => {
        assert.equal(NODE_GROUP_LABEL, "node-group");
        assert.deepEqual(nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]), {
            nodeSelector: { "node-group": "system" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
        });
        assert.deepEqual(nodeGroupPlacement("g", []).tolerations, []);
    });

    describe("edge placement of internet-facing pods", () => {
        const system = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        const avoid = [{ namespace: "velero" }, { namespace: "kube-system", pods: { "app.kubernetes.io/name": "aws-cluster-autoscaler" } }];
        const apart = {
            requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: "kubernetes.io/hostname", namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "velero" } }, labelSelector: { matchLabels: {} } },
                {
                    topologyKey: "kubernetes.io/hostname", namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                    labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-cluster-autoscaler" } },
                },
            ],
        };

        it("runs on the application groups, without the system group's selector or tolerations, never on a node with a listed controller", () => {
            assert.deepEqual(edgePlacement(system, ["general"], avoid), {
                nodeSelector: {},
                tolerations: [],
                affinity: {
                    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "node-group", operator: "In", values: ["general"] }] }] } },
                    podAntiAffinity: apart,
                },
            });
        });

        it("stays on the system group when the stack has no application group, still apart from the listed controllers", () => {
            assert.deepEqual(edgePlacement(system, [], avoid), { ...system, affinity: { podAntiAffinity: apart } });
        });
    });
});
