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

    it("selects a configured group by the platform's node-group label (the same in every zone) and tolerates its taints", () => {
        assert.equal(NODE_GROUP_LABEL, "node-group");
        assert.deepEqual(nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]), {
            nodeSelector: { "node-group": "system" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
        });
        assert.deepEqual(nodeGroupPlacement("g", []).tolerations, []);
    });
});
