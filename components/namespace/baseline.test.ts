import { strict as assert } from "node:assert";
import { ADDRESSES } from "../../test/addon-fixture";
import { registrationsOf } from "../../test/harness";
import { EXEMPTION_ANNOTATION, NamespaceSpec, renderLimitRange, renderNamespace, renderNetworkPolicies, renderResourceQuota, validateNamespaceSpec } from "./baseline";
import { NamespaceBaseline } from "./namespace-baseline";
import { fromControlPlane, fromPrometheus, NON_PUBLIC_IPV4, toApiServer, toPublicHttps } from "./traffic";

const SPEC: NamespaceSpec = {
    name: "cert-manager",
    podSecurity: "restricted",
    ingress: [fromControlPlane("webhook", ADDRESSES, [10250], { "app.kubernetes.io/component": "webhook" }), fromPrometheus([9402])],
    egress: [toApiServer(ADDRESSES), toPublicHttps("acme")],
};

describe("namespace baseline", () => {
    it("labels the namespace with the restricted standard, warnings and audit always against restricted", () => {
        assert.deepEqual(renderNamespace(SPEC), {
            metadata: {
                name: "cert-manager",
                labels: {
                    "app.kubernetes.io/part-of": "signal-trading",
                    "pod-security.kubernetes.io/enforce": "restricted",
                    "pod-security.kubernetes.io/enforce-version": "latest",
                    "pod-security.kubernetes.io/warn": "restricted",
                    "pod-security.kubernetes.io/audit": "restricted",
                },
            },
        });
    });

    it("keeps an exemption's reason on the namespace it relaxes", () => {
        const rendered = renderNamespace({ ...SPEC, podSecurity: "privileged", exemption: "node-exporter reads the host" });
        assert.equal(rendered.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
        assert.equal(rendered.metadata.labels["pod-security.kubernetes.io/warn"], "restricted");
        assert.deepEqual(rendered.metadata.annotations, { [EXEMPTION_ANNOTATION]: "node-exporter reads the host" });
    });

    it("gives containers without resources a request and a memory limit", () => {
        assert.deepEqual(renderLimitRange(SPEC).spec.limits, [{ type: "Container", defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { memory: "256Mi" } }]);
    });

    it("caps an application namespace's compute with a ResourceQuota", () => {
        const quota = { requestsCpu: "8", requestsMemory: "16Gi", limitsMemory: "32Gi", pods: 60 };
        assert.deepEqual(renderResourceQuota({ ...SPEC, name: "signal-trading", quota }), {
            metadata: { name: "compute", namespace: "signal-trading" },
            spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "32Gi", pods: "60" } },
        });
    });

    it("denies all traffic, allows DNS to kube-dns, then exactly the declared flows", () => {
        const policies = renderNetworkPolicies(SPEC);
        assert.deepEqual(policies.map((p) => p.metadata.name), ["default-deny", "allow-egress-dns", "allow-ingress-webhook", "allow-ingress-prometheus-scrape", "allow-egress-api-server", "allow-egress-acme"]);
        assert.deepEqual(policies[0].spec, { podSelector: { matchLabels: {} }, policyTypes: ["Ingress", "Egress"] });
        assert.deepEqual(policies[1].spec.egress, [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
        }]);
        assert.ok(policies.every((p) => p.metadata.namespace === "cert-manager"));
    });

    it("renders a rule's pods, peers and ports", () => {
        const [webhook, scrape, apiServer, acme] = renderNetworkPolicies(SPEC).slice(2);
        assert.deepEqual(webhook.spec, {
            podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } },
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ ipBlock: { cidr: "10.40.160.0/27" } }, { ipBlock: { cidr: "10.40.161.0/27" } }, { ipBlock: { cidr: "10.40.162.0/27" } }], ports: [{ port: 10250, protocol: "TCP" }] }],
        });
        assert.deepEqual(scrape.spec.ingress, [{
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading-monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
            ports: [{ port: 9402, protocol: "TCP" }],
        }]);
        assert.deepEqual(apiServer.spec.egress, [{ to: [{ ipBlock: { cidr: "10.40.160.0/27" } }, { ipBlock: { cidr: "10.40.161.0/27" } }, { ipBlock: { cidr: "10.40.162.0/27" } }, { ipBlock: { cidr: "172.20.0.0/16" } }], ports: [{ port: 443, protocol: "TCP" }] }]);
        assert.deepEqual(acme.spec.egress, [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] } }], ports: [{ port: 443, protocol: "TCP" }] }]);
    });

    it("opens every port when a rule names none, and reaches pods of every namespace", () => {
        const [rule] = renderNetworkPolicies({ ...SPEC, ingress: [], egress: [{ name: "backends", peers: [{ allNamespaces: true }] }] }).slice(2);
        assert.deepEqual(rule.spec.egress, [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: {} } }] }]);
    });

    it("accepts a sound spec", () => {
        assert.deepEqual(validateNamespaceSpec(SPEC), []);
    });

    it("refuses a relaxed standard without a reason, a reason on a restricted namespace, bad names, twin rules and rules without peers", () => {
        assert.deepEqual(validateNamespaceSpec({ ...SPEC, podSecurity: "privileged" }), ["namespace cert-manager enforces privileged pod security without a written exemption"]);
        assert.deepEqual(validateNamespaceSpec({ ...SPEC, exemption: "because" }), ["namespace cert-manager is restricted but carries an exemption"]);
        assert.deepEqual(validateNamespaceSpec({ ...SPEC, name: "Cert_Manager" }), ['namespace "Cert_Manager" is not a valid DNS label']);
        assert.deepEqual(validateNamespaceSpec({ ...SPEC, egress: [toPublicHttps("acme"), toPublicHttps("acme")] }), ["namespace cert-manager declares the rule egress-acme twice"]);
        assert.deepEqual(validateNamespaceSpec({ ...SPEC, egress: [{ name: "nowhere", peers: [] }] }), ["namespace cert-manager: rule nowhere allows no peer"]);
    });
});

describe("NamespaceBaseline component", () => {
    it("creates the namespace, its limits, its quota when given, and its policies, all after the namespace", async () => {
        const r = await registrationsOf(() => {
            new NamespaceBaseline("apps", { spec: { ...SPEC, name: "signal-trading", quota: { requestsCpu: "8", requestsMemory: "16Gi", limitsMemory: "32Gi", pods: 60 } } });
            new NamespaceBaseline("addon", { spec: SPEC });
        });
        const namespace = r.one("kubernetes:core/v1:Namespace", "apps");
        for (const type of ["kubernetes:core/v1:LimitRange", "kubernetes:core/v1:ResourceQuota"]) {
            const object = r.one(type, type.endsWith("Quota") ? "apps-quota" : "apps-limits");
            assert.equal(r.inputs(object).metadata.namespace, "signal-trading");
            assert.ok(object.dependencies.includes(namespace.urn));
        }
        assert.equal(r.ofType("kubernetes:core/v1:ResourceQuota").length, 1, "an add-on namespace gets no quota");
        assert.equal(r.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((policy) => policy.name.startsWith("apps-")).length, 6);
    });

    it("refuses an unsound spec before creating anything", async () => {
        await assert.rejects(registrationsOf(() => new NamespaceBaseline("bad", { spec: { ...SPEC, podSecurity: "privileged" } })), /without a written exemption/);
    });
});
