/**
 * The application namespace: the platform's namespace baseline (restricted pod security,
 * container defaults, default-deny with DNS) plus a ResourceQuota sized from the workloads
 * themselves, so every service can reach its HPA maximum, even mid-rollout.
 */
import { fromIngressControllerToAcmeSolver } from "../addons/cert-manager/namespace";
import { CONTROLLER_PODS, NGINX_INGRESS_NAMESPACE } from "../addons/nginx-ingress/values";
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

/**
 * cert-manager's HTTP-01 solver pod (its chart's defaults: 10m/64Mi requested, 64Mi limit),
 * which runs in the Ingress's namespace while a certificate is issued or renewed.
 */
export const ACME_SOLVER_BUDGET: PodBudget = {
    name: "acme-http01-solver",
    pods: 1,
    containers: [{ requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "64Mi" } }],
};

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

export interface ApplicationNamespaceInputs {
    name: string;
    budgets: PodBudget[];
    /** An Ingress of the namespace takes its certificate over ACME HTTP-01, whose solver pods run here. */
    servesAcmeChallenges: boolean;
}

export function applicationNamespace(inputs: ApplicationNamespaceInputs): NamespaceSpec {
    const budgets = inputs.servesAcmeChallenges ? [...inputs.budgets, ACME_SOLVER_BUDGET] : inputs.budgets;
    return {
        name: inputs.name,
        podSecurity: "restricted",
        ingress: inputs.servesAcmeChallenges ? [fromIngressControllerToAcmeSolver(NGINX_INGRESS_NAMESPACE, CONTROLLER_PODS)] : [],
        // Each workload's own NetworkPolicy opens its flows; the namespace only denies and allows DNS.
        egress: [],
        quota: applicationQuota(budgets),
    };
}
