import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, toApiServer } from "../../namespace/traffic";
import { VPA_NAMESPACE, vpaPods, WEBHOOK_PORT } from "./values";

/**
 * The VPA's namespace: restricted; the API server (the control plane's interfaces in the VPC)
 * calls the admission controller's webhook, and every pod, the certgen hook jobs included,
 * talks to the API server only: the recommender reads usage through it (metrics.k8s.io).
 */
export function verticalPodAutoscalerNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: VPA_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromControlPlane("webhook", addresses, [WEBHOOK_PORT], vpaPods("admission-controller"))],
        egress: [toApiServer(addresses)],
    };
}
