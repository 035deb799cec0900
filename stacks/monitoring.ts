/**
 * What the platform watches in the trading system, on the monitoring add-on: the SLOs' recording
 * rules and burn-rate alerts, the alert rules of each seed category, and the dashboards. Rules
 * and dashboards live in the monitoring namespace, where Prometheus and Grafana's sidecar find
 * them; every expression names only metrics of the services' contract
 * (components/workload/metrics.ts) or of the platform's exporters.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterAutoscalerServiceMonitor } from "../components/addons/cluster-autoscaler/service-monitor";
import { MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { grafanaDashboards } from "../components/observability/dashboards";
import { resourcePrefix } from "../components/shared/naming";
import { StackConfig } from "./config/schema";
import { Platform } from "./platform";
import { Workloads } from "./workloads";

export function buildMonitoring(config: StackConfig, platform: Platform, workloads: Workloads): void {
    // The PrometheusRule and ConfigMap objects need the operator's CRDs and the monitoring namespace, which the add-ons create.
    const opts: pulumi.CustomResourceOptions = { provider: platform.cluster.kubernetesProvider, dependsOn: [platform.addons, platform.admission] };
    const prefix = resourcePrefix(config.environment);
    grafanaDashboards(`${prefix}-dashboards`, {
        namespace: MONITORING_NAMESPACE,
        inputs: {
            namespace: workloads.namespace,
            services: Object.keys(workloads.services),
            // The SLA's p95 latency and error-rate targets; availability is the stack's objective.
            targets: { availabilityPercent: config.objectives.availabilityPercent, latencyP95Seconds: 0.5, errorRatePercent: 1 },
        },
    }, opts);
    // The Infrastructure dashboard's autoscaler panels read what this scrapes.
    new k8s.apiextensions.CustomResource(`${prefix}-cluster-autoscaler-metrics`, clusterAutoscalerServiceMonitor(MONITORING_NAMESPACE), opts);
}
