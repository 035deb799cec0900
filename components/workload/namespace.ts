/**
 * The application namespace: the platform's namespace baseline (restricted pod security,
 * container defaults, default-deny with DNS) plus a ResourceQuota sized from the workloads
 * themselves, so every service can reach its HPA maximum, even mid-rollout.
 */
import { NamespaceSpec } from "../namespace/baseline";
import { cpuMillicores, memoryBytes } from "../shared/quantity";
import { ResourceRequirements } from "./spec";

/** What one workload may run at most, for the quota. */
export interface PodBudget {
    name: string;
    /** Pods at the same time: its maximum replicas plus what a rollout at that maximum adds (podsDuringRollout). */
    pods: number;
    /** Requests and limits of each container of one pod. */
    containers: ResourceRequirements[];
}

/**
 * Pods a Deployment may hold during a rollout at `replicas`, with maxSurge 25% (rounded up, as
 * Kubernetes does): the surge, and as much again for old pods still terminating (they count
 * against the quota until their grace period ends, while the controller already surges again).
 */
export function podsDuringRollout(replicas: number): number {
    return replicas + 2 * Math.ceil(replicas * 0.25);
}

const MEBIBYTE = 1024 * 1024;

/** The quota that fits every budget at once. */
export function applicationQuota(budgets: PodBudget[]): NonNullable<NamespaceSpec["quota"]> {
    const total = (quantity: (r: ResourceRequirements) => number) =>
        budgets.reduce((sum, b) => sum + b.pods * b.containers.reduce((pod, c) => pod + quantity(c), 0), 0);
    return {
        requestsCpu: `${total((r) => cpuMillicores(r.requests.cpu)!)}m`,
        requestsMemory: `${Math.ceil(total((r) => memoryBytes(r.requests.memory)!) / MEBIBYTE)}Mi`,
        limitsMemory: `${Math.ceil(total((r) => memoryBytes(r.limits.memory)!) / MEBIBYTE)}Mi`,
        pods: budgets.reduce((sum, b) => sum + b.pods, 0),
    };
}

/**
 * Marks a namespace as one of the application's: the admission policies that hold only for
 * application pods (images from this account's registry) select namespaces by it.
 */
export const APPLICATION_NAMESPACE_LABELS = { "signal-trading.io/namespace-role": "application" };

export interface ApplicationNamespaceInputs {
    name: string;
    budgets: PodBudget[];
}

/**
 * Nothing but the workloads runs here: cert-manager answers its challenges in DNS, so no
 * solver pod ever lands in the namespace of the Ingress it certifies.
 */
export function applicationNamespace(inputs: ApplicationNamespaceInputs): NamespaceSpec {
    return {
        name: inputs.name,
        podSecurity: "restricted",
        labels: APPLICATION_NAMESPACE_LABELS,
        // Each workload's own NetworkPolicy opens its flows; the namespace only denies and allows DNS.
        ingress: [],
        egress: [],
        quota: applicationQuota(inputs.budgets),
    };
}
