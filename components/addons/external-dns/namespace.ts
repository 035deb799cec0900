import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer, toPublicHttps } from "../../namespace/traffic";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_PODS, METRICS_PORT } from "./values";

/**
 * external-dns's namespace: restricted, the pod to the API server (it watches Ingresses) and
 * out to the public AWS endpoints (Route 53 is global, STS regional for IRSA; the VPC has no
 * interface endpoints), and Prometheus scraping its metrics.
 */
export function externalDnsNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: EXTERNAL_DNS_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromPrometheus([METRICS_PORT], EXTERNAL_DNS_PODS)],
        egress: [toApiServer(addresses, EXTERNAL_DNS_PODS), toPublicHttps("aws-apis", EXTERNAL_DNS_PODS)],
    };
}
