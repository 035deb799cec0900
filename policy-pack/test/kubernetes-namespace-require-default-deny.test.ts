import { strict as assert } from "node:assert";
import { kubernetesNamespaceRequireDefaultDeny as policy } from "../kubernetes/kubernetes-namespace-require-default-deny";
import { resource, violations } from "./fixtures";
import { NAMESPACE, NETWORK_POLICY, namespaceWithBaseline } from "./fixtures-kubernetes";
import { without } from "./fixtures-s3";

describe("kubernetes-namespace-require-default-deny", () => {
    it("passes a namespace with deny-all, DNS to kube-dns and an allowed flow (matches)", () => {
        assert.deepEqual(violations(policy, namespaceWithBaseline().all), []);
    });

    it("passes two namespaces, each with its own baseline", () => {
        assert.deepEqual(violations(policy, [...namespaceWithBaseline().all, ...namespaceWithBaseline("signal-trading-monitoring").all]), []);
    });

    it("fails a namespace without a deny-all policy (no partner)", () => {
        const ns = namespaceWithBaseline();
        const found = violations(policy, without(ns.all, ns.defaultDeny));
        assert.deepEqual(found.map((v) => v.urn), [ns.namespace.urn]);
        assert.match(found[0].message, /signal-trading \(kubernetes:core\/v1:Namespace\) has no default-deny NetworkPolicy for Ingress and Egress \(podSelector \{\}, policyTypes \[Ingress, Egress\], no rules\), so any pod of the cluster may connect to its pods and its pods may connect anywhere\.$/);
    });

    it("fails a namespace whose deny-all policy is in another namespace (mismatched partner)", () => {
        const ns = namespaceWithBaseline();
        const other = namespaceWithBaseline("signal-trading-monitoring");
        const found = violations(policy, [...without(ns.all, ns.defaultDeny), other.namespace, other.defaultDeny, other.allowDns]);
        assert.deepEqual(found.map((v) => v.urn), [ns.namespace.urn]);
    });

    it("fails a deny-all that declares only Ingress, naming Egress", () => {
        const ns = namespaceWithBaseline();
        ns.defaultDeny.inputs.spec.policyTypes = ["Ingress"];
        assert.match(violations(policy, ns.all)[0].message, /has no default-deny NetworkPolicy for Egress \(.*\), so its pods may connect anywhere\.$/);
    });

    it("fails a deny-all without policyTypes, which Kubernetes reads as Ingress only", () => {
        const ns = namespaceWithBaseline();
        delete ns.defaultDeny.inputs.spec.policyTypes;
        assert.match(violations(policy, ns.all)[0].message, /has no default-deny NetworkPolicy for Egress /);
    });

    it("accepts separate deny-all policies for Ingress and for Egress", () => {
        const ns = namespaceWithBaseline();
        ns.defaultDeny.inputs.spec.policyTypes = ["Ingress"];
        const denyEgress = resource(NETWORK_POLICY, "deny-egress", { inputs: { metadata: { name: "deny-egress", namespace: "signal-trading" }, spec: { podSelector: {}, policyTypes: ["Egress"] } } });
        assert.deepEqual(violations(policy, [...ns.all, denyEgress]), []);
    });

    it("fails a \"deny-all\" that selects only some pods", () => {
        const ns = namespaceWithBaseline();
        ns.defaultDeny.inputs.spec.podSelector = { matchLabels: { "app.kubernetes.io/name": "gateway" } };
        assert.match(violations(policy, ns.all)[0].message, /has no default-deny NetworkPolicy for Ingress and Egress/);
    });

    it("fails a \"deny-all\" with a matchExpressions selector, which does not select every pod", () => {
        const ns = namespaceWithBaseline();
        ns.defaultDeny.inputs.spec.podSelector = { matchExpressions: [{ key: "exempt", operator: "DoesNotExist" }] };
        assert.match(violations(policy, ns.all)[0].message, /has no default-deny NetworkPolicy for Ingress and Egress/);
    });

    it("fails a \"deny-all\" that allows ingress from everywhere", () => {
        const ns = namespaceWithBaseline();
        ns.defaultDeny.inputs.spec.ingress = [{}];
        assert.match(violations(policy, ns.all)[0].message, /has no default-deny NetworkPolicy for Ingress \(/);
    });

    it("fails a namespace without the DNS policy", () => {
        const ns = namespaceWithBaseline();
        const found = violations(policy, without(ns.all, ns.allowDns));
        assert.deepEqual(found.map((v) => v.urn), [ns.namespace.urn]);
        assert.match(found[0].message, /signal-trading \(kubernetes:core\/v1:Namespace\) has no NetworkPolicy that allows every pod egress to kube-dns \(kube-system, k8s-app: kube-dns\) on UDP port 53\.$/);
    });

    it("fails DNS allowed on TCP only", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.egress[0].ports = [{ port: 53, protocol: "TCP" }];
        assert.match(violations(policy, ns.all)[0].message, /no NetworkPolicy that allows every pod egress to kube-dns/);
    });

    it("fails DNS on port 53 without a protocol, which Kubernetes reads as TCP", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.egress[0].ports = [{ port: 53 }];
        assert.equal(violations(policy, ns.all).length, 1);
    });

    it("fails DNS allowed to pods of the own namespace instead of kube-system", () => {
        const ns = namespaceWithBaseline();
        delete ns.allowDns.inputs.spec.egress[0].to[0].namespaceSelector;
        assert.equal(violations(policy, ns.all).length, 1);
    });

    it("fails DNS allowed to another namespace's pods", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.egress[0].to[0].namespaceSelector = { matchLabels: { "kubernetes.io/metadata.name": "signal-trading-monitoring" } };
        assert.equal(violations(policy, ns.all).length, 1);
    });

    it("fails DNS allowed to only some pods of the namespace", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.podSelector = { matchLabels: { "app.kubernetes.io/name": "gateway" } };
        assert.equal(violations(policy, ns.all).length, 1);
    });

    it("fails a DNS rule in a policy whose policyTypes leave out Egress", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.policyTypes = ["Ingress"];
        assert.match(violations(policy, ns.all)[0].message, /no NetworkPolicy that allows every pod egress to kube-dns/);
    });

    it("accepts kube-system selected by matchExpressions and DNS by the CoreDNS port name", () => {
        const ns = namespaceWithBaseline();
        ns.allowDns.inputs.spec.egress[0] = {
            to: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kube-system"] }] }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ port: "dns", protocol: "UDP" }],
        };
        assert.deepEqual(violations(policy, ns.all), []);
    });

    it("accepts UDP 53 to every destination", () => {
        const ns = namespaceWithBaseline();
        delete ns.allowDns.inputs.spec.egress[0].to;
        assert.deepEqual(violations(policy, ns.all), []);
    });

    it("fails a namespace without metadata.name, whose policies cannot be matched", () => {
        const ns = resource(NAMESPACE, "anonymous", { inputs: { metadata: { labels: {} } } });
        assert.match(violations(policy, [ns])[0].message, /anonymous \(kubernetes:core\/v1:Namespace\) has no metadata\.name, so no NetworkPolicy can be matched to it; name the namespace\.$/);
    });

    it("passes a stack without Namespaces", () => {
        const ns = namespaceWithBaseline();
        assert.deepEqual(violations(policy, without(ns.all, ns.namespace)), []);
    });
});
