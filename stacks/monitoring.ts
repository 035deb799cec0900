/**
 * What the platform watches in the trading system, on the monitoring add-on: the SLOs' recording
 * rules and burn-rate alerts, the alert rules of each seed category, and the dashboards. Rules
 * and dashboards live in the monitoring namespace, where Prometheus and Grafana's sidecar find
 * them; every expression names only metrics of the services' contract
 * (components/workload/metrics.ts) or of the platform's exporters.
 */
import * as pulumi from "@pulumi/pulumi";
import { MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { serviceAlertGroups } from "../components/observability/alerts/service-alerts";
import { prometheusRule } from "../components/observability/rules";
import { PLATFORM_NAMESPACE_LABELS } from "../components/namespace/baseline";
import { REDIS_NAME } from "../components/workload/redis/render";
import { StackConfig } from "./config/schema";
import { Platform } from "./platform";
import { SERVICES } from "./services";
import { Workloads } from "./workloads";

/** The PrometheusRule of the services' alerts (components/observability/alerts). */
export const SERVICE_ALERTS_RULE = "signal-trading-alerts";

export function buildMonitoring(config: StackConfig, platform: Platform, workloads: Workloads): void {
    // The PrometheusRule and ConfigMap objects need the operator's CRDs and the monitoring namespace, which the add-ons create.
    const opts: pulumi.CustomResourceOptions = { provider: platform.cluster.kubernetesProvider, dependsOn: [platform.addons, platform.admission] };
    prometheusRule(SERVICE_ALERTS_RULE, {
        namespace: MONITORING_NAMESPACE,
        labels: { ...PLATFORM_NAMESPACE_LABELS, "app.kubernetes.io/component": "alerts" },
        groups: serviceAlertGroups({ namespace: workloads.namespace, services: SERVICES, redisJob: REDIS_NAME, runbooksUrl: config.monitoring.runbooksUrl, thresholds: config.monitoring.alerts }),
    }, opts);
}
