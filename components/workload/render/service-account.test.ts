import { strict as assert } from "node:assert";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";
import { renderRbac, renderServiceAccount } from "./service-account";

const READ_CONFIG_MAPS = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }];
const apiCaller = () => serviceSpec((s) => { s.definition.uses.kubernetesApi = READ_CONFIG_MAPS; });

describe("service account", () => {
    it("gives a service that does not call the Kubernetes API its own account without a token, and no Role", () => {
        const spec = serviceSpec();
        assert.deepEqual(renderServiceAccount(spec), {
            metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) },
            automountServiceAccountToken: false,
        });
        assert.equal(renderRbac(spec), undefined);
    });

    it("treats an empty list of Kubernetes API rules as no access: no token, no Role", () => {
        const spec = serviceSpec((s) => { s.definition.uses.kubernetesApi = []; });
        assert.equal(renderServiceAccount(spec).automountServiceAccountToken, false);
        assert.equal(renderRbac(spec), undefined);
    });

    it("annotates the account with the IRSA role's ARN, passed through untouched", () => {
        const arn = Promise.resolve("arn:aws:iam::123456789012:role/quotes");
        const account = renderServiceAccount(serviceSpec(), arn);
        assert.deepEqual(Object.keys(account.metadata.annotations ?? {}), ["eks.amazonaws.com/role-arn"]);
        assert.equal(account.metadata.annotations?.["eks.amazonaws.com/role-arn"], arn);
    });

    it("mounts a token for a service that calls the Kubernetes API, and grants exactly its rules in its namespace", () => {
        const spec = apiCaller();
        assert.equal(renderServiceAccount(spec).automountServiceAccountToken, true);
        const rbac = renderRbac(spec);
        assert.deepEqual(rbac?.role, { metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) }, rules: READ_CONFIG_MAPS });
        assert.deepEqual(rbac?.roleBinding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "quotes" });
        assert.deepEqual(rbac?.roleBinding.subjects, [{ kind: "ServiceAccount", name: "quotes", namespace: "signal-trading" }]);
        assert.deepEqual([rbac?.roleBinding.metadata.name, rbac?.roleBinding.metadata.namespace], ["quotes", "signal-trading"]);
    });
});
