import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, CONTROL_PLANE_PEERS, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { edgePlacement, nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { AddonOutputs } from "../addon";
import { fromNginxIngress, nginxIngressNamespace } from "./namespace";
import { NGINX_INGRESS_CHART, nginxIngressAddon } from "./nginx-ingress";
import { nginxIngressValues } from "./values";

const CONTROLLER = { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" };
const DEPS = { "prometheus-operator-crds": {} };
const GATEWAY = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" };
const GRAFANA = { "app.kubernetes.io/name": "grafana" };
const BACKENDS = [
    { name: "gateway", namespace: "signal-trading", pods: GATEWAY, port: 8080 },
    { name: "grafana", namespace: "signal-trading-monitoring", pods: GRAFANA, port: 3000 },
];
const PLACEMENT = edgePlacement(nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]), ["general"], [{ namespace: "velero" }]);

describe("NGINX Ingress Controller add-on", () => {
    const addon = nginxIngressAddon(ADDRESSES, { version: "2.6.4", replicas: 3, backends: BACKENDS, placement: PLACEMENT });

    it("needs the Prometheus CRDs (ServiceMonitor), provides the nginx and the default IngressClass and owns its namespace", () => {
        assert.equal(addon.name, "nginx-ingress");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["ingress-class:nginx", "default-ingress-class"]);
        assert.deepEqual(addon.namespaces, [nginxIngressNamespace(ADDRESSES, BACKENDS)]);
    });

    describe("namespace", () => {
        const spec = nginxIngressNamespace(ADDRESSES, BACKENDS);

        it("is the restricted nginx-ingress namespace, labelled for the controller to watch, and sound", () => {
            assert.equal(spec.name, "nginx-ingress");
            assert.deepEqual(spec.labels, { "signal-trading.io/nginx-ingress-routes": "true" });
            assert.equal(spec.podSecurity, "restricted");
            assert.equal(spec.exemption, undefined);
            assert.deepEqual(validateNamespaceSpec(spec), []);
        });

        it("lets clients from anywhere reach the controller on 80 and 443 and Prometheus scrape it on 9113, nothing else", () => {
            assert.deepEqual(spec.ingress, [
                { name: "clients", pods: CONTROLLER, peers: [{ cidr: "0.0.0.0/0" }], ports: [80, 443] },
                { name: "prometheus-scrape", pods: CONTROLLER, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [9113] },
            ]);
        });

        it("lets the controller reach the API server and each backend's pods on that backend's port only", () => {
            assert.deepEqual(spec.egress, [
                { name: "api-server", pods: CONTROLLER, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
                { name: "to-gateway", pods: CONTROLLER, peers: [{ namespace: "signal-trading", pods: GATEWAY }], ports: [8080] },
                { name: "to-grafana", pods: CONTROLLER, peers: [{ namespace: "signal-trading-monitoring", pods: GRAFANA }], ports: [3000] },
            ]);
            const gateway = renderNetworkPolicies(spec).find((p) => p.metadata.name === "allow-egress-to-gateway")!;
            assert.deepEqual(gateway.spec.egress, [{
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading" } }, podSelector: { matchLabels: GATEWAY } }],
                ports: [{ port: 8080, protocol: "TCP" }],
            }]);
            for (const policy of renderNetworkPolicies(spec)) {
                for (const rule of policy.spec.egress ?? []) assert.ok(rule.ports && rule.ports.length > 0, `${policy.metadata.name} opens every port`);
            }
        });

        it("without backends, reaches nothing but the API server", () => {
            assert.deepEqual(nginxIngressNamespace(ADDRESSES, []).egress.map((r) => r.name), ["api-server"]);
        });

        it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
            assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
                "default-deny", "allow-egress-dns", "allow-ingress-clients", "allow-ingress-prometheus-scrape",
                "allow-egress-api-server", "allow-egress-to-gateway", "allow-egress-to-grafana",
            ]);
        });

        it("gives backend namespaces the rule that lets the controller in on their ports", () => {
            assert.deepEqual(fromNginxIngress([8080], { app: "gateway" }), {
                name: "nginx-ingress", pods: { app: "gateway" }, peers: [{ namespace: "nginx-ingress", pods: CONTROLLER }], ports: [8080],
            });
        });
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["nginx-ingress"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-nginx-ingress", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:NginxIngress", "prod-nginx-ingress");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs the pinned F5 chart from its OCI registry into the nginx-ingress namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(NGINX_INGRESS_CHART, { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" });
            assert.equal(inputs.chart, "oci://ghcr.io/nginx/charts/nginx-ingress");
            assert.equal(inputs.version, "2.6.4");
            assert.equal(inputs.repositoryOpts, undefined);
            assert.equal(inputs.namespace, "nginx-ingress");
            assert.equal(inputs.name, "nginx-ingress");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes its replicas, its placement and the namespaces of its backends to the chart", () => {
            assert.deepEqual(r.inputs(release()).values, nginxIngressValues({ placement: PLACEMENT, replicas: 3, routeNamespaces: ["signal-trading", "signal-trading-monitoring"], registry: REGISTRY }));
        });

        it("creates the controller's service account and roles in its namespace and at cluster scope before the chart", () => {
            const sa = r.one("kubernetes:core/v1:ServiceAccount");
            assert.deepEqual(r.inputs(sa).metadata, { name: "nginx-ingress-controller", namespace: "nginx-ingress" });
            const clusterRole = r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
            assert.deepEqual(r.inputs(clusterRole).rules, [
                { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get"], resourceNames: ["nginx"] },
                { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"] },
            ]);
            const role = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role");
            assert.equal(r.inputs(role).metadata.namespace, "nginx-ingress");
            assert.ok(!r.inputs(role).rules.some((rule: { resources: string[] }) => rule.resources.includes("secrets")), "reads Secrets in its own namespace");
            const crb = r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
            assert.deepEqual(r.inputs(crb).subjects, [{ kind: "ServiceAccount", name: "nginx-ingress-controller", namespace: "nginx-ingress" }]);
            const rb = r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
            assert.deepEqual(r.inputs(rb).roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "nginx-ingress-controller" });
            for (const grant of [sa, crb, rb]) assert.ok(release().dependencies.includes(grant.urn), `the release does not wait for ${grant.name}`);
        });

        it("creates the release through the cluster's provider", () => {
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands the IngressClass and its namespace to its dependents", () => {
            assert.deepEqual(outputs, { ingressClassName: "nginx", namespace: "nginx-ingress" });
        });
    });
});
