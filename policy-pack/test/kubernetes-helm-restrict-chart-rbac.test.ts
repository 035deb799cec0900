import { strict as assert } from "node:assert";
import { kubernetesHelmRestrictChartRbac as policy } from "../kubernetes/kubernetes-helm-restrict-chart-rbac";
import { violations } from "./fixtures";
import { CHARTS, chartRelease } from "./fixtures-charts";

const CERT_MANAGER_ALLOWANCES = [
    { chart: "cert-manager", component: "controller", scope: "cluster-secrets", reason: "issues certificates into every namespace" },
    { chart: "cert-manager", component: "cainjector", scope: "cluster-secrets", reason: "copies CA bundles" },
];

describe("kubernetes-helm-restrict-chart-rbac", () => {
    it("passes every chart's compliant release, cert-manager through its allowances", () => {
        const releases = Object.keys(CHARTS).map((key) => chartRelease(key));
        assert.deepEqual(violations(policy, releases, { allowances: CERT_MANAGER_ALLOWANCES }), []);
    });

    it("fails velero bound to cluster-admin, naming the value", () => {
        const release = chartRelease("velero", (v) => (v.rbac.clusterAdministrator = true));
        const found = violations(policy, [release]);
        assert.deepEqual(found.map((v) => v.urn), [release.urn]);
        assert.match(found[0].message, /\nvelero \(kubernetes:helm\.sh\/v3:Release\) gives velero's server cluster-admin rights: rbac\.clusterAdministrator is true, so the server's service account is bound to the ClusterRole cluster-admin\.$/);
    });

    it("fails velero leaving rbac.clusterAdministrator to the chart's default", () => {
        assert.match(violations(policy, [chartRelease("velero", (v) => delete v.rbac.clusterAdministrator)])[0].message, /unset \(the chart defaults it to true\)/);
    });

    it("fails nginx-ingress without controller.watchNamespace", () => {
        assert.match(violations(policy, [chartRelease("nginx-ingress", (v) => delete v.controller.watchNamespace)])[0].message, /gives nginx-ingress's controller access to the Secrets of every namespace: controller\.watchNamespace/);
    });

    it("fails grafana's sidecar searching ALL namespaces and kube-state-metrics collecting secrets, one violation each", () => {
        const release = chartRelease("kube-prometheus-stack", (v) => {
            v.grafana.sidecar.dashboards.searchNamespace = "ALL";
            v["kube-state-metrics"].collectors.push("secrets");
        });
        const messages = violations(policy, [release]).map((v) => v.message);
        assert.equal(messages.length, 2);
        assert.match(messages[0], /kube-prometheus-stack's grafana access to the Secrets of every namespace: sidecar\.dashboards\.searchNamespace is ALL/);
        assert.match(messages[1], /kube-prometheus-stack's kube-state-metrics access to the Secrets of every namespace: collectors lists secrets/);
    });

    it("fails cert-manager without its allowances, and an allowance for one component covers only that one", () => {
        assert.equal(violations(policy, [chartRelease("cert-manager")]).length, 2);
        const found = violations(policy, [chartRelease("cert-manager")], { allowances: CERT_MANAGER_ALLOWANCES.slice(0, 1) });
        assert.deepEqual(found.map((v) => /cert-manager's (\w+)/.exec(v.message)?.[1]), ["cainjector"]);
    });

    it("does not let a cluster-secrets allowance cover cluster-admin", () => {
        const release = chartRelease("velero", (v) => (v.rbac.clusterAdministrator = true));
        assert.equal(violations(policy, [release], { allowances: [{ chart: "velero", component: "server", scope: "cluster-secrets", reason: "r" }] }).length, 1);
    });

    it("fails a release of a chart without an adapter", () => {
        const release = chartRelease("metrics-server");
        release.inputs.chart = "bitnami/redis";
        assert.match(violations(policy, [release])[0].message, /installs the chart "redis", which has no adapter in policy-pack\/lib\/charts, so its RBAC cannot be judged/);
    });
});
