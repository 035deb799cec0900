import { ClusterAddresses } from "../../namespace/traffic";
import { defineAddon } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { verticalPodAutoscalerNamespace } from "./namespace";
import { admissionControllerReplicas, VPA_NAMESPACE, VPA_RELEASE, verticalPodAutoscalerValues } from "./values";

/** Published to the same index as the cluster-autoscaler chart (the repository's gh-pages). */
export const VPA_CHART: ChartSource = { chart: "vertical-pod-autoscaler", repo: "https://kubernetes.github.io/autoscaler" };

/**
 * The Vertical Pod Autoscaler with its CRDs: the recommender always, the updater and the
 * admission controller as configured. Its namespace's rules name the VPC, where the control
 * plane calls the webhook from.
 */
export function verticalPodAutoscalerAddon(addresses: ClusterAddresses) {
    return defineAddon({
        name: "vertical-pod-autoscaler",
        // The recommender reads usage from the metrics API.
        dependsOn: ["metrics-server"],
        namespaces: [verticalPodAutoscalerNamespace(addresses)],
        provides: ["vertical-pod-autoscaler"],
        install: (name, ctx, _deps, opts) => ({
            component: new ChartAddon(name, {
                component: "VerticalPodAutoscaler",
                source: VPA_CHART,
                version: ctx.config.addons.verticalPodAutoscaler.version,
                releaseName: VPA_RELEASE,
                namespace: VPA_NAMESPACE,
                values: verticalPodAutoscalerValues({
                    placement: ctx.placement,
                    updater: ctx.config.addons.verticalPodAutoscaler.updater,
                    admissionController: ctx.config.addons.verticalPodAutoscaler.admissionController,
                    admissionControllerReplicas: admissionControllerReplicas(ctx.config.environment),
                }),
            }, opts),
            outputs: {},
        }),
    });
}
