/**
 * An add-on's admission fence as resources: the policy (rendered with the platform's other
 * admission policies, components/admission/policies.ts) and its binding.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderBinding, renderWriteFencePolicy, WriteFence } from "../admission/policies";

export type { WriteFence } from "../admission/policies";

export function renderWriteFence(fence: WriteFence) {
    return { policy: renderWriteFencePolicy(fence), binding: renderBinding(fence.name) };
}

/** The fence's policy and its binding; returns the binding, which what the fence must precede waits for. */
export function writeFence(name: string, fence: WriteFence, opts: pulumi.CustomResourceOptions): k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding {
    const { policy, binding } = renderWriteFence(fence);
    const created = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(name, policy, opts);
    return new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(name, binding, { ...opts, dependsOn: [created] });
}
