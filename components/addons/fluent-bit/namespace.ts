import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer, toPublicHttps } from "../../namespace/traffic";
import { CONTAINER_LOG_DIRS, FLUENT_BIT_NAMESPACE, FLUENT_BIT_PODS, METRICS_PORT, STATE_DIR } from "./values";

/**
 * Fluent Bit's namespace. It is privileged because the shipper must read the node's container
 * logs: hostPath volumes, which the baseline and restricted levels refuse. In: Prometheus on
 * the metrics port. Out: the API server (the kubernetes filter's pod metadata) and CloudWatch
 * Logs with STS for IRSA over public HTTPS (the VPC has no interface endpoints); no kubelet.
 */
export function fluentBitNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: FLUENT_BIT_NAMESPACE,
        podSecurity: "privileged",
        exemption: `Fluent Bit ships every container's logs: it reads the node's ${CONTAINER_LOG_DIRS.join(" and ")} through read-only hostPath mounts and keeps its tail positions and buffer in the hostPath ${STATE_DIR}, as root without capabilities, not privileged, with a read-only root filesystem and no host namespaces. Nothing else runs in this namespace.`,
        ingress: [fromPrometheus([METRICS_PORT], FLUENT_BIT_PODS)],
        egress: [toApiServer(addresses, FLUENT_BIT_PODS), toPublicHttps("cloudwatch-logs", FLUENT_BIT_PODS)],
    };
}
