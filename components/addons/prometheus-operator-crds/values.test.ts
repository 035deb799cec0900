import { strict as assert } from "node:assert";
import { prometheusOperatorCrdsValues } from "./values";

describe("prometheus-operator-crds values", () => {
    it("keeps the CRDs, and so every monitoring object, when the release is uninstalled", () => {
        assert.deepEqual(prometheusOperatorCrdsValues(), { crds: { annotations: { "helm.sh/resource-policy": "keep" } } });
    });
});
