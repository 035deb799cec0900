/**
 * Pod settings every add-on chart repeats: the restricted Pod Security Standard, spreading over
 * zones and disruption budgets. One definition, so no add-on drifts from the others.
 */

import { Placement } from "../cluster/placement";

/** The seccomp profile the restricted standard requires (the container runtime's default). */
export const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" };

/**
 * A restricted pod `securityContext`. The user and group are set explicitly so a pod never
 * depends on its image's USER; an fsGroup makes mounted volumes (such as a projected IRSA token)
 * readable by that user.
 */
export function restrictedPodSecurity(ids: { user: number; group?: number; fsGroup?: number }) {
    return {
        runAsNonRoot: true,
        runAsUser: ids.user,
        runAsGroup: ids.group ?? ids.user,
        ...(ids.fsGroup === undefined ? {} : { fsGroup: ids.fsGroup }),
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    };
}

/** A restricted container `securityContext`; user and seccomp come from the pod's context. */
export const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

/**
 * A restricted container `securityContext` that also states the user and seccomp profile, for
 * charts whose container default is merged with or replaces these values, so every field must be
 * given. `addCapabilities` goes back into the bounding set after everything is dropped.
 */
export function restrictedContainerSecurity(ids: { user: number; group?: number; addCapabilities?: string[] }) {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: ids.user,
        runAsGroup: ids.group ?? ids.user,
        capabilities: ids.addCapabilities ? { drop: ["ALL"], add: ids.addCapabilities } : { drop: ["ALL"] },
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    };
}

/**
 * One topology spread constraint: the pods with these labels one per zone at most skew 1, so a
 * zone loss takes at most its share of the replicas. DoNotSchedule where the nodes' group has a
 * node in every zone; ScheduleAnyway where a pending replica would be worse than a skewed one.
 */
export function zoneSpread(podLabels: Record<string, string>, whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway") {
    return { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable, labelSelector: { matchLabels: podLabels } };
}

/**
 * A chart's `podDisruptionBudget` (`enabled` plus the budget): only for more than one replica,
 * as a budget over a single pod would only block node drains.
 */
export function disruptionBudget<Budget extends { minAvailable: number } | { maxUnavailable: number }>(replicas: number, budget: Budget) {
    return replicas > 1 ? { enabled: true, ...budget } : { enabled: false };
}

/**
 * A chart's whole container `securityContext` under the restricted standard, for charts whose
 * default context Helm merges ours into: every field is given, so none of the chart's stays.
 */
export function restrictedContainerAs(user: number) {
    return { runAsNonRoot: true, runAsUser: user, ...RESTRICTED_CONTAINER, seccompProfile: RUNTIME_DEFAULT_SECCOMP };
}

/**
 * The scheduling values of an aggregated API server's chart (metrics-server, prometheus-adapter):
 * the HPAs read its API, so it runs as system-cluster-critical on the system nodes; its replicas
 * all serve (no leader election), so never more than one is down, an unready one may still be
 * evicted so it never blocks a node drain, and they spread strictly over the zones, where the
 * system group has a node in every zone.
 */
export function aggregatedApiServerPods(replicas: number, podLabels: Record<string, string>, placement: Placement) {
    return {
        replicas,
        priorityClassName: "system-cluster-critical",
        podDisruptionBudget: disruptionBudget(replicas, { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" }),
        topologySpreadConstraints: replicas > 1 ? [zoneSpread(podLabels, "DoNotSchedule")] : [],
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
    };
}
