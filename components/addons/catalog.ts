import { StackConfig } from "../../stacks/config/schema";
import { clusterAutoscalerAddon } from "./cluster-autoscaler/cluster-autoscaler";
import { AnyAddon } from "./registry";
import { storageAddon } from "./storage/storage-class";

/** The cluster add-ons of a stack; the registry orders them by their dependencies. */
export function platformAddons(config: StackConfig): AnyAddon[] {
    void config;
    return [
        storageAddon,
        clusterAutoscalerAddon,
    ];
}
