import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { defineAddon, Environment } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { verticalPodAutoscalerNamespace } from "./namespace";
import { admissionControllerReplicas, VPA_NAMESPACE, VPA_RELEASE, verticalPodAutoscalerValues } from "./values";

/** Published to the same index as the cluster-autoscaler chart (the repository's gh-pages). */
export const VPA_CHART: ChartSource = { chart: "vertical-pod-autoscaler", repo: "https://kubernetes.github.io/autoscaler" };

/** What the add-on reads from the stack config: `addons.verticalPodAutoscaler` and the environment. */
export interface VerticalPodAutoscalerSettings {
    environment: Environment;
    version: string;
    updater: boolean;
    admissionController: boolean;
}

/**
 * The Vertical Pod Autoscaler with its CRDs: the recommender always, the updater and the
 * admission controller as configured. Its namespace's rules name the VPC, where the control
 * plane calls the webhook from.
 */
export function verticalPodAutoscalerAddon(addresses: ClusterAddresses, settings: VerticalPodAutoscalerSettings) {
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
                version: settings.version,
                releaseName: VPA_RELEASE,
                namespace: VPA_NAMESPACE,
                values: cacheRegistryHost(["k8s"], { parent: opts.parent }).apply((registry) => verticalPodAutoscalerValues({
                    placement: ctx.placement,
                    updater: settings.updater,
                    admissionController: settings.admissionController,
                    admissionControllerReplicas: admissionControllerReplicas(settings.environment),
                    registry,
                })),
            }, opts),
            outputs: {},
        }),
    });
}
