import { NamespaceSpec, TrafficPort, TrafficRule } from "../../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer } from "../../namespace/traffic";
import { CONTROLLER_PODS, METRICS_PORT, NGINX_INGRESS_NAMESPACE } from "./values";

/**
 * The controller's namespace: restricted pod security, and exactly these flows:
 * - in: clients from anywhere on 80 and 443. With externalTrafficPolicy Local the NLB sends to
 *   the node port of nodes that run a controller, and kube-proxy hands the connection to the
 *   pod with the client's own address as source; so the peer is every address.
 *   The NLB's health checks go to the service's health-check node port, which kube-proxy
 *   answers on the node itself: they never reach the pods, and need no rule here.
 * - in: Prometheus scraping the exporter.
 * - out: the API server (Ingresses, Services, EndpointSlices, Secrets, its leader Lease).
 * - out: backend pods in every namespace, on any port: NGINX proxies to the endpoints of the
 *   Service an Ingress names, whatever its port.
 *   Each backend namespace decides what it accepts from the controller (`fromNginxIngress`).
 */
export function nginxIngressNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: NGINX_INGRESS_NAMESPACE,
        podSecurity: "restricted",
        ingress: [
            { name: "clients", pods: CONTROLLER_PODS, peers: [{ cidr: "0.0.0.0/0" }], ports: [80, 443] },
            fromPrometheus([METRICS_PORT], CONTROLLER_PODS),
        ],
        egress: [
            toApiServer(addresses, CONTROLLER_PODS),
            { name: "backends", pods: CONTROLLER_PODS, peers: [{ allNamespaces: true }] },
        ],
    };
}

/** For a namespace whose pods serve Ingresses: the controller's connections to the given ports. */
export function fromNginxIngress(ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name: "nginx-ingress", pods, peers: [{ namespace: NGINX_INGRESS_NAMESPACE, pods: CONTROLLER_PODS }], ports };
}
