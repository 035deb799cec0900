/**
 * The labels of a service's objects: the recommended `app.kubernetes.io` set on every object,
 * and the two of them that never change over the service's life as every selector.
 */
import { PLATFORM_NAMESPACE_LABELS } from "../../namespace/baseline";
import { ServiceDefinition, ServiceSpec } from "../spec";

/**
 * The labels that select a service's pods: Deployment, Service, PodDisruptionBudget,
 * NetworkPolicy and spread constraints. Without the version, since a Deployment's selector
 * is immutable and a Service must reach old and new pods during a rollout.
 */
export function selectorLabels(definition: ServiceDefinition): Record<string, string> {
    return { "app.kubernetes.io/name": definition.name, "app.kubernetes.io/instance": definition.name };
}

/** The labels of every object of a service, and of its pods. */
export function serviceLabels(spec: ServiceSpec): Record<string, string> {
    return {
        ...selectorLabels(spec.definition),
        "app.kubernetes.io/version": spec.version,
        "app.kubernetes.io/component": spec.definition.component,
        ...PLATFORM_NAMESPACE_LABELS,
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/** The `metadata` of one of a service's objects: named after the service, in its namespace. */
export function serviceMetadata(spec: ServiceSpec) {
    return { name: spec.definition.name, namespace: spec.namespace, labels: serviceLabels(spec) };
}
