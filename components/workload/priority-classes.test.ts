import { strict as assert } from "node:assert";
import { PRIORITY_CLASS_NAMES, renderPriorityClasses } from "./priority-classes";

const LABELS = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" };

describe("PriorityClasses", () => {
    it("names the trading class signal-trading-critical and the analytics class signal-trading-standard", () => {
        assert.deepEqual(PRIORITY_CLASS_NAMES, { trading: "signal-trading-critical", analytics: "signal-trading-standard" });
    });

    it("lets the trading path preempt lower priorities and analytics never preempt, neither being the cluster's default", () => {
        assert.deepEqual(renderPriorityClasses(), [
            {
                apiVersion: "scheduling.k8s.io/v1",
                kind: "PriorityClass",
                metadata: { name: "signal-trading-critical", labels: LABELS },
                value: 100000,
                globalDefault: false,
                preemptionPolicy: "PreemptLowerPriority",
                description: "Signal Trading request path (gateway, data, signal, Redis): scheduled first, evicting lower-priority pods when the cluster is full.",
            },
            {
                apiVersion: "scheduling.k8s.io/v1",
                kind: "PriorityClass",
                metadata: { name: "signal-trading-standard", labels: LABELS },
                value: 1000,
                globalDefault: false,
                preemptionPolicy: "Never",
                description: "Signal Trading analytics (ml): queued ahead of pods without a class, but never evicts running pods.",
            },
        ]);
    });

    it("orders trading above analytics above unprioritised pods, within the range the API accepts for user classes", () => {
        const [trading, analytics] = renderPriorityClasses();
        assert.ok(trading.value > analytics.value && analytics.value > 0);
        // 1000000000 is the highest user-defined value; system-node-critical and system-cluster-critical sit at 2000000000 and above.
        assert.ok(trading.value <= 1_000_000_000);
    });
});
