import { NamespaceSpec, TrafficRule } from "../../namespace/baseline";
import { fromControlPlane, toApiServer } from "../../namespace/traffic";
import { KUBELET_PORT, METRICS_SERVER_NAMESPACE, METRICS_SERVER_PODS, METRICS_SERVER_PORT } from "./values";

/** metrics-server scraping every node's kubelet (`/metrics/resource`); the nodes are in the VPC. */
export function toKubelets(vpcCidr: string, pods?: Record<string, string>): TrafficRule {
    return { name: "kubelets", pods, peers: [{ cidr: vpcCidr }], ports: [KUBELET_PORT] };
}

/**
 * metrics-server's namespace: restricted; the API server (the control plane's interfaces in
 * the VPC) calls the aggregated metrics API on metrics-server's secure port, and metrics-server
 * reaches the API server (authentication, node list) and the kubelets it scrapes.
 */
export function metricsServerNamespace(vpcCidr: string): NamespaceSpec {
    return {
        name: METRICS_SERVER_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromControlPlane("metrics-api", vpcCidr, [METRICS_SERVER_PORT], METRICS_SERVER_PODS)],
        egress: [toApiServer(vpcCidr, METRICS_SERVER_PODS), toKubelets(vpcCidr, METRICS_SERVER_PODS)],
    };
}
