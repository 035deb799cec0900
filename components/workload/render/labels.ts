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

/** Labels of the application's objects that belong to no one workload (shared Secrets, Roles, PriorityClasses). */
export const APPLICATION_LABELS: Record<string, string> = { ...PLATFORM_NAMESPACE_LABELS, "app.kubernetes.io/managed-by": "pulumi" };

/**
 * The recommended labels of a workload's objects: its selector labels, the version it runs
 * and its component, and the application's. Never on anything immutable (a StatefulSet's
 * claim templates), as the version changes with every release.
 */
export function workloadLabels(selector: Record<string, string>, version: string, component: string): Record<string, string> {
    return { ...selector, "app.kubernetes.io/version": version, "app.kubernetes.io/component": component, ...APPLICATION_LABELS };
}

/** The labels of every object of a service, and of its pods. */
export function serviceLabels(spec: ServiceSpec): Record<string, string> {
    return workloadLabels(selectorLabels(spec.definition), spec.version, spec.definition.component);
}

/** The `metadata` of one of a service's objects: named after the service, in its namespace. */
export function serviceMetadata(spec: ServiceSpec) {
    return { name: spec.definition.name, namespace: spec.namespace, labels: serviceLabels(spec) };
}
