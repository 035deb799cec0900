import { NamespaceSpec, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, fromPrometheus, toApiServer, toPublicHttps } from "../../namespace/traffic";
import { CERT_MANAGER_NAMESPACE, certManagerPods, METRICS_PORT, WEBHOOK_PORT } from "./values";

/** DNS to public addresses only, like `toPublicHttps` on port 53: UDP, and TCP for answers too large for UDP. */
export function toPublicDns(name: string, pods?: Record<string, string>): TrafficRule {
    return { ...toPublicHttps(name, pods), ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] };
}

/**
 * cert-manager's namespace: restricted, admission calls from the control plane to the webhook,
 * Prometheus scraping the three components, every pod (and the startup check) to the API
 * server, and the controller out to public HTTPS (Let's Encrypt, and Route 53 and STS for its
 * IRSA credentials: the VPC has no interface endpoints) and to public DNS: before it asks the
 * CA to validate a DNS-01 challenge it checks that the TXT record is served by the zone's
 * authoritative Route 53 name servers, which it queries directly.
 */
export function certManagerNamespace(addresses: ClusterAddresses): NamespaceSpec {
    const controller = certManagerPods("controller");
    return {
        name: CERT_MANAGER_NAMESPACE,
        podSecurity: "restricted",
        ingress: [
            fromControlPlane("webhook", addresses, [WEBHOOK_PORT], certManagerPods("webhook")),
            fromPrometheus([METRICS_PORT]),
        ],
        egress: [
            toApiServer(addresses),
            toPublicHttps("acme-and-aws-apis", controller),
            toPublicDns("dns01-self-check", controller),
        ],
    };
}
