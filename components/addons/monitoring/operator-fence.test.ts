import { strict as assert } from "node:assert";
import { renderWriteFence } from "../write-fence";
import { OPERATOR_FENCE } from "./operator-fence";

describe("the Prometheus operator's fence", () => {
    const { policy, binding } = renderWriteFence(OPERATOR_FENCE);

    it("matches the operator's service account, as the chart names it, and nobody else", () => {
        assert.deepEqual(policy.spec.matchConditions, [
            { name: "service-account", expression: "request.userInfo.username == 'system:serviceaccount:signal-trading-monitoring:kube-prometheus-stack-operator'" },
        ]);
    });

    it("refuses its creates, updates and deletes of StatefulSets, Secrets and ConfigMaps outside the monitoring namespace, failing closed", () => {
        assert.deepEqual(policy.spec.matchConstraints.resourceRules, [
            { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["statefulsets"] },
            { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["secrets", "configmaps"] },
        ]);
        assert.deepEqual(policy.spec.validations, [{
            expression: "request.namespace in ['signal-trading-monitoring']",
            message: "the Prometheus operator writes statefulsets, secrets, configmaps only in signal-trading-monitoring",
            reason: "Forbidden",
        }]);
        assert.equal(policy.spec.failurePolicy, "Fail");
    });

    it("is bound to deny (and audit), not merely to warn or audit", () => {
        assert.deepEqual(binding.spec, { policyName: "prometheus-operator-in-monitoring-namespace", validationActions: ["Deny", "Audit"] });
    });
});
