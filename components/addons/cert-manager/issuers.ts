/**
 * The platform's ACME ClusterIssuers, as plain data. Ingresses (monitoring, workloads) name
 * one of them with CLUSTER_ISSUER_ANNOTATION; cert-manager's ingress-shim then requests and
 * renews the certificate of every host in the Ingress's `spec.tls`.
 */

/** The issuers `addons.certManager.issuer` may select; ACME_SERVERS must have exactly these keys. */
export type ClusterIssuerName = "letsencrypt-staging" | "letsencrypt-production";
export const LETSENCRYPT_STAGING = "letsencrypt-staging" satisfies ClusterIssuerName;
export const LETSENCRYPT_PRODUCTION = "letsencrypt-production" satisfies ClusterIssuerName;

/** The annotation by which an Ingress asks for a certificate from a ClusterIssuer. */
export const CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

/**
 * Both issuers always exist, so switching `addons.certManager.issuer` never waits for an ACME
 * account: staging issues untrusted certificates without production's rate limits.
 */
export const ACME_SERVERS: Record<ClusterIssuerName, string> = {
    [LETSENCRYPT_STAGING]: "https://acme-staging-v02.api.letsencrypt.org/directory",
    [LETSENCRYPT_PRODUCTION]: "https://acme-v02.api.letsencrypt.org/directory",
};

/**
 * An ACME ClusterIssuer answering HTTP-01 challenges through the given ingress class. Its
 * account key lives in a Secret named after the issuer (in cert-manager's namespace).
 *
 * The solver pods run in the namespace of each Ingress being certified and listen on 8089;
 * that namespace must let the ingress controller in (see `fromIngressControllerToAcmeSolver`).
 */
export function clusterIssuer(name: string, server: string, email: string, ingressClassName: string) {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name },
        spec: {
            acme: {
                server,
                email,
                privateKeySecretRef: { name },
                solvers: [{ http01: { ingress: { ingressClassName } } }],
            },
        },
    };
}

/**
 * The annotations of an Ingress whose certificate comes from `issuer`. F5's NGINX Ingress
 * Controller serves a host from one Ingress only, so the separate Ingress cert-manager would
 * create for an HTTP-01 challenge is ignored: the challenge path goes into the Ingress itself
 * (edit in place), and a temporary certificate lets the controller's HTTP→HTTPS redirect,
 * which Let's Encrypt follows, complete a handshake before the real certificate exists.
 */
export function certificateAnnotations(issuer: string): Record<string, string> {
    return {
        [CLUSTER_ISSUER_ANNOTATION]: issuer,
        "acme.cert-manager.io/http01-edit-in-place": "true",
        "cert-manager.io/issue-temporary-certificate": "true",
    };
}
