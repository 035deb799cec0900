import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Placement } from "../../cluster/placement";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { verticalPodAutoscalerNamespace } from "./namespace";
import { admissionControllerReplicas, VPA_NAMESPACE, VPA_RELEASE, verticalPodAutoscalerValues } from "./values";

/** Published to the same index as the cluster-autoscaler chart (the repository's gh-pages). */
export const VPA_CHART: ChartSource = { chart: "vertical-pod-autoscaler", repo: "https://kubernetes.github.io/autoscaler" };

export interface VerticalPodAutoscalerArgs {
    chartVersion: string;
    placement: Placement;
    updater: boolean;
    admissionController: boolean;
    admissionControllerReplicas: number;
}

/**
 * The Vertical Pod Autoscaler with its CRDs: the recommender always, the updater and the
 * admission controller as configured.
 */
export class VerticalPodAutoscaler extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: VerticalPodAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "VerticalPodAutoscaler"), name, {}, opts);
        this.release = chartRelease(name, {
            source: VPA_CHART,
            version: args.chartVersion,
            releaseName: VPA_RELEASE,
            namespace: VPA_NAMESPACE,
            values: verticalPodAutoscalerValues({
                placement: args.placement,
                updater: args.updater,
                admissionController: args.admissionController,
                admissionControllerReplicas: args.admissionControllerReplicas,
            }),
        }, { parent: this });
        this.registerOutputs({});
    }
}

/** The add-on; its namespace's rules name the VPC, where the control plane calls the webhook from. */
export function verticalPodAutoscalerAddon(vpcCidr: string) {
    return defineAddon({
        name: "vertical-pod-autoscaler",
        // The recommender reads usage from the metrics API.
        dependsOn: ["metrics-server"],
        namespaces: [verticalPodAutoscalerNamespace(vpcCidr)],
        provides: ["vertical-pod-autoscaler"],
        install: (name, ctx, _deps, opts) => ({
            component: new VerticalPodAutoscaler(name, {
                chartVersion: ctx.config.addons.verticalPodAutoscaler.version,
                placement: ctx.placement,
                updater: ctx.config.addons.verticalPodAutoscaler.updater,
                admissionController: ctx.config.addons.verticalPodAutoscaler.admissionController,
                admissionControllerReplicas: admissionControllerReplicas(ctx.config.environment),
            }, opts),
            outputs: {},
        }),
    });
}
