import { strict as assert } from "node:assert";
import { NODE_GROUP_LABEL, nodeGroupPlacement, tolerationsFor } from "./placement";

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

    it("selects one node group by the label EKS sets and tolerates that group's taints", () => {
        assert.equal(NODE_GROUP_LABEL, "eks.amazonaws.com/nodegroup");
        assert.deepEqual(nodeGroupPlacement("signal-trading-prod-system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]), {
            nodeSelector: { "eks.amazonaws.com/nodegroup": "signal-trading-prod-system" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
        });
        assert.deepEqual(nodeGroupPlacement("g", []).tolerations, []);
    });
});
