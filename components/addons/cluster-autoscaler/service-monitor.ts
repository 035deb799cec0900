/**
 * Prometheus's scrape of the cluster autoscaler. The autoscaler runs in kube-system, where
 * Prometheus takes no ServiceMonitors (it selects the platform's namespaces only), and the
 * chart's own ServiceMonitor (`serviceMonitor.*`) would have to be written into the monitoring
 * namespace by the autoscaler's release, which would then wait for the monitoring add-on: the
 * add-on that adds nodes must not wait for one that may need them. So the monitoring content
 * carries this ServiceMonitor, in the monitoring namespace, for the chart's Service.
 */
import { PLATFORM_NAMESPACE_LABELS } from "../../namespace/baseline";
import { ScrapeTarget } from "../monitoring/namespace";
import { CLUSTER_AUTOSCALER_PODS } from "./values";

export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";
export const CLUSTER_AUTOSCALER_RELEASE = "cluster-autoscaler";
/** The container port of the autoscaler's metrics and health check, fixed in the chart's Deployment (9.59.0). */
export const CLUSTER_AUTOSCALER_METRICS_PORT = 8085;

/** Prometheus's way to the autoscaler's pods in kube-system (the monitoring namespace's egress). */
export const CLUSTER_AUTOSCALER_SCRAPE_TARGET: ScrapeTarget = {
    name: "cluster-autoscaler", namespace: CLUSTER_AUTOSCALER_NAMESPACE, pods: CLUSTER_AUTOSCALER_PODS, ports: [CLUSTER_AUTOSCALER_METRICS_PORT],
};

/**
 * A ServiceMonitor in `namespace` for the chart's Service: `<release>-aws-cluster-autoscaler`,
 * labelled with the chart's instance and name, its port named `http` (`service.portName`).
 * Every replica is scraped; only the leader's gauges move.
 */
export function clusterAutoscalerServiceMonitor(namespace: string) {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: CLUSTER_AUTOSCALER_RELEASE, namespace, labels: PLATFORM_NAMESPACE_LABELS },
        spec: {
            selector: { matchLabels: { "app.kubernetes.io/instance": CLUSTER_AUTOSCALER_RELEASE, ...CLUSTER_AUTOSCALER_PODS } },
            namespaceSelector: { matchNames: [CLUSTER_AUTOSCALER_NAMESPACE] },
            endpoints: [{ port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
        },
    };
}
