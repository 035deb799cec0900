import { NamespaceSpec, TrafficPeer } from "../../namespace/baseline";
import { fromPrometheus, toPublicHttps } from "../../namespace/traffic";
import { OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_PODS, OTLP_PORTS, PORTS } from "./values";

/**
 * The collector's namespace: restricted; OTLP in from the services that send spans, spans
 * between the collector's own pods (routed by trace ID), Prometheus scraping both metrics
 * ports, and out only to the public AWS endpoints (X-Ray, STS for IRSA; the VPC has no
 * interface endpoints). It never calls the Kubernetes API.
 */
export function otelCollectorNamespace(clients: TrafficPeer[]): NamespaceSpec {
    const collector = [{ pods: OTEL_COLLECTOR_PODS }];
    return {
        name: OTEL_COLLECTOR_NAMESPACE,
        podSecurity: "restricted",
        ingress: [
            { name: "otlp", pods: OTEL_COLLECTOR_PODS, peers: clients, ports: OTLP_PORTS },
            { name: "trace-routing", pods: OTEL_COLLECTOR_PODS, peers: collector, ports: [PORTS.sampling] },
            fromPrometheus([PORTS.metrics, PORTS.spanMetrics], OTEL_COLLECTOR_PODS),
        ],
        egress: [
            { name: "trace-routing", pods: OTEL_COLLECTOR_PODS, peers: collector, ports: [PORTS.sampling] },
            toPublicHttps("aws-apis", OTEL_COLLECTOR_PODS),
        ],
    };
}
