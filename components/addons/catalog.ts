import { StackConfig } from "../../stacks/config/schema";
import { clusterAutoscalerAddon } from "./cluster-autoscaler/cluster-autoscaler";
import { metricsServerAddon } from "./metrics-server/metrics-server";
import { AnyAddon } from "./registry";
import { storageAddon } from "./storage/storage-class";
import { verticalPodAutoscalerAddon } from "./vertical-pod-autoscaler/vertical-pod-autoscaler";

/** The cluster add-ons of a stack; the registry orders them by their dependencies. */
export function platformAddons(config: StackConfig): AnyAddon[] {
    const vpcCidr = config.network.cidr;
    return [
        storageAddon,
        clusterAutoscalerAddon,
        metricsServerAddon(vpcCidr),
        verticalPodAutoscalerAddon(vpcCidr),
    ];
}
