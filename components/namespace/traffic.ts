/**
 * The flows that platform pods commonly need, named once so every namespace says them the
 * same way. The VPC CIDR covers the nodes (kubelets, host-network pods) and the EKS control
 * plane's network interfaces, which call webhooks and the metrics API from inside the VPC.
 */
import { SERVICE_CIDR } from "../network/subnet-plan";
import { TrafficPort, TrafficRule } from "./baseline";

/** The Kubernetes API: its Service address and, after the CNI translates it, the control plane's interfaces in the VPC. */
export function toApiServer(vpcCidr: string, pods?: Record<string, string>): TrafficRule {
    return { name: "api-server", pods, peers: [{ cidr: vpcCidr }, { cidr: SERVICE_CIDR }], ports: [443] };
}

/** Calls from the control plane: admission webhooks, aggregated APIs. */
export function fromControlPlane(name: string, vpcCidr: string, ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name, pods, peers: [{ cidr: vpcCidr }], ports };
}

/**
 * HTTPS to public endpoints: AWS APIs (the VPC has no interface endpoints), ACME, Slack.
 * Private ranges are excluded, so this never opens a path to other pods or the database.
 */
export function toPublicHttps(name: string, pods?: Record<string, string>): TrafficRule {
    return { name, pods, peers: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }], ports: [443] };
}

/** The seed's monitoring namespace: Prometheus, Alertmanager and Grafana. */
export const MONITORING_NAMESPACE = "signal-trading-monitoring";
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" };

/** Prometheus scraping the given metrics ports. */
export function fromPrometheus(ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name: "prometheus-scrape", pods, peers: [{ namespace: MONITORING_NAMESPACE, pods: PROMETHEUS_POD_LABELS }], ports };
}
