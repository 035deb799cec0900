import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, toApiServer, toNodes } from "../../namespace/traffic";
import { KUBELET_PORT, METRICS_SERVER_NAMESPACE, METRICS_SERVER_PODS, METRICS_SERVER_PORT } from "./values";

/**
 * metrics-server's namespace: restricted; the API server (the control plane's interfaces in
 * their own subnets) calls the aggregated metrics API on metrics-server's secure port, and metrics-server
 * reaches the API server (authentication, node list) and the kubelets it scrapes.
 */
export function metricsServerNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: METRICS_SERVER_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromControlPlane("metrics-api", addresses, [METRICS_SERVER_PORT], METRICS_SERVER_PODS)],
        egress: [toApiServer(addresses, METRICS_SERVER_PODS), toNodes("kubelets", addresses, [KUBELET_PORT], METRICS_SERVER_PODS)],
    };
}
