import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { PROMETHEUS_OPERATOR_CRDS_NAMESPACE, PROMETHEUS_OPERATOR_CRDS_RELEASE, prometheusOperatorCrdsValues } from "./values";

export const PROMETHEUS_OPERATOR_CRDS_CHART: ChartSource = { chart: "prometheus-operator-crds", repo: "https://prometheus-community.github.io/helm-charts" };

export interface PrometheusOperatorCrdsArgs {
    /** Must carry the operator version of the kube-prometheus-stack chart. */
    chartVersion: string;
}

/**
 * The Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, Probe, PrometheusRule, ...) as
 * their own release, installed before everything else: other add-ons and workloads can then
 * ship their monitoring objects before Prometheus exists, and kube-prometheus-stack runs with
 * its own CRDs turned off. Cluster-scoped objects only; the release record is in kube-system.
 */
export class PrometheusOperatorCrds extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: PrometheusOperatorCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "PrometheusOperatorCrds"), name, {}, opts);
        this.release = chartRelease(name, {
            source: PROMETHEUS_OPERATOR_CRDS_CHART,
            version: args.chartVersion,
            releaseName: PROMETHEUS_OPERATOR_CRDS_RELEASE,
            namespace: PROMETHEUS_OPERATOR_CRDS_NAMESPACE,
            values: prometheusOperatorCrdsValues(),
        }, { parent: this });
        this.registerOutputs({});
    }
}

export const prometheusOperatorCrdsAddon = defineAddon({
    name: "prometheus-operator-crds",
    dependsOn: [],
    namespaces: [],
    provides: ["monitoring-crds"],
    install: (name, ctx, _deps, opts) => ({
        component: new PrometheusOperatorCrds(name, { chartVersion: ctx.config.addons.kubePrometheusStack.operatorCrdsVersion }, opts),
        outputs: {},
    }),
});
