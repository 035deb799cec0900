/**
 * What the platform watches in the trading system, on the monitoring add-on: the SLOs' recording
 * rules and burn-rate alerts, the alert rules of each seed category, and the dashboards. Rules
 * and dashboards live in the monitoring namespace, where Prometheus and Grafana's sidecar find
 * them; every expression names only metrics of the services' contract
 * (components/workload/metrics.ts) or of the platform's exporters.
 */
import * as pulumi from "@pulumi/pulumi";
import { MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { prometheusRule } from "../components/observability/rules";
import { sloRuleGroups } from "../components/observability/slo/rules";
import { StackConfig, stackSlos } from "./config/schema";
import { Platform } from "./platform";
import { Workloads } from "./workloads";

export function buildMonitoring(config: StackConfig, platform: Platform, workloads: Workloads): void {
    // The PrometheusRule and ConfigMap objects need the operator's CRDs and the monitoring namespace, which the add-ons create.
    const opts: pulumi.CustomResourceOptions = { provider: platform.cluster.kubernetesProvider, dependsOn: [platform.addons, platform.admission] };
    prometheusRule("signal-trading-slos", {
        namespace: MONITORING_NAMESPACE,
        labels: { "app.kubernetes.io/name": "signal-trading-slos", "app.kubernetes.io/part-of": "signal-trading" },
        groups: sloRuleGroups(stackSlos(config), workloads.namespace, config.monitoring.runbooksUrl),
    }, opts);
}
