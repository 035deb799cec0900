import { strict as assert } from "node:assert";
import { kubernetesNamespaceRequireQuotaAndLimits as policy } from "../kubernetes/kubernetes-namespace-require-quota-and-limits";
import { resource, violations } from "./fixtures";
import { NAMESPACE } from "./fixtures-kubernetes";
import { without } from "./fixtures-s3";
import { LIMIT_RANGE, RESOURCE_QUOTA } from "./fixtures-workloads";

/** A namespace with the quota and LimitRange the namespace baseline renders. */
function namespaceWithQuota(name = "signal-trading") {
    const namespace = resource(NAMESPACE, name, { inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
    const quota = resource(RESOURCE_QUOTA, `${name}-quota`, {
        inputs: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: name }, spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "32Gi", pods: "60" } } },
    });
    const limits = resource(LIMIT_RANGE, `${name}-limits`, {
        inputs: { apiVersion: "v1", kind: "LimitRange", metadata: { name: "container-defaults", namespace: name }, spec: { limits: [{ type: "Container", defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { memory: "256Mi" } }] } },
    });
    return { namespace, quota, limits, all: [namespace, quota, limits] };
}

describe("kubernetes-namespace-require-quota-and-limits", () => {
    it("passes an application namespace with its quota and LimitRange (matches)", () => {
        assert.deepEqual(violations(policy, namespaceWithQuota().all), []);
        assert.deepEqual(violations(policy, namespaceWithQuota("signal-trading-dev").all), []);
    });

    it("fails an application namespace without a ResourceQuota (no partner)", () => {
        const ns = namespaceWithQuota();
        const found = violations(policy, without(ns.all, ns.quota));
        assert.deepEqual(found.map((v) => v.urn), [ns.namespace.urn]);
        assert.match(found[0].message, /signal-trading \(kubernetes:core\/v1:Namespace\) has no ResourceQuota with spec\.hard, so its workloads can take the whole cluster's capacity\.$/);
    });

    it("fails an application namespace without a LimitRange (no partner)", () => {
        const ns = namespaceWithQuota();
        const found = violations(policy, without(ns.all, ns.limits));
        assert.deepEqual(found.map((v) => v.urn), [ns.namespace.urn]);
        assert.match(found[0].message, /signal-trading \(kubernetes:core\/v1:Namespace\) has no LimitRange with spec\.limits, so a container that sets no resources runs unrequested and unbounded\.$/);
    });

    it("fails when the quota and LimitRange are in another namespace (mismatched partner)", () => {
        const ns = namespaceWithQuota();
        const other = namespaceWithQuota("signal-trading-dev");
        assert.equal(violations(policy, [ns.namespace, other.quota, other.limits]).length, 2);
    });

    it("fails a quota without spec.hard and a LimitRange without limits, which constrain nothing", () => {
        const ns = namespaceWithQuota();
        ns.quota.inputs.spec.hard = {};
        ns.limits.inputs.spec.limits = [];
        assert.equal(violations(policy, ns.all).length, 2);
    });

    it("ignores namespaces that are not application namespaces, and objects that are not Namespaces", () => {
        const ns = namespaceWithQuota("velero");
        assert.deepEqual(violations(policy, [ns.namespace]), []);
        assert.deepEqual(violations(policy, [resource(NAMESPACE, "anonymous", { inputs: { metadata: {} } })]), []);
        assert.deepEqual(violations(policy, [namespaceWithQuota().quota]), []);
    });

    it("takes the application namespaces from the config", () => {
        const ns = namespaceWithQuota("trading-sandbox");
        assert.equal(violations(policy, [ns.namespace], { applicationNamespaces: ["trading-sandbox"] }).length, 2);
        assert.deepEqual(violations(policy, [namespaceWithQuota().namespace], { applicationNamespaces: ["trading-sandbox"] }), []);
    });
});
