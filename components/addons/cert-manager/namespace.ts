import { NamespaceSpec, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromControlPlane, fromPrometheus, toApiServer, toPublicHttps } from "../../namespace/traffic";
import { CERT_MANAGER_NAMESPACE, certManagerPods, METRICS_PORT, WEBHOOK_PORT } from "./values";

/** Port of cert-manager's HTTP-01 solver pods (acmesolver `--listen-port`). */
export const ACME_SOLVER_PORT = 8089;
/** Label cert-manager puts on every HTTP-01 solver pod it creates. */
export const ACME_SOLVER_POD_LABELS = { "acme.cert-manager.io/http01-solver": "true" };

/** Plain HTTP to public addresses only, like `toPublicHttps` on port 80. */
export function toPublicHttp(name: string, pods?: Record<string, string>): TrafficRule {
    return { ...toPublicHttps(name, pods), ports: [80] };
}

/**
 * For the namespace of every Ingress that takes a certificate from an ACME ClusterIssuer: the
 * HTTP-01 solver pods run THERE (not in cert-manager's namespace), and Let's Encrypt and the
 * controller's self-check reach them through the ingress controller. Without this rule the
 * namespace's default-deny drops the challenge and issuance never completes.
 */
export function fromIngressControllerToAcmeSolver(ingressNamespace: string, controllerPods?: Record<string, string>): TrafficRule {
    return { name: "acme-http01-solver", pods: ACME_SOLVER_POD_LABELS, peers: [{ namespace: ingressNamespace, pods: controllerPods }], ports: [ACME_SOLVER_PORT] };
}

/**
 * cert-manager's namespace: restricted, admission calls from the control plane to the webhook,
 * Prometheus scraping the three components, every pod (and the startup check) to the API
 * server, and the controller out to Let's Encrypt (HTTPS) and to the public HTTP address of
 * each challenged host, where it checks that the challenge is served before asking the CA to
 * validate it (the self-check goes out through the NAT gateway to the load balancer).
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
            toPublicHttps("acme", controller),
            toPublicHttp("acme-http01-self-check", controller),
        ],
    };
}
