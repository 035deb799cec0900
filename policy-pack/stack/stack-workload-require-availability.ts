import { podOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import {
    allowedDisruptions, asDeclared, budgetsOf, budgetText, hpasOf, HOSTNAME_KEY, isListed, isReplicatedWorkload, KubernetesObject, listedWorkloadsSchema,
    ListedWorkload, minimumReplicas, namespaceOf, podLabelsOf, ReplicaCount, selects, spreadTerms, ZONE_KEY,
} from "../lib/reliability";
import { describe } from "../lib/resources";
import { applicationNamespacesSchema } from "../lib/kubernetes";

interface Config {
    namespaces: string[];
    exemptions: ListedWorkload[];
    bestEffortZoneSpread: ListedWorkload[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What keeps one lost zone from taking every pod, or what is missing for it. */
function zoneProblems(spec: Record<string, any>, labels: Record<string, unknown>, replicas: number, from: string, bestEffortAllowed: boolean): string[] {
    const problems: string[] = [];
    if (replicas < 2) problems.push(`it is guaranteed only ${plural(replicas, "replica")} (${from}), so losing that zone loses it`);
    const own = spreadTerms(spec, ZONE_KEY).filter((t) => selects(t.labelSelector, labels));
    if (own.length === 0) {
        problems.push(`no topologySpreadConstraint or podAntiAffinity term on ${ZONE_KEY} selects its own pods, so every replica may run in one zone`);
        return problems;
    }
    // With maxSkew below the replica count, no placement puts them all in one zone; anti-affinity allows one pod a zone.
    const guaranteeing = own.filter((t) => t.hard && (t.maxSkew === undefined || (typeof t.maxSkew === "number" && t.maxSkew < Math.max(replicas, 2))));
    if (guaranteeing.length > 0) return problems;
    const wideSkew = own.find((t) => t.hard);
    if (wideSkew) {
        problems.push(`its DoNotSchedule constraint on ${ZONE_KEY} has maxSkew ${JSON.stringify(wideSkew.maxSkew)}, not below its ${plural(replicas, "replica")}, so all of them may share one zone`);
    } else if (!bestEffortAllowed) {
        problems.push(`its spread over ${ZONE_KEY} is best-effort only (${[...new Set(own.map((t) => t.text))].join(", ")}): the scheduler gives it up and puts every replica in one zone when the others lack room; use whenUnsatisfiable DoNotSchedule, or list the workload in bestEffortZoneSpread with a reason`);
    }
    return problems;
}

/** What keeps a node drain from taking every pod at once, or what is missing for it. */
function drainProblems(objects: KubernetesObject[], workload: KubernetesObject, spec: Record<string, any>, labels: Record<string, unknown>, replicas: number): string[] {
    const problems: string[] = [];
    const budgets = budgetsOf(objects, workload);
    if (budgets.length === 0) problems.push("no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once");
    for (const budget of budgets) {
        const budgetSpec = budget.props.spec ?? {};
        const allowed = allowedDisruptions(budgetSpec, replicas);
        if (allowed === undefined) problems.push(`${describe(budget)} sets neither maxUnavailable nor minAvailable to a count or percentage`);
        else if (allowed < 1) problems.push(`${describe(budget)} sets ${budgetText(budgetSpec)}, which allows no eviction at ${plural(replicas, "replica")}, so a drain cannot move its pods`);
        else if (replicas - allowed < 1) problems.push(`${describe(budget)} sets ${budgetText(budgetSpec)}, which lets a drain evict every pod at once (${plural(replicas, "replica")})`);
    }
    if (!spreadTerms(spec, HOSTNAME_KEY).some((t) => selects(t.labelSelector, labels))) {
        problems.push(`no topologySpreadConstraint or podAntiAffinity term on ${HOSTNAME_KEY} selects its own pods, so two replicas may share the node being drained`);
    }
    return problems;
}

/**
 * The platform's availability promise: every application workload survives the loss of one
 * availability zone and one node drain without losing all of its pods. For the zone, that
 * takes two guaranteed replicas and a hard spread: whenUnsatisfiable ScheduleAnyway (or a
 * preferred anti-affinity term) is a preference the scheduler drops exactly when a zone is
 * short of capacity, so the replicas can sit in one zone for weeks before the outage that
 * shows it. A workload on capacity that comes and goes per zone (spot) may be allowed a
 * best-effort spread, by name and with a reason. For the drain, a budget must let one pod go
 * and keep one, and a hostname spread (a preference is enough there: a drain waits for the
 * budget) keeps two replicas off one node. A workload whose recovery is a restore rather than
 * a failover (one primary with fast restore) is listed as an exemption with its reason.
 * Objects are read as the program declared them (__inputs), the guaranteed replicas are the
 * HPA's minReplicas, else spec.replicas, else 1; a count unknown at preview is not judged.
 * Two budgets over one pod are kubernetes-workload-require-pdb's concern.
 */
export const stackWorkloadRequireAvailability: PackStackPolicy = {
    name: "stack-workload-require-availability",
    description: "Every Deployment and StatefulSet in an application namespace must survive the loss of one availability zone and one node drain: at least 2 guaranteed replicas (HPA minReplicas, else spec.replicas), spread over topology.kubernetes.io/zone by a DoNotSchedule constraint with maxSkew below its replicas or a required anti-affinity term selecting its own pods (ScheduleAnyway only where the config allows best-effort spread), a PodDisruptionBudget that allows one eviction while keeping one pod, and a kubernetes.io/hostname spread or anti-affinity; exemptions need a written reason.",
    rationale: "An outage of one AZ or a node upgrade must never take a whole service down, and only a hard spread, two replicas and a budget that keeps one pod turn that promise into something the scheduler enforces.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:GATES platform promise: every prod workload survives the loss of one AZ and one node drain", "source:REL10-BP01", "source:BPG"],
    remediationSteps: "Create the service through the Microservice component with scaling.min ≥ 2 in the stack config; it renders topologySpreadConstraints on topology.kubernetes.io/zone (maxSkew 1, whenUnsatisfiable DoNotSchedule) and on kubernetes.io/hostname (ScheduleAnyway) with the selector labels, and a PodDisruptionBudget with maxUnavailable: 1. A workload on spot capacity that must stay ScheduleAnyway goes in bestEffortZoneSpread, and a single-primary workload recovered by restore goes in exemptions, each as { namespace, name, reason } in the stack's policy config.",
    configSchema: {
        properties: {
            namespaces: applicationNamespacesSchema("Application namespaces whose Deployments and StatefulSets must be available; workloads elsewhere (add-ons) are not judged."),
            exemptions: listedWorkloadsSchema("Workloads whose recovery is a restore rather than a failover, not judged: { namespace, name, reason }."),
            bestEffortZoneSpread: listedWorkloadsSchema("Workloads whose zone spread may be ScheduleAnyway or preferred anti-affinity (capacity that comes and goes per zone): { namespace, name, reason }."),
        },
    },
    validateStack: (args, reportViolation) => {
        const { namespaces, exemptions, bestEffortZoneSpread } = args.getConfig<Config>();
        const objects = args.resources.map(asDeclared);
        const workloads = objects.filter((o) => isReplicatedWorkload(o.type) && namespaces.includes(namespaceOf(o.props)) && !isListed(exemptions, o));
        for (const workload of workloads) {
            const floor: ReplicaCount = minimumReplicas(workload, hpasOf(objects, workload));
            if (floor.count === undefined) continue;
            const spec = podOf(workload.type, workload.props)?.spec ?? {};
            const labels = podLabelsOf(workload.props);
            const problems = [
                ...zoneProblems(spec, labels, floor.count, floor.from, isListed(bestEffortZoneSpread, workload)),
                ...drainProblems(objects, workload, spec, labels, floor.count),
            ];
            if (problems.length > 0) {
                reportViolation(`${describe(workload)} in namespace ${namespaceOf(workload.props)} would not survive the loss of one AZ and one node drain: ${problems.join("; ")}.`, workload.urn);
            }
        }
    },
};
