/** A service's NetworkPolicy: every flow its pods take and make, on top of the namespace's default-deny and DNS. */
import type * as k8s from "@pulumi/kubernetes";
import { renderWorkloadNetworkPolicy } from "../../namespace/baseline";
import { ServiceSpec } from "../spec";
import { selectorLabels, serviceLabels } from "./labels";

export function renderNetworkPolicy(spec: ServiceSpec) {
    const policy = renderWorkloadNetworkPolicy(spec.namespace, spec.definition.name, selectorLabels(spec.definition), spec.traffic);
    return { ...policy, metadata: { ...policy.metadata, labels: serviceLabels(spec) } } satisfies k8s.networking.v1.NetworkPolicyArgs;
}
