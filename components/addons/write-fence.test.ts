import { strict as assert } from "node:assert";
import { admit } from "../../test/admission";
import { registrationsOf } from "../../test/harness";
import { renderWriteFence, writeFence } from "./write-fence";

const FENCE = {
    name: "example-fence",
    serviceAccount: { namespace: "tools", name: "controller" },
    resources: [{ apiGroup: "apps", resources: ["deployments"] }, { apiGroup: "", resources: ["secrets"] }],
    namespaces: ["tools", "apps", "tools"],
    who: "the example controller",
};

describe("admission write fences", () => {
    const { policy, binding } = renderWriteFence(FENCE);

    it("match only the service account's creates, updates and deletes of the named resources", () => {
        assert.deepEqual(policy.spec.matchConditions, [{ name: "service-account", expression: "request.userInfo.username == 'system:serviceaccount:tools:controller'" }]);
        assert.deepEqual(policy.spec.matchConstraints.resourceRules, [
            { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["deployments"] },
            { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["secrets"] },
        ]);
    });

    it("admit them only in the listed namespaces, each once, and fail closed", () => {
        assert.deepEqual(policy.spec.validations, [{
            expression: "request.namespace in ['tools', 'apps']",
            message: "the example controller writes deployments, secrets only in tools, apps",
            reason: "Forbidden",
        }]);
        assert.equal(policy.spec.failurePolicy, "Fail");
    });

    it("are bound to deny and audit", () => {
        assert.deepEqual(binding.spec, { policyName: "example-fence", validationActions: ["Deny", "Audit"] });
    });

    it("refuse the service account's write elsewhere, admit it in its namespaces, and leave everyone else alone (evaluated as CEL)", () => {
        const controller = { username: "system:serviceaccount:tools:controller" };
        const write = (namespace: string, username = controller.username) => admit(policy, {
            operation: "CREATE", resource: { group: "", resource: "secrets" }, namespace, userInfo: { username },
            object: { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace } },
        });
        assert.deepEqual(write("apps"), { matched: true, refusals: [] });
        assert.deepEqual(write("kube-system"), { matched: true, refusals: ["the example controller writes deployments, secrets only in tools, apps"] });
        assert.deepEqual(write("kube-system", "system:serviceaccount:tools:other"), { matched: false });
    });

    it("create the binding after the policy", async () => {
        const r = await registrationsOf(() => {
            writeFence("fence", FENCE, {});
        });
        const created = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", "fence");
        assert.ok(r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", "fence").dependencies.includes(created.urn));
    });
});
