import { strict as assert } from "node:assert";
import { OPERATOR_USER, renderOperatorFence } from "./operator-fence";

describe("the Prometheus operator's fence", () => {
    const { policy, binding } = renderOperatorFence();

    it("matches the operator's service account, as the chart names it, and nobody else", () => {
        assert.equal(OPERATOR_USER, "system:serviceaccount:signal-trading-monitoring:kube-prometheus-stack-operator");
        assert.deepEqual(policy.spec.matchConditions, [{ name: "prometheus-operator", expression: "request.userInfo.username == 'system:serviceaccount:signal-trading-monitoring:kube-prometheus-stack-operator'" }]);
    });

    it("refuses its creates, updates and deletes of StatefulSets, Secrets and ConfigMaps outside the monitoring namespace, failing closed", () => {
        assert.deepEqual(policy.spec.matchConstraints.resourceRules, [
            { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["statefulsets"] },
            { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["secrets", "configmaps"] },
        ]);
        assert.deepEqual(policy.spec.validations.map((v) => v.expression), ["request.namespace == 'signal-trading-monitoring'"]);
        assert.equal(policy.spec.failurePolicy, "Fail");
    });

    it("is bound to deny, not merely to warn or audit", () => {
        assert.deepEqual(binding.spec, { policyName: policy.metadata.name, validationActions: ["Deny"] });
        assert.equal(binding.metadata.name, policy.metadata.name);
    });
});
