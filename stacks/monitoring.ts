/**
 * What the platform watches in the trading system, on the monitoring add-on: the SLOs' recording
 * rules and burn-rate alerts, the alert rules of each seed category, the alerts on the AWS
 * services outside the cluster, and the dashboards. Rules and dashboards live in the monitoring
 * namespace, where Prometheus and Grafana's sidecar find them; every expression names only
 * metrics of the services' contract (components/workload/metrics.ts) or of the platform's
 * exporters.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterAutoscalerServiceMonitor } from "../components/addons/cluster-autoscaler/service-monitor";
import { PLATFORM_NAMESPACE_LABELS } from "../components/namespace/baseline";
import { MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { serviceAlertGroups } from "../components/observability/alerts/service-alerts";
import { cloudAlertGroups } from "../components/observability/cloud/rules";
import { grafanaDashboards } from "../components/observability/dashboards";
import { prometheusRule } from "../components/observability/rules";
import { sloRuleGroups } from "../components/observability/slo/rules";
import { resourcePrefix } from "../components/shared/naming";
import { REDIS_NAME } from "../components/workload/redis/render";
import { StackConfig, stackSlos } from "./config/schema";
import { Platform } from "./platform";
import { SERVICES } from "./services";
import { Workloads } from "./workloads";

/**
 * The PrometheusRules: the services' alerts (components/observability/alerts), the SLOs
 * (components/observability/slo) and the AWS services outside the cluster (components/observability/cloud).
 */
export const SERVICE_ALERTS_RULE = "signal-trading-alerts";
export const SLO_RULE = "signal-trading-slos";
export const CLOUD_ALERTS_RULE = "outside-the-cluster";

/** Labels of a PrometheusRule: what it describes (Prometheus selects rules by namespace, not by these). */
const ruleLabels = (component: string) => ({ ...PLATFORM_NAMESPACE_LABELS, "app.kubernetes.io/component": component });

export function buildMonitoring(config: StackConfig, platform: Platform, workloads: Workloads): void {
    // The PrometheusRule and ConfigMap objects need the operator's CRDs and the monitoring namespace, which the add-ons create.
    const opts: pulumi.CustomResourceOptions = { provider: platform.cluster.kubernetesProvider, dependsOn: [platform.addons, platform.admission] };
    const prefix = resourcePrefix(config.environment);
    grafanaDashboards(`${prefix}-dashboards`, {
        namespace: MONITORING_NAMESPACE,
        inputs: {
            namespace: workloads.namespace,
            services: Object.keys(workloads.services),
            // The same lines the alerts draw; availability is the stack's objective.
            targets: {
                availabilityPercent: config.objectives.availabilityPercent,
                latencyP95Seconds: config.monitoring.alerts.latencyP95Ms / 1000,
                errorRatePercent: config.monitoring.alerts.errorRatePercent,
            },
        },
    }, opts);
    // The Infrastructure dashboard's autoscaler panels read what this scrapes.
    new k8s.apiextensions.CustomResource(`${prefix}-cluster-autoscaler-metrics`, clusterAutoscalerServiceMonitor(MONITORING_NAMESPACE), opts);
    prometheusRule(SERVICE_ALERTS_RULE, {
        namespace: MONITORING_NAMESPACE,
        labels: ruleLabels("alerts"),
        groups: serviceAlertGroups({ namespace: workloads.namespace, services: SERVICES, redisJob: REDIS_NAME, runbooksUrl: config.monitoring.runbooksUrl, thresholds: config.monitoring.alerts }),
    }, opts);
    prometheusRule(SLO_RULE, {
        namespace: MONITORING_NAMESPACE,
        labels: ruleLabels("slos"),
        groups: sloRuleGroups(stackSlos(config), workloads.namespace, config.monitoring.runbooksUrl),
    }, opts);
    prometheusRule(CLOUD_ALERTS_RULE, {
        namespace: MONITORING_NAMESPACE,
        labels: ruleLabels("cloud-alerts"),
        groups: cloudAlertGroups({
            runbooksUrl: config.monitoring.runbooksUrl,
            applicationNamespace: workloads.namespace,
            allocatedStorageGiB: config.database.allocatedStorageGiB,
        }),
    }, opts);
}
