import { NamespaceSpec, TrafficPeer, TrafficPort, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, fromPrometheus, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS, toApiServer, toNodes, toPublicHttps } from "../../namespace/traffic";
import { fromNginxIngress } from "../nginx-ingress/namespace";
import { ROUTES_NAMESPACE_LABELS } from "../nginx-ingress/values";
import { MonitoringConfig, NODE_EXPORTER_NAMESPACE, PODS, PORTS } from "./values";

/** Which components the ingress controller exposes, and whether Grafana signs in through the identity provider. */
export type MonitoringExposure = Pick<MonitoringConfig, "grafanaExposure" | "grafanaSso">;

/** Pods of another namespace Prometheus scrapes (all of the namespace's pods when `pods` is unset), on their metrics ports. */
export interface ScrapeTarget {
    /** Names the egress rule (`prometheus-scrape-<name>`). */
    name: string;
    namespace: string;
    pods?: Record<string, string>;
    ports: TrafficPort[];
}

/** CoreDNS, which the chart's coreDns ServiceMonitor scrapes in kube-system (a namespace the platform does not own). */
export const COREDNS_SCRAPE_TARGET: ScrapeTarget = { name: "coredns", namespace: "kube-system", pods: { "k8s-app": "kube-dns" }, ports: [9153] };

/**
 * The scrape targets of namespaces with the platform's baseline: the mirror of each one's
 * `fromPrometheus` rule, so a namespace that opens a metrics port to Prometheus is scraped
 * there and nowhere else.
 */
export function scrapeTargetsOf(specs: readonly NamespaceSpec[]): ScrapeTarget[] {
    const prometheus = JSON.stringify(PROMETHEUS_POD_LABELS);
    const fromPrometheusRule = (rule: TrafficRule) => rule.peers.some((p) => "namespace" in p && p.namespace === MONITORING_NAMESPACE && JSON.stringify(p.pods) === prometheus);
    return specs.filter((spec) => spec.name !== MONITORING_NAMESPACE).flatMap((spec) => spec.ingress.filter(fromPrometheusRule).map((rule) => ({
        name: spec.name, namespace: spec.name, ...(rule.pods ? { pods: rule.pods } : {}), ports: rule.ports ?? [],
    })));
}

/**
 * The pods of other namespaces that query Prometheus's HTTP API: the mirror of each namespace's
 * egress rule to Prometheus on its web port, so a namespace that says it queries Prometheus is
 * admitted there and nowhere else.
 */
export function prometheusClientsOf(specs: readonly NamespaceSpec[]): TrafficPeer[] {
    const prometheus = JSON.stringify(PROMETHEUS_POD_LABELS);
    const toPrometheus = (rule: TrafficRule) => (rule.ports ?? []).includes(PORTS.prometheus)
        && rule.peers.some((p) => "namespace" in p && p.namespace === MONITORING_NAMESPACE && JSON.stringify(p.pods) === prometheus);
    return specs.filter((spec) => spec.name !== MONITORING_NAMESPACE).flatMap((spec) => spec.egress.filter(toPrometheus).map((rule) => ({
        namespace: spec.name, ...(rule.pods ? { pods: rule.pods } : {}),
    })));
}

/** The metrics ports of this namespace's components: Prometheus, Alertmanager, Grafana, the config-reloaders and kube-state-metrics, the operator. */
const SCRAPED_HERE = [PORTS.prometheus, PORTS.alertmanager, PORTS.grafana, PORTS.http, PORTS.operator];

const ALERTMANAGER_MESH = [{ port: PORTS.alertmanagerMesh, protocol: "TCP" as const }, { port: PORTS.alertmanagerMesh, protocol: "UDP" as const }];

/**
 * The monitoring namespace: restricted pod security and exactly these flows.
 * In:
 * - the control plane to the operator's admission webhook;
 * - Prometheus scraping every component here (Prometheus and Alertmanager with their
 *   config-reloaders, Grafana, kube-state-metrics, the operator);
 * - Grafana and the `prometheusClients` of other namespaces (prometheus-adapter) querying
 *   Prometheus, and Prometheus and Grafana calling Alertmanager;
 * - the Alertmanager replicas gossiping;
 * - when exposed, the ingress controller to Grafana.
 * Out:
 * - every pod to the API server (service discovery, the operator, the dashboard sidecars,
 *   kube-state-metrics);
 * - Prometheus to the metrics ports of the pods it scrapes elsewhere (`scrapeTargets`: the
 *   add-ons' exporters, the services, Redis's exporter, CoreDNS) and to everything here;
 * - Prometheus to the nodes (VPC addresses): kubelets and cAdvisor on 10250, node-exporter on
 *   9100 in the host network;
 * - Grafana to Prometheus and Alertmanager (its data sources);
 * - the Alertmanager mesh, and Alertmanager to Slack (public HTTPS);
 * - with SSO, Grafana to the identity provider's token and userinfo endpoints (public HTTPS).
 */
export function monitoringNamespace(addresses: ClusterAddresses, exposure: MonitoringExposure, scrapeTargets: readonly ScrapeTarget[], prometheusClients: readonly TrafficPeer[] = []): NamespaceSpec {
    const grafanaExposed = exposure.grafanaExposure === "ingress";
    const scrapes = [{ name: "monitoring", namespace: MONITORING_NAMESPACE, ports: SCRAPED_HERE }, ...scrapeTargets];
    const fromIngress = (name: string, port: number, pods: Record<string, string>): TrafficRule => ({ ...fromNginxIngress([port], pods), name });
    return {
        name: MONITORING_NAMESPACE,
        podSecurity: "restricted",
        // Exposed, its Grafana Ingress is served by the ingress controller, which watches namespaces with this label.
        ...(grafanaExposed ? { labels: ROUTES_NAMESPACE_LABELS } : {}),
        ingress: [
            fromControlPlane("operator-webhook", addresses, [PORTS.operator], PODS.operator),
            fromPrometheus(SCRAPED_HERE),
            { name: "prometheus-queries", pods: PODS.prometheus, peers: [{ pods: PODS.grafana }, ...prometheusClients], ports: [PORTS.prometheus] },
            { name: "alertmanager-api", pods: PODS.alertmanager, peers: [{ pods: PODS.prometheus }, { pods: PODS.grafana }], ports: [PORTS.alertmanager] },
            { name: "alertmanager-mesh", pods: PODS.alertmanager, peers: [{ pods: PODS.alertmanager }], ports: ALERTMANAGER_MESH },
            ...(grafanaExposed ? [fromIngress("grafana-from-nginx-ingress", PORTS.grafana, PODS.grafana)] : []),
        ],
        egress: [
            toApiServer(addresses),
            ...scrapes.map((t): TrafficRule => ({ name: `prometheus-scrape-${t.name}`, pods: PODS.prometheus, peers: [{ namespace: t.namespace, ...(t.pods ? { pods: t.pods } : {}) }], ports: t.ports })),
            toNodes("prometheus-scrape-nodes", addresses, [PORTS.kubelet, PORTS.nodeExporter], PODS.prometheus),
            { name: "grafana-datasources", pods: PODS.grafana, peers: [{ pods: PODS.prometheus }, { pods: PODS.alertmanager }], ports: [PORTS.prometheus, PORTS.alertmanager] },
            { name: "alertmanager-mesh", pods: PODS.alertmanager, peers: [{ pods: PODS.alertmanager }], ports: ALERTMANAGER_MESH },
            // Alertmanager's notifications: Slack, and the dead man's switch service's pings.
            toPublicHttps("slack", PODS.alertmanager),
            ...(exposure.grafanaSso ? [toPublicHttps("grafana-identity-provider", PODS.grafana)] : []),
        ],
    };
}

/**
 * node-exporter's namespace. It is privileged because node-exporter must see the node itself:
 * host network and PID namespaces and the node's /, /proc and /sys as hostPath mounts, which
 * the baseline and restricted levels refuse. It runs nothing else. In: Prometheus on 9100
 * (host-network pods are reached at the node's address, which Prometheus's own egress rule
 * covers; this rule states the flow for policy engines that do enforce on them). Out: nothing
 * beyond DNS: node-exporter calls no one and mounts no API token.
 */
export function nodeExporterNamespace(): NamespaceSpec {
    return {
        name: NODE_EXPORTER_NAMESPACE,
        podSecurity: "privileged",
        exemption: "prometheus-node-exporter reports node metrics: it runs in the host network and PID namespaces and reads the node's /, /proc and /sys through read-only hostPath mounts, as a non-root user without capabilities. Nothing else runs in this namespace.",
        ingress: [fromPrometheus([PORTS.nodeExporter])],
        egress: [],
    };
}
