/**
 * What the platform watches in the trading system, on the monitoring add-on: the SLOs' recording
 * rules and burn-rate alerts, the alert rules of each seed category, and the dashboards. Rules
 * and dashboards live in the monitoring namespace, where Prometheus and Grafana's sidecar find
 * them; every expression names only metrics of the services' contract
 * (components/workload/metrics.ts) or of the platform's exporters.
 */
import * as pulumi from "@pulumi/pulumi";
import { MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { cloudAlertGroups } from "../components/observability/cloud/rules";
import { prometheusRule } from "../components/observability/rules";
import { StackConfig } from "./config/schema";
import { Platform } from "./platform";
import { applicationNamespaceName, Workloads } from "./workloads";

/** Labels of the PrometheusRule objects: what they describe (Prometheus selects rules by namespace). */
const RULE_LABELS = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/component": "alerting" };

export function buildMonitoring(config: StackConfig, platform: Platform, workloads: Workloads): void {
    // The PrometheusRule and ConfigMap objects need the operator's CRDs and the monitoring namespace, which the add-ons create.
    const opts: pulumi.CustomResourceOptions = { provider: platform.cluster.kubernetesProvider, dependsOn: [platform.addons, platform.admission] };
    prometheusRule("outside-the-cluster", {
        namespace: MONITORING_NAMESPACE,
        labels: RULE_LABELS,
        groups: cloudAlertGroups({
            runbooksUrl: config.monitoring.runbooksUrl,
            applicationNamespace: applicationNamespaceName(config.environment),
            allocatedStorageGiB: config.database.allocatedStorageGiB,
        }),
    }, opts);
    void workloads;
}
