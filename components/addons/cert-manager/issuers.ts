/**
 * The platform's ACME ClusterIssuers, as plain data. Ingresses (monitoring, workloads) name
 * one of them with CLUSTER_ISSUER_ANNOTATION; cert-manager's ingress-shim then requests and
 * renews the certificate of every host in the Ingress's `spec.tls`, and never edits the
 * Ingress itself.
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

/** The Route 53 hosted zone the issuers answer DNS-01 challenges in (`dns`). */
export interface ChallengeZone {
    zoneName: string;
    hostedZoneId: string;
}

/**
 * An ACME ClusterIssuer answering DNS-01 challenges with TXT records in the platform's Route 53
 * zone, for names in that zone only (`dnsZones` also covers its subdomains). No challenge
 * touches an Ingress or needs the host to resolve to the load balancer first, so a
 * certificate can be issued before DNS points anywhere. Credentials are ambient: the IRSA
 * role of cert-manager's controller (ClusterIssuers may use them by default), whose region
 * the EKS pod identity webhook sets; Route 53 itself is global. Naming the zone saves the
 * solver looking it up (and its role the right to list zones). Its account key lives in a
 * Secret named after the issuer (in cert-manager's namespace).
 */
export function clusterIssuer(name: string, server: string, email: string, zone: ChallengeZone) {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name },
        spec: {
            acme: {
                server,
                email,
                privateKeySecretRef: { name },
                solvers: [{
                    selector: { dnsZones: [zone.zoneName] },
                    dns01: { route53: { hostedZoneID: zone.hostedZoneId } },
                }],
            },
        },
    };
}
