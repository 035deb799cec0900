import { strict as assert } from "node:assert";
import { stackWorkloadRequireCompanions as policy } from "../stack/stack-workload-require-companions";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource, violations } from "./fixtures";
import { compliantService, SERVICE_MONITOR } from "./fixtures-application";
import { namespaceWithBaseline } from "./fixtures-kubernetes";

/** The compliant gateway beside its namespace's default-deny and DNS policies, with `change` applied to its parts. */
function stack(change: (parts: ReturnType<typeof compliantService>) => ResourceUnderTest[] | void = () => undefined) {
    const parts = compliantService();
    const namespace = namespaceWithBaseline();
    const changed = change(parts) ?? parts.all;
    return [namespace.defaultDeny, namespace.allowDns, ...changed];
}

const without = (parts: ReturnType<typeof compliantService>, dropped: ResourceUnderTest) => parts.all.filter((r) => r !== dropped);

/** The one violation of the stack's gateway Deployment. */
function violationOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties);
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    assert.equal(found[0].urn, resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")?.urn);
    return found[0].message;
}

describe("stack-workload-require-companions", () => {
    it("passes a Deployment with its HPA, PDB, own NetworkPolicy, Service, ServiceMonitor and ServiceAccount (matches)", () => {
        assert.deepEqual(violations(policy, stack()), []);
    });

    it("reports one violation for a Deployment without companions, listing every one missing (no partner)", () => {
        const bare = compliantService().deployment;
        const found = violations(policy, [bare]);
        assert.deepEqual(found.map((v) => v.urn), [bare.urn]);
        assert.equal(found[0].message, `${policy.description}\n`
            + "gateway (kubernetes:apps/v1:Deployment) in namespace signal-trading lacks "
            + "a HorizontalPodAutoscaler (none in the namespace has a scaleTargetRef naming apps/v1 Deployment gateway); "
            + "a PodDisruptionBudget (none in the namespace selects its pods); "
            + "its own NetworkPolicy (none in the namespace selects only its pods with a non-empty podSelector and allows them ingress by an Ingress rule; the namespace-wide policies with podSelector {} and deny-only policies do not count); "
            + "a ServiceMonitor (no Service in the namespace selects its pods, so none can be scraped); "
            + "ServiceAccount gateway (its serviceAccountName, which the stack does not declare in the namespace).");
    });

    it("fails a Deployment without its HPA", () => {
        assert.match(violationOf(stack((p) => without(p, p.hpa))), /lacks a HorizontalPodAutoscaler \(none in the namespace has a scaleTargetRef naming apps\/v1 Deployment gateway\)\.$/);
    });

    it("fails an HPA that scales another workload, or the same name in another namespace (mismatched)", () => {
        assert.match(violationOf(stack((p) => { p.hpa.inputs.spec.scaleTargetRef.name = "risk"; })), /lacks a HorizontalPodAutoscaler/);
        assert.match(violationOf(stack((p) => { p.hpa.inputs.spec.scaleTargetRef.kind = "StatefulSet"; })), /lacks a HorizontalPodAutoscaler/);
        assert.match(violationOf(stack((p) => { p.hpa.inputs.metadata.namespace = "signal-trading-dev"; })), /lacks a HorizontalPodAutoscaler/);
    });

    it("fails an HPA whose scaleTargetRef has no apiVersion, which the controller resolves in the core group and never finds", () => {
        assert.match(violationOf(stack((p) => { delete p.hpa.inputs.spec.scaleTargetRef.apiVersion; })), /lacks a HorizontalPodAutoscaler/);
        assert.match(violationOf(stack((p) => { p.hpa.inputs.spec.scaleTargetRef.apiVersion = "v1"; })), /lacks a HorizontalPodAutoscaler/);
    });

    it("fails a Deployment without a PDB, and a PDB that selects other pods", () => {
        assert.match(violationOf(stack((p) => without(p, p.pdb))), /lacks a PodDisruptionBudget \(none in the namespace selects its pods\)\.$/);
        assert.match(violationOf(stack((p) => { p.pdb.inputs.spec.selector.matchLabels = { "app.kubernetes.io/name": "risk" }; })), /lacks a PodDisruptionBudget/);
    });

    it("does not count the namespace's default-deny, or any policy with podSelector {}, as the workload's own NetworkPolicy", () => {
        assert.match(violationOf(stack((p) => without(p, p.networkPolicy))), /lacks its own NetworkPolicy \(none in the namespace selects only its pods with a non-empty podSelector and allows them ingress by an Ingress rule; the namespace-wide policies with podSelector \{\} and deny-only policies do not count\)\.$/);
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.spec.podSelector = {}; })), /lacks its own NetworkPolicy/);
    });

    it("does not count a NetworkPolicy that allows its pods no ingress: egress only, or a deny-all with a narrow selector", () => {
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.spec = { podSelector: p.networkPolicy.inputs.spec.podSelector, policyTypes: ["Egress"], egress: [{}] }; })), /lacks its own NetworkPolicy/);
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.spec.ingress = []; })), /lacks its own NetworkPolicy/);
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.spec.policyTypes = ["Egress"]; })), /lacks its own NetworkPolicy/, "ingress rules without Ingress in policyTypes are ignored");
        const nothingSelected = stack((p) => { p.networkPolicy.inputs.spec = { podSelector: { matchExpressions: [{ key: "nothing", operator: "DoesNotExist" }] }, policyTypes: ["Ingress", "Egress"] }; });
        assert.match(violationOf(nothingSelected), /lacks its own NetworkPolicy/);
    });

    it("takes a NetworkPolicy without policyTypes as an Ingress policy, as Kubernetes does", () => {
        assert.deepEqual(violations(policy, stack((p) => { delete p.networkPolicy.inputs.spec.policyTypes; })), []);
    });

    it("does not count a NetworkPolicy whose selector also selects another workload's pods", () => {
        const risk = compliantService("risk");
        const shared = stack((p) => {
            p.networkPolicy.inputs.spec.podSelector = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };
            return [...p.all, ...risk.all];
        });
        assert.match(violationOf(shared), /^[\s\S]*\ngateway \(kubernetes:apps\/v1:Deployment\) in namespace signal-trading lacks its own NetworkPolicy/);
        assert.deepEqual(violations(policy, stack((p) => [...p.all, ...risk.all])), [], "each with a selector of its own");
    });

    it("does not count a NetworkPolicy in another namespace (mismatched)", () => {
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.metadata.namespace = "signal-trading-dev"; })), /lacks its own NetworkPolicy/);
    });

    it("fails a NetworkPolicy that selects other pods, and accepts one that selects them by matchExpressions", () => {
        assert.match(violationOf(stack((p) => { p.networkPolicy.inputs.spec.podSelector.matchLabels = { "app.kubernetes.io/name": "risk" }; })), /lacks its own NetworkPolicy/);
        const byExpression = stack((p) => { p.networkPolicy.inputs.spec.podSelector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["gateway", "risk"] }] }; });
        assert.deepEqual(violations(policy, byExpression), []);
    });

    it("fails a Deployment whose pods no Service selects, since no ServiceMonitor can reach them", () => {
        assert.match(violationOf(stack((p) => without(p, p.service))), /lacks a ServiceMonitor \(no Service in the namespace selects its pods, so none can be scraped\)\.$/);
        assert.match(violationOf(stack((p) => { p.service.inputs.spec.selector = { "app.kubernetes.io/name": "risk" }; })), /no Service in the namespace selects its pods/);
        assert.match(violationOf(stack((p) => { delete p.service.inputs.spec.selector; })), /no Service in the namespace selects its pods/);
    });

    it("fails a Deployment without a ServiceMonitor, and one whose selector misses the Service's labels", () => {
        assert.match(violationOf(stack((p) => without(p, p.serviceMonitor))), /lacks a ServiceMonitor \(none selects the labels of Service gateway in this namespace\)\.$/);
        assert.match(violationOf(stack((p) => { p.serviceMonitor.inputs.spec.selector.matchLabels = { "app.kubernetes.io/name": "risk" }; })), /lacks a ServiceMonitor \(none selects the labels of Service gateway/);
    });

    it("joins a ServiceMonitor to the Service's labels, not to the pods' labels", () => {
        const monitor = stack((p) => { p.serviceMonitor.inputs.spec.selector.matchLabels = { "app.kubernetes.io/component": "api-gateway" }; });
        assert.deepEqual(violations(policy, monitor), []);
        const podOnly = stack((p) => {
            p.deployment.inputs.spec.template.metadata.labels.tier = "edge";
            p.serviceMonitor.inputs.spec.selector.matchLabels = { tier: "edge" };
        });
        assert.match(violationOf(podOnly), /lacks a ServiceMonitor \(none selects the labels of Service gateway/);
    });

    it("fails a ServiceMonitor whose endpoints name no port of the Service, or that has none", () => {
        assert.match(violationOf(stack((p) => { p.serviceMonitor.inputs.spec.endpoints = [{ port: "prometheus" }]; })),
            /lacks a ServiceMonitor endpoint on its pods \(ServiceMonitor gateway selects Service gateway, but none of its endpoints names a port of that Service or, by targetPort, a container port of its pods\)\.$/);
        assert.match(violationOf(stack((p) => { p.serviceMonitor.inputs.spec.endpoints = []; })), /lacks a ServiceMonitor endpoint on its pods/);
        assert.match(violationOf(stack((p) => { p.serviceMonitor.inputs.spec.endpoints = [{ port: "prometheus", targetPort: "http" }]; })), /lacks a ServiceMonitor endpoint/, "port wins over targetPort");
    });

    it("accepts an endpoint whose targetPort names or numbers a container port of the pods", () => {
        for (const targetPort of ["http", 8080]) {
            assert.deepEqual(violations(policy, stack((p) => { p.serviceMonitor.inputs.spec.endpoints = [{ targetPort }]; })), [], String(targetPort));
        }
        assert.match(violationOf(stack((p) => { p.serviceMonitor.inputs.spec.endpoints = [{ targetPort: 9999 }]; })), /lacks a ServiceMonitor endpoint/);
    });

    it("follows a ServiceMonitor's namespaceSelector: its own namespace by default, matchNames, or any", () => {
        const elsewhere = (namespaceSelector?: Record<string, unknown>) => stack((p) => {
            p.serviceMonitor.inputs.metadata.namespace = "monitoring";
            if (namespaceSelector) p.serviceMonitor.inputs.spec.namespaceSelector = namespaceSelector;
        });
        assert.match(violationOf(elsewhere()), /lacks a ServiceMonitor/);
        assert.match(violationOf(elsewhere({ matchNames: ["signal-trading-dev"] })), /lacks a ServiceMonitor/);
        assert.deepEqual(violations(policy, elsewhere({ matchNames: ["signal-trading-dev", "signal-trading"] })), []);
        assert.deepEqual(violations(policy, elsewhere({ any: true })), []);
        assert.match(violationOf(elsewhere({ any: false, matchNames: [] })), /lacks a ServiceMonitor/);
    });

    it("fails a ServiceAccount that is not declared in the Deployment's namespace", () => {
        assert.match(violationOf(stack((p) => without(p, p.serviceAccount))), /lacks ServiceAccount gateway \(its serviceAccountName, which the stack does not declare in the namespace\)\.$/);
        assert.match(violationOf(stack((p) => { p.serviceAccount.inputs.metadata.namespace = "signal-trading-dev"; })), /lacks ServiceAccount gateway/);
        assert.match(violationOf(stack((p) => { p.serviceAccount.inputs.metadata.name = "gateway-sa"; })), /lacks ServiceAccount gateway/);
    });

    it("fails pods that run as the default ServiceAccount, named or left unset", () => {
        assert.match(violationOf(stack((p) => { p.deployment.inputs.spec.template.spec.serviceAccountName = "default"; })), /lacks its own ServiceAccount \(its pods run as the namespace's default one\)\.$/);
        assert.match(violationOf(stack((p) => { delete p.deployment.inputs.spec.template.spec.serviceAccountName; })), /lacks its own ServiceAccount/);
    });

    it("requires only the companions the config lists", () => {
        const bare = [compliantService().deployment];
        assert.deepEqual(violations(policy, bare, { companions: ["hpa"] }).map((v) => v.message.split("\n")[1]), ["gateway (kubernetes:apps/v1:Deployment) in namespace signal-trading lacks a HorizontalPodAutoscaler (none in the namespace has a scaleTargetRef naming apps/v1 Deployment gateway)."]);
        assert.throws(() => violations(policy, bare, { companions: [] }), /companions: must NOT have fewer than 1 items/);
        assert.throws(() => violations(policy, bare, { namespaces: [] }), /namespaces: must NOT have fewer than 1 items/);
        assert.match(violationOf(bare, { companions: ["pdb", "serviceAccount"] }), /lacks a PodDisruptionBudget \(none in the namespace selects its pods\); ServiceAccount gateway \(its serviceAccountName, which the stack does not declare in the namespace\)\.$/);
        assert.throws(() => violations(policy, bare, { companions: ["ingress"] }), /companions\.0: must be equal to one of the allowed values/);
    });

    it("judges only Deployments in the configured application namespaces", () => {
        const addon = compliantService().deployment;
        addon.inputs.metadata.namespace = "monitoring";
        assert.deepEqual(violations(policy, [addon]), []);
        assert.equal(violations(policy, [addon], { namespaces: ["monitoring"] }).length, 1);
        const dev = compliantService().deployment;
        dev.inputs.metadata.namespace = "signal-trading-dev";
        assert.match(violationOf([dev]), /in namespace signal-trading-dev lacks/);
    });

    it("reads the objects as the program declared them (__inputs), not as the API server returned them", () => {
        const declared = stack();
        // A mutating webhook labelled the live pods; a PDB that selects only that label selects no declared pod.
        const live = declared.map((r) => {
            if (r.type !== "kubernetes:apps/v1:Deployment") return r;
            const template = { ...r.inputs.spec.template, metadata: { labels: { ...r.inputs.spec.template.metadata.labels, "injected-by": "webhook" } } };
            return { ...r, outputs: { ...r.inputs, spec: { ...r.inputs.spec, replicas: 2, template }, status: { replicas: 2 }, __inputs: r.inputs } };
        });
        assert.deepEqual(violations(policy, live), []);
        const budget = live.find((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget")!;
        budget.inputs.spec.selector.matchLabels = { "injected-by": "webhook" };
        assert.match(violationOf(live), /lacks a PodDisruptionBudget/);
    });

    it("takes the namespace from the live object when the program left it to the provider's default namespace", () => {
        const workload = compliantService().deployment;
        const declared = structuredClone(workload.inputs);
        delete declared.metadata.namespace;
        workload.inputs = declared;
        workload.outputs = { ...workload.outputs, __inputs: declared };
        assert.match(violationOf([workload]), /in namespace signal-trading lacks/);
    });

    it("ignores ServiceMonitors of another API group", () => {
        const foreign = (parts: ReturnType<typeof compliantService>) => {
            const { inputs } = parts.serviceMonitor;
            return [...without(parts, parts.serviceMonitor), resource(SERVICE_MONITOR.replace("monitoring.coreos.com", "example.com"), "gateway-foreign-monitor", { inputs })];
        };
        assert.match(violationOf(stack(foreign)), /lacks a ServiceMonitor/);
    });
});
