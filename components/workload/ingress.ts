/**
 * The application's public entry: one Ingress for the gateway on the API host, through the
 * NGINX Ingress Controller, with its certificate from cert-manager and each client's request
 * rate and body size limited at the edge, before a request costs the gateway anything.
 */
import { RateLimit, rateLimitAnnotations, requestSizeAnnotations } from "../addons/nginx-ingress/annotations";
import { tlsIngress } from "../addons/nginx-ingress/tls-ingress";

export interface GatewayIngressInputs {
    namespace: string;
    /** The public API host (`dns.apiHost`). */
    host: string;
    ingressClassName: string;
    clusterIssuer: string;
    /** The gateway's Service; the Ingress takes its name, its certificate is the Secret `<name>-tls`. */
    service: { name: string; port: number };
    rateLimit: RateLimit;
    /** Largest request body, in NGINX's size syntax (`1m`). */
    maxBodySize: string;
    /** The gateway's labels. */
    labels: Record<string, string>;
}

/** The gateway's Ingress: HTTPS on the API host, rate-limited per client, with a bounded request body. */
export function gatewayIngress(inputs: GatewayIngressInputs) {
    const ingress = tlsIngress({
        name: inputs.service.name,
        namespace: inputs.namespace,
        host: inputs.host,
        ingressClassName: inputs.ingressClassName,
        clusterIssuer: inputs.clusterIssuer,
        service: inputs.service,
        annotations: { ...rateLimitAnnotations(inputs.rateLimit), ...requestSizeAnnotations({ maxBodySize: inputs.maxBodySize }) },
    });
    return { ...ingress, metadata: { ...ingress.metadata, labels: inputs.labels } };
}
