import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Placement } from "../../cluster/placement";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { metricsServerNamespace } from "./namespace";
import { METRICS_SERVER_NAMESPACE, METRICS_SERVER_RELEASE, metricsServerValues } from "./values";

export const METRICS_SERVER_CHART: ChartSource = { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server" };

export interface MetricsServerArgs {
    chartVersion: string;
    placement: Placement;
    replicas: number;
}

/**
 * The upstream metrics-server: the `metrics.k8s.io` API (an APIService the chart registers)
 * that HPAs, the VPA recommender and `kubectl top` read node and pod usage from.
 */
export class MetricsServer extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "MetricsServer"), name, {}, opts);
        this.release = chartRelease(name, {
            source: METRICS_SERVER_CHART,
            version: args.chartVersion,
            releaseName: METRICS_SERVER_RELEASE,
            namespace: METRICS_SERVER_NAMESPACE,
            values: metricsServerValues({ placement: args.placement, replicas: args.replicas }),
        }, { parent: this });
        this.registerOutputs({});
    }
}

/** The add-on; its namespace's rules name the VPC, where the control plane and the kubelets are. */
export function metricsServerAddon(vpcCidr: string) {
    return defineAddon({
        name: "metrics-server",
        dependsOn: [],
        namespaces: [metricsServerNamespace(vpcCidr)],
        provides: ["metrics-api"],
        install: (name, ctx, _deps, opts) => ({
            component: new MetricsServer(name, {
                chartVersion: ctx.config.addons.metricsServer.version,
                placement: ctx.placement,
                replicas: ctx.config.addons.metricsServer.replicas,
            }, opts),
            outputs: {},
        }),
    });
}
