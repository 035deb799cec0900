/**
 * A service's identity: its own ServiceAccount (never `default`), with a Kubernetes API token
 * only when it calls the API, and then a Role holding exactly the rules it declared.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { IRSA_ROLE_ANNOTATION } from "../../cluster/irsa";
import { ServiceDefinition, ServiceSpec } from "../spec";
import { serviceMetadata } from "./labels";

/** Whether a service calls the Kubernetes API; an empty rule list grants nothing, so it counts as no. */
export function callsKubernetesApi(definition: ServiceDefinition): boolean {
    return (definition.uses.kubernetesApi ?? []).length > 0;
}

/** The ServiceAccount; `roleArn` (the service's IRSA role) makes the pod identity webhook inject AWS credentials. */
export function renderServiceAccount(spec: ServiceSpec, roleArn?: pulumi.Input<string>) {
    return {
        metadata: { ...serviceMetadata(spec), ...(roleArn === undefined ? {} : { annotations: { [IRSA_ROLE_ANNOTATION]: roleArn } }) },
        automountServiceAccountToken: callsKubernetesApi(spec.definition),
    } satisfies k8s.core.v1.ServiceAccountArgs;
}

/** The Role and its binding to the service's ServiceAccount, when the service calls the Kubernetes API. */
export function renderRbac(spec: ServiceSpec) {
    if (!callsKubernetesApi(spec.definition)) return undefined;
    const metadata = serviceMetadata(spec);
    return {
        role: { metadata, rules: spec.definition.uses.kubernetesApi ?? [] } satisfies k8s.rbac.v1.RoleArgs,
        roleBinding: {
            metadata,
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: metadata.name },
            subjects: [{ kind: "ServiceAccount", name: metadata.name, namespace: metadata.namespace }],
        } satisfies k8s.rbac.v1.RoleBindingArgs,
    };
}
