/**
 * The chart adapters by chart name. A chart the platform starts installing needs its adapter
 * here before the Helm gates pass: they cannot judge what they cannot see.
 */
import { certManager } from "./cert-manager";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { externalDns } from "./external-dns";
import { fluentBit } from "./fluent-bit";
import { kubePrometheusStack } from "./kube-prometheus-stack";
import { metricsServer } from "./metrics-server";
import { nginxIngress } from "./nginx-ingress";
import { openTelemetryCollector } from "./opentelemetry-collector";
import { prometheusAdapter } from "./prometheus-adapter";
import { prometheusOperatorCrds } from "./prometheus-operator-crds";
import { velero } from "./velero";
import { verticalPodAutoscaler } from "./vertical-pod-autoscaler";
import { yace } from "./yace";
import { ChartAdapter, ChartSecurityView, record } from "./view";

export * from "./view";

export const CHART_ADAPTERS: Record<string, ChartAdapter> = {
    "cert-manager": certManager,
    "cluster-autoscaler": clusterAutoscaler,
    "external-dns": externalDns,
    "fluent-bit": fluentBit,
    "kube-prometheus-stack": kubePrometheusStack,
    "metrics-server": metricsServer,
    "nginx-ingress": nginxIngress,
    "opentelemetry-collector": openTelemetryCollector,
    "prometheus-adapter": prometheusAdapter,
    "prometheus-operator-crds": prometheusOperatorCrds,
    "prometheus-yet-another-cloudwatch-exporter": yace,
    velero,
    "vertical-pod-autoscaler": verticalPodAutoscaler,
};

/** The chart's name: the last path segment of an oci:// or repo/name reference. */
export function chartName(props: Record<string, any>): string | undefined {
    const chart = props.chart;
    return typeof chart === "string" && chart !== "" ? chart.slice(chart.lastIndexOf("/") + 1) : undefined;
}

export type ReleaseView = { chart: string; view: ChartSecurityView } | { chart: string | undefined; view: undefined };

/** The security view of a helm Release's props, or no view when no adapter knows its chart. */
export function releaseView(props: Record<string, any>): ReleaseView {
    const chart = chartName(props);
    const adapter = chart === undefined ? undefined : CHART_ADAPTERS[chart];
    if (!adapter || chart === undefined) return { chart, view: undefined };
    const namespace = typeof props.namespace === "string" && props.namespace !== "" ? props.namespace : "default";
    return { chart, view: adapter({ namespace, values: record(props.values) }) };
}

/** The violation for a release whose chart no adapter reads; the Helm gates share it. */
export function noAdapterMessage(subject: string, chart: string | undefined, what: string): string {
    return `${subject} installs the chart ${chart === undefined ? "(unnamed)" : JSON.stringify(chart)}, which has no adapter in policy-pack/lib/charts, so its ${what} cannot be judged; add the chart's adapter before installing it.`;
}
