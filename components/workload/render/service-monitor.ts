/** ServiceMonitors: Prometheus scrapes the metrics port of a Service's endpoints every 30 s. */
import { ServiceSpec } from "../spec";
import { selectorLabels, serviceMetadata } from "./labels";
import { METRICS_PORT_NAME } from "./service";

/** A ServiceMonitor for the Service selected by `selector` in the object's namespace, on its port named `metrics`. */
export function metricsServiceMonitor(metadata: { name: string; namespace: string; labels: Record<string, string> }, selector: Record<string, string>) {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata,
        spec: {
            selector: { matchLabels: selector },
            namespaceSelector: { matchNames: [metadata.namespace] },
            endpoints: [{ port: METRICS_PORT_NAME, path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
        },
    };
}

export function renderServiceMonitor(spec: ServiceSpec) {
    return metricsServiceMonitor(serviceMetadata(spec), selectorLabels(spec.definition));
}
