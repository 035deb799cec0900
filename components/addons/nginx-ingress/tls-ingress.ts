/**
 * Ingresses of the NGINX Ingress Controller (F5) as plain objects: Pulumi resources of their
 * own rather than chart values, so the policy pack checks their TLS and annotations like
 * every other Ingress. Grafana and the application's gateway are served this way.
 */
import { certificateAnnotations } from "../cert-manager/issuers";

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

/** An Ingress for one host, served over HTTPS with a certificate cert-manager obtains and renews. */
export function tlsIngress(inputs: TlsIngressInputs) {
    const annotations = { ...certificateAnnotations(inputs.clusterIssuer), ...inputs.annotations };
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
