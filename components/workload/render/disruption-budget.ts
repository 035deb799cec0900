/** A service's PodDisruptionBudget: node drains and scale-ins take its pods one at a time. */
import type * as k8s from "@pulumi/kubernetes";
import { ServiceSpec } from "../spec";
import { selectorLabels, serviceMetadata } from "./labels";

export function renderPodDisruptionBudget(spec: ServiceSpec) {
    return {
        metadata: serviceMetadata(spec),
        spec: {
            maxUnavailable: 1,
            selector: { matchLabels: selectorLabels(spec.definition) },
            // A pod that is not ready serves nothing: evicting it costs no availability, and counting it would stall drains.
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        },
    } satisfies k8s.policy.v1.PodDisruptionBudgetArgs;
}
