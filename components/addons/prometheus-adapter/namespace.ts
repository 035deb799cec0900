import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS, toApiServer } from "../../namespace/traffic";
import { PORTS as MONITORING_PORTS } from "../monitoring/values";
import { PROMETHEUS_ADAPTER_NAMESPACE, PROMETHEUS_ADAPTER_PODS, PROMETHEUS_ADAPTER_PORT } from "./values";

/**
 * prometheus-adapter's namespace: restricted; the API server (the control plane's interfaces
 * in their own subnets) calls the aggregated custom metrics API on the adapter's secure port,
 * and the adapter reaches the API server (authentication, the pods it maps series to) and
 * Prometheus's HTTP API in the monitoring namespace, which admits it in turn
 * (monitoring/namespace.ts, prometheusClientsOf).
 */
export function prometheusAdapterNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: PROMETHEUS_ADAPTER_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromControlPlane("custom-metrics-api", addresses, [PROMETHEUS_ADAPTER_PORT], PROMETHEUS_ADAPTER_PODS)],
        egress: [
            toApiServer(addresses, PROMETHEUS_ADAPTER_PODS),
            { name: "prometheus", pods: PROMETHEUS_ADAPTER_PODS, peers: [{ namespace: MONITORING_NAMESPACE, pods: PROMETHEUS_POD_LABELS }], ports: [MONITORING_PORTS.prometheus] },
        ],
    };
}
