import { NamespaceSpec, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, fromPrometheus, MONITORING_NAMESPACE, toApiServer, toNodes, toPublicHttps } from "../../namespace/traffic";
import { fromNginxIngress } from "../nginx-ingress/namespace";
import { MonitoringConfig, NODE_EXPORTER_NAMESPACE, PODS, PORTS } from "./values";

/** Which components the ingress controller exposes. */
export type MonitoringExposure = Pick<MonitoringConfig, "grafanaExposure">;

const ALERTMANAGER_MESH = [{ port: PORTS.alertmanagerMesh, protocol: "TCP" as const }, { port: PORTS.alertmanagerMesh, protocol: "UDP" as const }];

/**
 * The monitoring namespace: restricted pod security and exactly these flows.
 * In:
 * - the control plane to the operator's admission webhook;
 * - Prometheus scraping every component here (Prometheus and Alertmanager with their
 *   config-reloaders, Grafana, kube-state-metrics, the operator);
 * - Grafana querying Prometheus, and Prometheus and Grafana calling Alertmanager;
 * - the Alertmanager replicas gossiping;
 * - when exposed, the ingress controller to Grafana.
 * Out:
 * - every pod to the API server (service discovery, the operator, the dashboard sidecars,
 *   kube-state-metrics);
 * - Prometheus to pods of every namespace on any port: what it may scrape is decided by each
 *   namespace's own `fromPrometheus` rule, so this list needs no change per exporter;
 * - Prometheus to the nodes (VPC addresses): kubelets and cAdvisor on 10250, node-exporter on
 *   9100 in the host network;
 * - Grafana to Prometheus and Alertmanager (its data sources);
 * - the Alertmanager mesh, and Alertmanager to Slack (public HTTPS).
 */
export function monitoringNamespace(addresses: ClusterAddresses, exposure: MonitoringExposure): NamespaceSpec {
    const grafanaExposed = exposure.grafanaExposure === "ingress";
    const fromIngress = (name: string, port: number, pods: Record<string, string>): TrafficRule => ({ ...fromNginxIngress([port], pods), name });
    return {
        name: MONITORING_NAMESPACE,
        podSecurity: "restricted",
        ingress: [
            fromControlPlane("operator-webhook", addresses, [PORTS.operator], PODS.operator),
            fromPrometheus([PORTS.prometheus, PORTS.alertmanager, PORTS.grafana, PORTS.http, PORTS.operator]),
            { name: "prometheus-queries", pods: PODS.prometheus, peers: [{ pods: PODS.grafana }], ports: [PORTS.prometheus] },
            { name: "alertmanager-api", pods: PODS.alertmanager, peers: [{ pods: PODS.prometheus }, { pods: PODS.grafana }], ports: [PORTS.alertmanager] },
            { name: "alertmanager-mesh", pods: PODS.alertmanager, peers: [{ pods: PODS.alertmanager }], ports: ALERTMANAGER_MESH },
            ...(grafanaExposed ? [fromIngress("grafana-from-nginx-ingress", PORTS.grafana, PODS.grafana)] : []),
        ],
        egress: [
            toApiServer(addresses),
            { name: "prometheus-scrape-pods", pods: PODS.prometheus, peers: [{ allNamespaces: true }] },
            toNodes("prometheus-scrape-nodes", addresses, [PORTS.kubelet, PORTS.nodeExporter], PODS.prometheus),
            { name: "grafana-datasources", pods: PODS.grafana, peers: [{ pods: PODS.prometheus }, { pods: PODS.alertmanager }], ports: [PORTS.prometheus, PORTS.alertmanager] },
            { name: "alertmanager-mesh", pods: PODS.alertmanager, peers: [{ pods: PODS.alertmanager }], ports: ALERTMANAGER_MESH },
            toPublicHttps("slack", PODS.alertmanager),
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
