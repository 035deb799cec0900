/** A service's ServiceMonitor: Prometheus scrapes the metrics port of its Service's endpoints. */
import { ServiceSpec } from "../spec";
import { selectorLabels, serviceMetadata } from "./labels";
import { METRICS_PORT_NAME } from "./service";

export function renderServiceMonitor(spec: ServiceSpec) {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: serviceMetadata(spec),
        spec: {
            selector: { matchLabels: selectorLabels(spec.definition) },
            namespaceSelector: { matchNames: [spec.namespace] },
            endpoints: [{ port: METRICS_PORT_NAME, path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
        },
    };
}
