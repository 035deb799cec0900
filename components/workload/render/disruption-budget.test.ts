import { strict as assert } from "node:assert";
import { renderDeployment } from "./deployment";
import { renderPodDisruptionBudget } from "./disruption-budget";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";

describe("PodDisruptionBudget of a service", () => {
    it("lets drains take one of its pods at a time, and unready pods at any time", () => {
        const spec = serviceSpec();
        assert.deepEqual(renderPodDisruptionBudget(spec), {
            metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) },
            spec: {
                maxUnavailable: 1,
                selector: { matchLabels: { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" } },
                unhealthyPodEvictionPolicy: "AlwaysAllow",
            },
        });
    });

    it("selects the Deployment's pods", () => {
        const spec = serviceSpec();
        const labels = renderDeployment(spec).spec.template.metadata.labels;
        for (const [key, value] of Object.entries(renderPodDisruptionBudget(spec).spec.selector.matchLabels)) assert.equal(labels[key], value, key);
    });
});
