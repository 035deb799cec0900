import { defineAddon } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { PROMETHEUS_OPERATOR_CRDS_NAMESPACE, PROMETHEUS_OPERATOR_CRDS_RELEASE, prometheusOperatorCrdsValues } from "./values";

export const PROMETHEUS_OPERATOR_CRDS_CHART: ChartSource = { chart: "prometheus-operator-crds", repo: "https://prometheus-community.github.io/helm-charts" };

/** What the add-on reads from the stack config: `addons.kubePrometheusStack`. */
export interface PrometheusOperatorCrdsSettings {
    /** Must carry the operator version of the kube-prometheus-stack chart. */
    operatorCrdsVersion: string;
}

/**
 * The Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, Probe, PrometheusRule, ...) as
 * their own release, installed before everything else: other add-ons and workloads can then
 * ship their monitoring objects before Prometheus exists, and kube-prometheus-stack runs with
 * its own CRDs turned off. Cluster-scoped objects only; the release record is in kube-system.
 */
export function prometheusOperatorCrdsAddon(settings: PrometheusOperatorCrdsSettings) {
    return defineAddon({
        name: "prometheus-operator-crds",
        dependsOn: [],
        namespaces: [],
        provides: ["monitoring-crds"],
        install: (name, _ctx, _deps, opts) => ({
            component: new ChartAddon(name, {
                component: "PrometheusOperatorCrds",
                source: PROMETHEUS_OPERATOR_CRDS_CHART,
                version: settings.operatorCrdsVersion,
                releaseName: PROMETHEUS_OPERATOR_CRDS_RELEASE,
                namespace: PROMETHEUS_OPERATOR_CRDS_NAMESPACE,
                values: prometheusOperatorCrdsValues(),
            }, opts),
            outputs: {},
        }),
    });
}
