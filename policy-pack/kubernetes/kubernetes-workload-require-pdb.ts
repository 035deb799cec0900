import { isKind } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import {
    allowedDisruptions, budgetsOf, budgetText, hpasOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, isReplicatedWorkload, minimumReplicas, namespaceOf,
    podsSelectedBy, podsSharedWith, ReplicaCount,
} from "../lib/reliability";
import { describe, plural } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * A multi-replica workload without a PodDisruptionBudget can lose every pod at once when
 * nodes are drained for an upgrade or scaled in by the cluster autoscaler. A budget that also
 * selects another workload's pods counts them together, so it may let every pod of one go: it
 * is no budget of the workload's own. A budget that allows no disruption at the minimum scale
 * of the pods it selects is as bad the other way: drains hang and node upgrades stall. Two
 * budgets over one pod make the eviction API refuse it outright.
 */
export const kubernetesWorkloadRequirePdb: PackStackPolicy = {
    name: "kubernetes-workload-require-pdb",
    description: "Every Deployment and StatefulSet that runs more than one replica (the HPA's minReplicas counts) must have exactly one PodDisruptionBudget in its namespace selecting its pods, selecting no other workload's pods, and no budget may block drains: maxUnavailable above 0, minAvailable below the minimum replicas of the workloads it selects.",
    rationale: "Without a budget of its own a drain or scale-in can evict every pod of a workload at once, and a budget that allows no eviction makes drains and node upgrades hang.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:PO missingPodDisruptionBudget", "source:PO pdbDisruptionsIsZero"],
    remediationSteps: "Let the workload renderer create the service's PodDisruptionBudget with maxUnavailable: 1 and the pod template's selector labels (app.kubernetes.io/name and app.kubernetes.io/instance) in the workload's namespace, so it selects no other workload's pods; never maxUnavailable 0, and a minAvailable below the HPA's minReplicas if minAvailable is used. Keep one budget per set of pods.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { ignoredNamespaces } = args.getConfig<Config>();
        const workloads = args.resources.filter((r) => isReplicatedWorkload(r.type) && !isIgnored(r, ignoredNamespaces));
        const floorOf = new Map(workloads.map((w) => [w, minimumReplicas(w, hpasOf(args.resources, w))]));
        for (const workload of workloads) {
            const floor = floorOf.get(workload)!;
            const covering = budgetsOf(args.resources, workload);
            const shared = covering.map((b) => ({ budget: b, others: podsSharedWith(b.props.spec?.selector, workload, args.resources) }));
            if (floor.count !== undefined && floor.count > 1 && !shared.some((s) => s.others.length === 0)) {
                const why = covering.length === 0
                    ? `no PodDisruptionBudget in namespace ${namespaceOf(workload.props)} selects its pods`
                    : `every PodDisruptionBudget selecting its pods also selects another workload's (${shared.map((s) => `${describe(s.budget)} selects ${s.others.map(describe).join(", ")} too`).join("; ")}) and counts them together`;
                reportViolation(`${describe(workload)} runs at least ${floor.count} replicas but ${why}, so a node drain may evict all of them at once.`, workload.urn);
            }
            if (covering.length > 1) {
                reportViolation(`${describe(workload)} has its pods selected by ${covering.length} PodDisruptionBudgets (${covering.map((b) => b.name).join(", ")}); the eviction API refuses to evict a pod with more than one, so drains hang.`, workload.urn);
            }
        }
        // A budget's limit applies to every pod it selects, so it is judged against all of them.
        for (const budget of args.resources.filter((r) => isKind(r.type, "policy", "PodDisruptionBudget") && !isIgnored(r, ignoredNamespaces))) {
            const selected = podsSelectedBy(args.resources, namespaceOf(budget.props), budget.props.spec?.selector).filter((w) => floorOf.has(w));
            const floors = selected.map((w) => floorOf.get(w)!);
            if (selected.length === 0 || floors.some((f) => f.count === undefined)) continue;
            const replicas = floors.reduce((sum, f) => sum + f.count!, 0);
            const spec = budget.props.spec ?? {};
            const allowed = allowedDisruptions(spec, replicas);
            if (allowed !== undefined && allowed < 1) {
                reportViolation(`${describe(budget)} sets ${budgetText(spec)}, which allows no pod of ${selected.map(describe).join(" and ")} to be evicted at ${selected.length === 1 ? "its" : "their"} ${plural(replicas, "replica")} (${countsText(selected.length, floors)}), so node drains and upgrades hang.`, budget.urn);
            }
        }
    },
};

/** Where a budget's replica count comes from, for messages. */
function countsText(workloads: number, floors: ReplicaCount[]): string {
    return workloads === 1 ? floors[0].from : floors.map((f) => `${f.count} from ${f.from}`).join(", ");
}
