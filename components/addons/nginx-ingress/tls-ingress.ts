/**
 * Ingresses of the NGINX Ingress Controller (F5) as plain objects: Pulumi resources of their
 * own rather than chart values, so the policy pack checks their TLS and annotations like
 * every other Ingress. Grafana and the application's gateway are served this way.
 */
import { CLUSTER_ISSUER_ANNOTATION } from "../cert-manager/issuers";

export interface TlsIngressInputs {
    /** The Ingress's name; its certificate is stored in the Secret `<name>-tls`. */
    name: string;
    namespace: string;
    host: string;
    ingressClassName: string;
    clusterIssuer: string;
    service: { name: string; port: number };
    annotations?: Record<string, string>;
}

/**
 * An Ingress for one host, served over HTTPS with a certificate cert-manager obtains (DNS-01)
 * and renews into the Secret; cert-manager never edits the Ingress, so Pulumi stays its only
 * writer. The host is served over TLS once the first certificate is in the Secret, minutes
 * after the Ingress is created (a renewal replaces the certificate in place).
 */
export function tlsIngress(inputs: TlsIngressInputs) {
    const annotations: Record<string, string> = { [CLUSTER_ISSUER_ANNOTATION]: inputs.clusterIssuer, ...inputs.annotations };
    return {
        metadata: { name: inputs.name, namespace: inputs.namespace, annotations },
        spec: {
            ingressClassName: inputs.ingressClassName,
            tls: [{ hosts: [inputs.host], secretName: `${inputs.name}-tls` }],
            rules: [{
                host: inputs.host,
                http: {
                    paths: [{
                        path: "/",
                        pathType: "Prefix",
                        backend: { service: { name: inputs.service.name, port: { number: inputs.service.port } } },
                    }],
                },
            }],
        },
    };
}
