import { PackStackPolicy } from "../lib/policy";
import {
    allowedDisruptions, budgetsOf, budgetText, hpasOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, isReplicatedWorkload, minimumReplicas, namespaceOf,
} from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * A multi-replica workload without a PodDisruptionBudget can lose every pod at once when
 * nodes are drained for an upgrade or scaled in by the cluster autoscaler. A budget that
 * allows no disruption at the workload's minimum scale is as bad the other way: drains hang
 * and node upgrades stall. Two budgets over one pod make the eviction API refuse it outright.
 */
export const kubernetesWorkloadRequirePdb: PackStackPolicy = {
    name: "kubernetes-workload-require-pdb",
    description: "Every Deployment and StatefulSet that runs more than one replica (the HPA's minReplicas counts) must have exactly one PodDisruptionBudget in its namespace selecting its pods, and no budget may block drains: maxUnavailable above 0, minAvailable below the workload's minimum replicas.",
    rationale: "Without a budget a drain or scale-in can evict every pod at once, and a budget that allows no eviction makes drains and node upgrades hang.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:PO missingPodDisruptionBudget", "source:PO pdbDisruptionsIsZero"],
    remediationSteps: "Let the workload renderer create the service's PodDisruptionBudget with maxUnavailable: 1 and the pod template's selector labels (app.kubernetes.io/name) in the workload's namespace; never maxUnavailable 0, and a minAvailable below the HPA's minReplicas if minAvailable is used. Keep one budget per set of pods.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { ignoredNamespaces } = args.getConfig<Config>();
        for (const workload of args.resources.filter((r) => isReplicatedWorkload(r.type) && !isIgnored(r, ignoredNamespaces))) {
            const floor = minimumReplicas(workload, hpasOf(args.resources, workload));
            const covering = budgetsOf(args.resources, workload);
            if (covering.length === 0 && floor.count !== undefined && floor.count > 1) {
                reportViolation(`${describe(workload)} runs at least ${floor.count} replicas but no PodDisruptionBudget in namespace ${namespaceOf(workload.props)} selects its pods, so a node drain may evict all of them at once.`, workload.urn);
            }
            if (covering.length > 1) {
                reportViolation(`${describe(workload)} has its pods selected by ${covering.length} PodDisruptionBudgets (${covering.map((b) => b.name).join(", ")}); the eviction API refuses to evict a pod with more than one, so drains hang.`, workload.urn);
            }
            if (floor.count === undefined) continue;
            for (const budget of covering) {
                const spec = budget.props.spec ?? {};
                const allowed = allowedDisruptions(spec, floor.count);
                if (allowed !== undefined && allowed < 1) {
                    reportViolation(`${describe(budget)} sets ${budgetText(spec)}, which allows no pod of ${describe(workload)} to be evicted at its ${floor.count} replica${floor.count === 1 ? "" : "s"} (${floor.from}), so node drains and upgrades hang.`, budget.urn);
                }
            }
        }
    },
};
