import { strict as assert } from "node:assert";
import { renderNamespace } from "../namespace/baseline";
import { applicationNamespace, applicationQuota, podsDuringRollout } from "./namespace";

const BUDGET = { name: "gateway", pods: podsDuringRollout(15), containers: [{ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } }] };

describe("application namespace", () => {
    it("counts a rollout at the maximum: the 25% surge, rounded up, and as many old pods still terminating", () => {
        assert.equal(podsDuringRollout(15), 23);
        assert.equal(podsDuringRollout(2), 4);
        assert.equal(podsDuringRollout(1), 3);
    });

    it("sizes the quota as the sum over every budget of pods × its containers' requests and memory limits", () => {
        const redis = { name: "redis", pods: 1, containers: [{ requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } }, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } }] };
        assert.deepEqual(applicationQuota([BUDGET, redis]), {
            requestsCpu: `${23 * 100 + 110}m`,
            requestsMemory: `${23 * 256 + 288}Mi`,
            limitsMemory: `${23 * 512 + 576}Mi`,
            pods: 24,
        });
    });

    it("is restricted, denies everything by default and fits exactly the workloads' budgets", () => {
        const spec = applicationNamespace({ name: "signal-trading", budgets: [BUDGET] });
        assert.equal(spec.podSecurity, "restricted");
        assert.deepEqual(spec.ingress, []);
        assert.deepEqual(spec.egress, []);
        assert.deepEqual(spec.quota, applicationQuota([BUDGET]));
    });

    it("carries the label the application-images admission policy selects namespaces by", () => {
        const labels: Record<string, string> = renderNamespace(applicationNamespace({ name: "signal-trading", budgets: [BUDGET] })).metadata.labels;
        assert.equal(labels["signal-trading.io/namespace-role"], "application");
    });
});
