import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { monitoringNamespace, nodeExporterNamespace } from "./namespace";
import { NON_PUBLIC_IPV4 } from "../../namespace/traffic";

const VPC = ADDRESSES.vpcCidr;
const PROMETHEUS = { "app.kubernetes.io/name": "prometheus" };
const ALERTMANAGER = { "app.kubernetes.io/name": "alertmanager" };
const GRAFANA = { "app.kubernetes.io/name": "grafana" };
const OPERATOR = { "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator", "app.kubernetes.io/component": "prometheus-operator" };
const NGINX = { namespace: "nginx-ingress", pods: { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" } };
const MESH = [{ port: 9094, protocol: "TCP" }, { port: 9094, protocol: "UDP" }];

describe("monitoring namespaces", () => {
    describe("signal-trading-monitoring", () => {
        const hidden = monitoringNamespace(ADDRESSES, { grafanaExposure: "none" });
        const exposed = monitoringNamespace(ADDRESSES, { grafanaExposure: "ingress" });

        it("is restricted and sound", () => {
            assert.equal(hidden.name, "signal-trading-monitoring");
            assert.equal(hidden.podSecurity, "restricted");
            assert.equal(hidden.exemption, undefined);
            assert.deepEqual(validateNamespaceSpec(exposed), []);
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

        it("lets out the API server, Prometheus to every namespace's pods and to the nodes' kubelets and node-exporters, Grafana's data sources, the mesh and Slack", () => {
            assert.deepEqual(hidden.egress, [
                { name: "api-server", pods: undefined, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
                { name: "prometheus-scrape-pods", pods: PROMETHEUS, peers: [{ allNamespaces: true }] },
                { name: "prometheus-scrape-nodes", pods: PROMETHEUS, peers: [{ cidr: VPC }], ports: [10250, 9100] },
                { name: "grafana-datasources", pods: GRAFANA, peers: [{ pods: PROMETHEUS }, { pods: ALERTMANAGER }], ports: [9090, 9093] },
                { name: "alertmanager-mesh", pods: ALERTMANAGER, peers: [{ pods: ALERTMANAGER }], ports: MESH },
                { name: "slack", pods: ALERTMANAGER, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] },
            ]);
            assert.deepEqual(exposed.egress, hidden.egress);
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
                "allow-egress-api-server", "allow-egress-prometheus-scrape-pods", "allow-egress-prometheus-scrape-nodes", "allow-egress-grafana-datasources",
                "allow-egress-alertmanager-mesh", "allow-egress-slack",
            ]);
            const scrape = renderNetworkPolicies(hidden).find((p) => p.metadata.name === "allow-egress-prometheus-scrape-pods")!;
            assert.deepEqual(scrape.spec.egress, [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: {} } }] }]);
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
