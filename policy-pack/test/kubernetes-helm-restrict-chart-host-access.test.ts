import { strict as assert } from "node:assert";
import { kubernetesHelmRestrictChartHostAccess as policy } from "../kubernetes/kubernetes-helm-restrict-chart-host-access";
import { resource, violations } from "./fixtures";
import { CHARTS, chartRelease } from "./fixtures-charts";
import { NAMESPACE } from "./fixtures-kubernetes";

/** A namespace the stack declares at `level`, with an exemption reason when `reason` is given. */
function namespace(name: string, level: string, reason?: string) {
    return resource(NAMESPACE, name, {
        inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "pod-security.kubernetes.io/enforce": level }, ...(reason ? { annotations: { "signal-trading.io/pod-security-exemption": reason } } : {}) } },
    });
}

const NODE_EXPORTER_NAMESPACE = () => namespace("node-exporter", "privileged", "node-exporter reads the node's /proc and /sys");
const LOGGING_NAMESPACE = () => namespace("signal-trading-logging", "privileged", "Fluent Bit reads the node's container logs");

describe("kubernetes-helm-restrict-chart-host-access", () => {
    it("passes every chart's compliant release, node-exporter and Fluent Bit in their privileged namespaces", () => {
        assert.deepEqual(violations(policy, [NODE_EXPORTER_NAMESPACE(), LOGGING_NAMESPACE(), ...Object.keys(CHARTS).map((key) => chartRelease(key))]), []);
    });

    it("fails Fluent Bit's hostPaths in a namespace the stack does not declare privileged", () => {
        const release = chartRelease("fluent-bit");
        const found = violations(policy, [namespace("signal-trading-logging", "baseline", "some reason"), release]);
        assert.deepEqual(found.map((v) => v.urn), [release.urn]);
        assert.match(found[0].message, /runs fluent-bit's fluent-bit in namespace signal-trading-logging with hostPath volumes \/var\/log\/containers, \/var\/log\/pods, \/var\/fluent-bit\/state, which its namespace's Pod Security level \(baseline\) does not allow/);
    });

    it("fails node-exporter in a restricted namespace, listing what it does", () => {
        const release = chartRelease("kube-prometheus-stack", (v) => delete v["prometheus-node-exporter"].namespaceOverride);
        const found = violations(policy, [namespace("signal-trading-monitoring", "restricted"), release]);
        assert.deepEqual(found.map((v) => v.urn), [release.urn]);
        assert.match(found[0].message, /\nkube-prometheus-stack \(kubernetes:helm\.sh\/v3:Release\) runs kube-prometheus-stack's prometheus-node-exporter in namespace signal-trading-monitoring with hostNetwork: true, hostPID: true, hostPath volumes \/, \/proc, \/sys, which its namespace's Pod Security level \(restricted\) does not allow\.$/);
    });

    it("fails a privileged namespace without a written exemption, and a namespace the stack does not declare", () => {
        const release = chartRelease("kube-prometheus-stack");
        assert.match(violations(policy, [namespace("node-exporter", "privileged"), release])[0].message, /level \(restricted\) does not allow/);
        assert.match(violations(policy, [release])[0].message, /level \(restricted, not declared in the stack\) does not allow/);
    });

    it("fails hostNetwork where the chart sets it (nginx-ingress, metrics-server, cert-manager's webhook)", () => {
        const found = violations(policy, [
            chartRelease("nginx-ingress", (v) => (v.controller.hostNetwork = true)),
            chartRelease("metrics-server", (v) => (v.hostNetwork = { enabled: true })),
            chartRelease("cert-manager", (v) => (v.webhook.hostNetwork = true)),
        ]);
        assert.deepEqual(found.map((v) => /runs ([\w-]+'s [\w-]+)/.exec(v.message)?.[1]), ["nginx-ingress's controller", "metrics-server's server", "cert-manager's webhook"]);
    });

    it("fails capabilities beyond NET_BIND_SERVICE, and allows baseline's in a baseline namespace", () => {
        const release = chartRelease("nginx-ingress", (v) => v.controller.securityContext.capabilities.add.push("CHOWN"));
        assert.match(violations(policy, [release])[0].message, /with added capabilities CHOWN,/);
        assert.deepEqual(violations(policy, [namespace("nginx-ingress", "baseline", "chowns its cache"), release]), []);
        const raw = chartRelease("nginx-ingress", (v) => v.controller.securityContext.capabilities.add.push("NET_RAW"));
        assert.match(violations(policy, [namespace("nginx-ingress", "baseline", "chowns its cache"), raw])[0].message, /added capabilities NET_RAW, .*\(baseline\)/);
    });

    it("fails velero's node agent, privileged with hostPath, outside a privileged namespace", () => {
        const release = chartRelease("velero", (v) => { v.deployNodeAgent = true; v.nodeAgent = { containerSecurityContext: { privileged: true } }; });
        assert.match(violations(policy, [release])[0].message, /velero's node-agent in namespace velero with a privileged container, hostPath volumes \/var\/lib\/kubelet\/pods, \/var\/lib\/kubelet\/plugins/);
    });

    it("skips the ignored namespaces", () => {
        const release = chartRelease("cluster-autoscaler", (v) => (v.hostNetwork = true));
        assert.deepEqual(violations(policy, [release]), []);
        assert.equal(violations(policy, [release], { ignoredNamespaces: [] }).length, 1);
    });

    it("fails a release of a chart without an adapter", () => {
        const release = chartRelease("metrics-server");
        release.inputs.chart = "ingress-nginx";
        assert.match(violations(policy, [release])[0].message, /installs the chart "ingress-nginx", which has no adapter .* so its pods' host access cannot be judged/);
    });
});
