import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { COREDNS_SCRAPE_TARGET, monitoringNamespace, nodeExporterNamespace, scrapeTargetsOf } from "./namespace";
import { NON_PUBLIC_IPV4 } from "../../namespace/traffic";

const VPC = ADDRESSES.vpcCidr;
const PROMETHEUS = { "app.kubernetes.io/name": "prometheus" };
const ALERTMANAGER = { "app.kubernetes.io/name": "alertmanager" };
const GRAFANA = { "app.kubernetes.io/name": "grafana" };
const OPERATOR = { "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator", "app.kubernetes.io/component": "prometheus-operator" };
const NGINX = { namespace: "nginx-ingress", pods: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" } };
const MESH = [{ port: 9094, protocol: "TCP" }, { port: 9094, protocol: "UDP" }];
const PUBLIC_HTTPS = [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }];
const GATEWAY = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" };
const TARGETS = [{ name: "gateway", namespace: "signal-trading", pods: GATEWAY, ports: [9090] }, COREDNS_SCRAPE_TARGET];
const SSO = {
    authUrl: "https://sso.example.com/a", tokenUrl: "https://sso.example.com/t", userinfoUrl: "https://sso.example.com/u",
    clientId: "grafana", scopes: ["openid"], groupsClaim: "groups", roles: { Admin: ["admins"], Editor: [], Viewer: [] },
};

describe("monitoring namespaces", () => {
    describe("signal-trading-monitoring", () => {
        const hidden = monitoringNamespace(ADDRESSES, { grafanaExposure: "none", grafanaSso: null }, TARGETS);
        const exposed = monitoringNamespace(ADDRESSES, { grafanaExposure: "ingress", grafanaSso: null }, TARGETS);
        const withSso = monitoringNamespace(ADDRESSES, { grafanaExposure: "ingress", grafanaSso: SSO }, TARGETS);

        it("is restricted and sound", () => {
            assert.equal(hidden.name, "signal-trading-monitoring");
            assert.equal(hidden.podSecurity, "restricted");
            assert.equal(hidden.exemption, undefined);
            assert.deepEqual(validateNamespaceSpec(exposed), []);
            assert.deepEqual(validateNamespaceSpec(withSso), []);
        });

        it("is labelled for the ingress controller to watch only when Grafana is exposed", () => {
            assert.deepEqual(exposed.labels, { "signal-trading.io/nginx-ingress-routes": "true" });
            assert.equal(hidden.labels, undefined);
        });

        it("lets in the control plane to the operator's webhook, Prometheus's scrapes, Grafana's queries, alerts and the Alertmanager mesh", () => {
            assert.deepEqual(hidden.ingress, [
                { name: "operator-webhook", pods: OPERATOR, peers: CONTROL_PLANE_PEERS, ports: [10250] },
                { name: "prometheus-scrape", pods: undefined, peers: [{ namespace: "signal-trading-monitoring", pods: PROMETHEUS }], ports: [9090, 9093, 3000, 8080, 10250] },
                { name: "prometheus-queries", pods: PROMETHEUS, peers: [{ pods: GRAFANA }], ports: [9090] },
                { name: "alertmanager-api", pods: ALERTMANAGER, peers: [{ pods: PROMETHEUS }, { pods: GRAFANA }], ports: [9093] },
                { name: "alertmanager-mesh", pods: ALERTMANAGER, peers: [{ pods: ALERTMANAGER }], ports: MESH },
            ]);
        });

        it("lets out the API server, Prometheus to the metrics ports it scrapes and to the nodes' kubelets and node-exporters, Grafana's data sources, the mesh and Slack", () => {
            assert.deepEqual(hidden.egress, [
                { name: "api-server", pods: undefined, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
                { name: "prometheus-scrape-monitoring", pods: PROMETHEUS, peers: [{ namespace: "signal-trading-monitoring" }], ports: [9090, 9093, 3000, 8080, 10250] },
                { name: "prometheus-scrape-gateway", pods: PROMETHEUS, peers: [{ namespace: "signal-trading", pods: GATEWAY }], ports: [9090] },
                { name: "prometheus-scrape-coredns", pods: PROMETHEUS, peers: [{ namespace: "kube-system", pods: { "k8s-app": "kube-dns" } }], ports: [9153] },
                { name: "prometheus-scrape-nodes", pods: PROMETHEUS, peers: [{ cidr: VPC }], ports: [10250, 9100] },
                { name: "grafana-datasources", pods: GRAFANA, peers: [{ pods: PROMETHEUS }, { pods: ALERTMANAGER }], ports: [9090, 9093] },
                { name: "alertmanager-mesh", pods: ALERTMANAGER, peers: [{ pods: ALERTMANAGER }], ports: MESH },
                { name: "slack", pods: ALERTMANAGER, peers: PUBLIC_HTTPS, ports: [443] },
            ]);
            assert.deepEqual(exposed.egress, hidden.egress);
            for (const policy of renderNetworkPolicies(exposed)) {
                for (const rule of policy.spec.egress ?? []) assert.ok(rule.ports && rule.ports.length > 0, `${policy.metadata.name} opens every port`);
            }
        });

        it("with SSO, lets Grafana reach the identity provider over public HTTPS", () => {
            assert.deepEqual(withSso.egress.slice(hidden.egress.length), [{ name: "grafana-identity-provider", pods: GRAFANA, peers: PUBLIC_HTTPS, ports: [443] }]);
        });

        it("scrapes in other namespaces exactly what their fromPrometheus rules open", () => {
            const nginx = { name: "nginx-ingress", podSecurity: "restricted" as const, egress: [], ingress: [
                { name: "clients", pods: NGINX.pods, peers: [{ cidr: "0.0.0.0/0" }], ports: [80, 443] },
                { name: "prometheus-scrape", pods: NGINX.pods, peers: [{ namespace: "signal-trading-monitoring", pods: PROMETHEUS }], ports: [9113] },
            ] };
            assert.deepEqual(scrapeTargetsOf([nginx, hidden, nodeExporterNamespace()]), [
                { name: "nginx-ingress", namespace: "nginx-ingress", pods: NGINX.pods, ports: [9113] },
                { name: "node-exporter", namespace: "node-exporter", ports: [9100] },
            ]);
        });

        it("lets the ingress controller reach Grafana, and nothing else, only when Grafana is exposed", () => {
            const extra = (spec: typeof hidden) => spec.ingress.slice(hidden.ingress.length);
            const grafana = { name: "grafana-from-nginx-ingress", pods: GRAFANA, peers: [NGINX], ports: [3000] };
            assert.deepEqual(extra(exposed), [grafana]);
            assert.deepEqual(extra(hidden), []);
        });

        it("renders one policy per flow after the default deny and DNS", () => {
            assert.deepEqual(renderNetworkPolicies(exposed).map((p) => p.metadata.name), [
                "default-deny", "allow-egress-dns",
                "allow-ingress-operator-webhook", "allow-ingress-prometheus-scrape", "allow-ingress-prometheus-queries", "allow-ingress-alertmanager-api",
                "allow-ingress-alertmanager-mesh", "allow-ingress-grafana-from-nginx-ingress",
                "allow-egress-api-server", "allow-egress-prometheus-scrape-monitoring", "allow-egress-prometheus-scrape-gateway", "allow-egress-prometheus-scrape-coredns",
                "allow-egress-prometheus-scrape-nodes", "allow-egress-grafana-datasources", "allow-egress-alertmanager-mesh", "allow-egress-slack",
            ]);
            const scrape = renderNetworkPolicies(hidden).find((p) => p.metadata.name === "allow-egress-prometheus-scrape-gateway")!;
            assert.deepEqual(scrape.spec.egress, [{
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading" } }, podSelector: { matchLabels: GATEWAY } }],
                ports: [{ port: 9090, protocol: "TCP" }],
            }]);
        });
    });

    describe("node-exporter", () => {
        const spec = nodeExporterNamespace();

        it("is privileged with a written exemption, for the host namespaces and hostPath mounts", () => {
            assert.equal(spec.name, "node-exporter");
            assert.equal(spec.podSecurity, "privileged");
            assert.match(spec.exemption ?? "", /host network and PID namespaces.*hostPath/);
            assert.deepEqual(validateNamespaceSpec(spec), []);
        });

        it("lets in only Prometheus on 9100 and out nothing but DNS", () => {
            assert.deepEqual(spec.ingress, [
                { name: "prometheus-scrape", pods: undefined, peers: [{ namespace: "signal-trading-monitoring", pods: PROMETHEUS }], ports: [9100] },
            ]);
            assert.deepEqual(spec.egress, []);
        });
    });
});
