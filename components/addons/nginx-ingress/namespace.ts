import { NamespaceSpec, TrafficPort, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer } from "../../namespace/traffic";
import { CONTROLLER_PODS, METRICS_PORT, NGINX_INGRESS_NAMESPACE, ROUTES_NAMESPACE_LABELS } from "./values";

/**
 * The controller's namespace: restricted pod security, and exactly these flows:
 * - in: clients from anywhere on 80 and 443. With externalTrafficPolicy Local the NLB sends to
 *   the node port of nodes that run a controller, and kube-proxy hands the connection to the
 *   pod with the client's own address as source; so the peer is every address.
 *   The NLB's health checks go to the service's health-check node port, which kube-proxy
 *   answers on the node itself: they never reach the pods, and need no rule here.
 * - in: Prometheus scraping the exporter.
 * - out: the API server (Ingresses, Services, EndpointSlices, Secrets, its leader Lease).
 * - out: each backend it serves, on that backend's port only: NGINX proxies to the endpoints
 *   (pod addresses) of the Service an Ingress names. A new public route adds its backend
 *   here; each backend namespace still decides what it accepts (`fromNginxIngress`).
 */
export function nginxIngressNamespace(addresses: ClusterAddresses, backends: readonly IngressBackend[]): NamespaceSpec {
    return {
        name: NGINX_INGRESS_NAMESPACE,
        podSecurity: "restricted",
        // Watched by the controller for its own LoadBalancer Service.
        labels: ROUTES_NAMESPACE_LABELS,
        ingress: [
            { name: "clients", pods: CONTROLLER_PODS, peers: [{ cidr: "0.0.0.0/0" }], ports: [80, 443] },
            fromPrometheus([METRICS_PORT], CONTROLLER_PODS),
        ],
        egress: [
            toApiServer(addresses, CONTROLLER_PODS),
            ...backends.map((b): TrafficRule => ({ name: `to-${b.name}`, pods: CONTROLLER_PODS, peers: [{ namespace: b.namespace, pods: b.pods }], ports: [b.port] })),
        ],
    };
}

/** A Service an Ingress routes to, as the controller reaches it: the pods behind it and the port they serve on. */
export interface IngressBackend {
    /** Names the egress rule (`to-<name>`). */
    name: string;
    namespace: string;
    pods: Record<string, string>;
    port: number;
}

/** The namespaces the controller serves Ingresses in: those of its backends. */
export function routeNamespaces(backends: readonly IngressBackend[]): string[] {
    return [...new Set(backends.map((b) => b.namespace))];
}

/** For a namespace whose pods serve Ingresses: the controller's connections to the given ports. */
export function fromNginxIngress(ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name: "nginx-ingress", pods, peers: [{ namespace: NGINX_INGRESS_NAMESPACE, pods: CONTROLLER_PODS }], ports };
}
