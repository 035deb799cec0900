/**
 * Admission fences: a ValidatingAdmissionPolicy that refuses one service account's writes of
 * some resources outside the namespaces it serves. For controllers whose chart grants those
 * writes cluster-wide and offers no namespaced RBAC (the Prometheus operator, cert-manager):
 * their own flags keep them from wanting to write elsewhere, the fence refuses them if they
 * try (a bug, or someone holding their token). Reads are not fenced.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A group's resources, as an admission rule names them. */
export interface FencedResources {
    apiGroup: string;
    resources: string[];
}

export interface WriteFence {
    /** The policy's and its binding's name. */
    name: string;
    serviceAccount: { namespace: string; name: string };
    resources: FencedResources[];
    /** Where the service account may still write them. */
    namespaces: readonly string[];
    /** Says in the refusal what the controller is for. */
    who: string;
}

const WRITES = ["CREATE", "UPDATE", "DELETE"];

export function renderWriteFence(fence: WriteFence) {
    const user = `system:serviceaccount:${fence.serviceAccount.namespace}:${fence.serviceAccount.name}`;
    const namespaces = [...new Set(fence.namespaces)];
    return {
        policy: {
            metadata: { name: fence.name },
            spec: {
                // A request the expressions cannot evaluate is refused: the fence fails closed.
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: fence.resources.map((r) => ({ apiGroups: [r.apiGroup], apiVersions: ["v1"], operations: WRITES, resources: r.resources })),
                },
                matchConditions: [{ name: "service-account", expression: `request.userInfo.username == '${user}'` }],
                validations: [{
                    expression: `request.namespace in [${namespaces.map((ns) => `'${ns}'`).join(", ")}]`,
                    message: `${fence.who} writes ${fence.resources.flatMap((r) => r.resources).join(", ")} only in ${namespaces.join(", ")}`,
                    reason: "Forbidden",
                }],
            },
        },
        binding: {
            metadata: { name: fence.name },
            spec: { policyName: fence.name, validationActions: ["Deny"] },
        },
    };
}

/** The fence's policy and its binding; returns the binding, which what the fence must precede waits for. */
export function writeFence(name: string, fence: WriteFence, opts: pulumi.CustomResourceOptions): k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding {
    const { policy, binding } = renderWriteFence(fence);
    const created = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(name, policy, opts);
    return new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(name, binding, { ...opts, dependsOn: [created] });
}
