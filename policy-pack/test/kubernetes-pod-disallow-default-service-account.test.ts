import { strict as assert } from "node:assert";
import { kubernetesPodDisallowDefaultServiceAccount as policy } from "../kubernetes/kubernetes-pod-disallow-default-service-account";
import { resource, violations } from "./fixtures";
import { CRON_JOB, deployment, POD, podSpec, serviceAccount } from "./fixtures-workloads";

const podTemplate = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec;

describe("kubernetes-pod-disallow-default-service-account", () => {
    it("passes the gateway: its own service account, no token", () => {
        assert.deepEqual(violations(policy, [deployment(), serviceAccount()]), []);
    });

    it("fails a pod that names no service account, which runs as default and mounts its token", () => {
        const d = deployment();
        delete podTemplate(d).serviceAccountName;
        delete podTemplate(d).automountServiceAccountToken;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn, d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) names no serviceAccountName, so its pods run as the namespace's default service account\.$/);
        assert.match(found[1].message, /gateway \(kubernetes:apps\/v1:Deployment\) lets its pods mount the API token of service account signal-trading\/default \(automountServiceAccountToken unset, which leaves it to the ServiceAccount, true by default\); set it to false, or allow signal-trading\/default in tokenAllowedServiceAccounts\.$/);
    });

    it("fails serviceAccountName: default even without a token", () => {
        const d = deployment();
        podTemplate(d).serviceAccountName = "default";
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs its pods as the default service account \(serviceAccountName: default\)\.$/);
    });

    it("reads the deprecated serviceAccount field as Kubernetes does", () => {
        const d = deployment();
        delete podTemplate(d).serviceAccountName;
        podTemplate(d).serviceAccount = "gateway";
        assert.deepEqual(violations(policy, [d]), []);
        podTemplate(d).serviceAccount = "default";
        assert.match(violations(policy, [d])[0].message, /runs its pods as the default service account/);
    });

    it("fails a pod that leaves token automount unset, though its ServiceAccount turns it off", () => {
        const d = deployment();
        delete podTemplate(d).automountServiceAccountToken;
        const found = violations(policy, [d, serviceAccount()]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /lets its pods mount the API token of service account signal-trading\/gateway \(automountServiceAccountToken unset, which leaves it to the ServiceAccount, true by default\)/);
    });

    it("fails a pod that turns token automount on", () => {
        const d = deployment();
        podTemplate(d).automountServiceAccountToken = true;
        assert.match(violations(policy, [d])[0].message, /lets its pods mount the API token of service account signal-trading\/gateway \(automountServiceAccountToken is true\)/);
    });

    it("allows a token to the service accounts the config lists, by namespace and name", () => {
        const d = deployment();
        podTemplate(d).automountServiceAccountToken = true;
        assert.deepEqual(violations(policy, [d], { tokenAllowedServiceAccounts: ["signal-trading/gateway"] }), []);
        assert.equal(violations(policy, [d], { tokenAllowedServiceAccounts: ["other/gateway"] }).length, 1);
        assert.equal(violations(policy, [d], { tokenAllowedServiceAccounts: ["signal-trading/other"] }).length, 1);
    });

    it("still fails the default service account when its token is allowed", () => {
        const d = deployment();
        podTemplate(d).serviceAccountName = "default";
        podTemplate(d).automountServiceAccountToken = true;
        const found = violations(policy, [d], { tokenAllowedServiceAccounts: ["signal-trading/default"] });
        assert.equal(found.length, 1);
        assert.match(found[0].message, /runs its pods as the default service account/);
    });

    it("rejects a config entry that is not <namespace>/<serviceAccount>", () => {
        assert.throws(() => violations(policy, [deployment()], { tokenAllowedServiceAccounts: ["gateway"] }), /tokenAllowedServiceAccounts\.0: must match pattern/);
    });

    it("judges bare Pods and CronJobs, in the default namespace when they name none", () => {
        const spec = podSpec();
        delete spec.serviceAccountName;
        delete spec.automountServiceAccountToken;
        const pod = resource(POD, "debug", { inputs: { metadata: { name: "debug" }, spec } });
        assert.match(violations(policy, [pod])[1].message, /debug \(kubernetes:core\/v1:Pod\) lets its pods mount the API token of service account default\/default/);
        const cron = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: podSpec() } } } } } });
        assert.deepEqual(violations(policy, [cron]), []);
        cron.inputs.spec.jobTemplate.spec.template.spec.serviceAccountName = "default";
        assert.match(violations(policy, [cron])[0].message, /report \(kubernetes:batch\/v1:CronJob\) runs its pods as the default service account/);
    });

    it("fails a declared default ServiceAccount that does not turn automount off", () => {
        const sa = serviceAccount("default");
        delete sa.inputs.automountServiceAccountToken;
        assert.match(violations(policy, [sa])[0].message, /default-sa \(kubernetes:core\/v1:ServiceAccount\) is the namespace's default service account and leaves automountServiceAccountToken unset \(true\), so every pod that names no account gets an API token\.$/);
        sa.inputs.automountServiceAccountToken = true;
        assert.match(violations(policy, [sa])[0].message, /leaves automountServiceAccountToken true,/);
    });

    it("passes a default ServiceAccount with automount off, and other ServiceAccounts with a token", () => {
        assert.deepEqual(violations(policy, [serviceAccount("default")]), []);
        const operator = serviceAccount("operator");
        operator.inputs.automountServiceAccountToken = true;
        assert.deepEqual(violations(policy, [operator]), []);
    });

    it("ignores objects that run no pods", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:ConfigMap", "cm", { inputs: { metadata: { name: "cm", namespace: "default" } } })]), []);
    });
});
