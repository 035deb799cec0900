import { applicationNamespacesSchema } from "../lib/kubernetes";
import { podOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import {
    allowedDisruptions, asDeclared, budgetsOf, budgetText, hpasOf, HOSTNAME_KEY, isListed, isReplicatedWorkload, KubernetesObject, listedWorkloadsSchema,
    ListedWorkload, minimumReplicas, namespaceOf, podLabelsOf, podsSharedWith, ReplicaCount, selects, spreadSharedWith, SpreadTerm, spreadTerms, ZONE_KEY,
} from "../lib/reliability";
import { describe, plural } from "../lib/resources";

interface Config {
    namespaces: string[];
    exemptions: ListedWorkload[];
    bestEffortZoneSpread: ListedWorkload[];
}

/** What one workload is judged on; `floor.count` is undefined when not known at preview. */
interface Judged {
    objects: KubernetesObject[];
    workload: KubernetesObject;
    spec: Record<string, any>;
    labels: Record<string, unknown>;
    floor: ReplicaCount;
}

/** The other workloads whose pods a selector also selects. */
const sharedWith = (selector: unknown, { workload, objects }: Judged) => podsSharedWith(selector, workload, objects);
const names = (objects: KubernetesObject[]) => objects.map(describe).join(", ");

/** What keeps one lost zone from taking every pod, or what is missing for it. */
function zoneProblems(judged: Judged, bestEffortAllowed: boolean): string[] {
    const { spec, labels, floor: { count: replicas, from } } = judged;
    const problems: string[] = [];
    if (replicas !== undefined && replicas < 2) problems.push(`it is guaranteed only ${plural(replicas, "replica")} (${from}), so losing that zone loses it`);
    const selecting = spreadTerms(spec, ZONE_KEY, namespaceOf(judged.workload.props)).filter((t) => selects(t.labelSelector, labels));
    // A constraint's skew counts every pod it selects; anti-affinity keeps apart whatever it selects, so it may be broad.
    const shared = (t: SpreadTerm) => spreadSharedWith(t, judged.workload, judged.objects);
    const own = selecting.filter((t) => t.maxSkew === undefined || shared(t).length === 0);
    if (own.length === 0) {
        problems.push(selecting.length === 0
            ? `no topologySpreadConstraint or podAntiAffinity term on ${ZONE_KEY} selects its own pods, so every replica may run in one zone`
            : `its topologySpreadConstraint on ${ZONE_KEY} also selects the pods of ${names([...new Set(selecting.flatMap(shared))])}, so the skew counts their pods with its own and every replica of it may run in one zone`);
        return problems;
    }
    // With maxSkew below the replica count, no placement puts them all in one zone; anti-affinity allows one pod a zone. An unknown count leaves maxSkew unjudged.
    const guaranteeing = own.filter((t) => t.hard && (t.maxSkew === undefined || replicas === undefined || (typeof t.maxSkew === "number" && t.maxSkew < Math.max(replicas, 2))));
    if (guaranteeing.length > 0) return problems;
    const wideSkew = own.find((t) => t.hard);
    if (wideSkew && replicas !== undefined) {
        problems.push(`its DoNotSchedule constraint on ${ZONE_KEY} has maxSkew ${JSON.stringify(wideSkew.maxSkew)}, not below its ${plural(replicas, "replica")}, so all of them may share one zone`);
    } else if (!bestEffortAllowed) {
        problems.push(`its spread over ${ZONE_KEY} is best-effort only (${[...new Set(own.map((t) => t.text))].join(", ")}): the scheduler gives it up and puts every replica in one zone when the others lack room; use whenUnsatisfiable DoNotSchedule, or list the workload in bestEffortZoneSpread with a reason`);
    }
    return problems;
}

/** What keeps a node drain from taking every pod at once, or what is missing for it. */
function drainProblems(judged: Judged): string[] {
    const { objects, workload, spec, labels, floor: { count: replicas } } = judged;
    const problems: string[] = [];
    const budgets = budgetsOf(objects, workload);
    const own = budgets.filter((b) => sharedWith(b.props.spec?.selector, judged).length === 0);
    if (budgets.length === 0) problems.push("no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once");
    else if (own.length === 0) {
        for (const budget of budgets) {
            problems.push(`${describe(budget)} also selects the pods of ${names(sharedWith(budget.props.spec?.selector, judged))}, so it counts their pods with its own and may let every pod of this workload go at once`);
        }
    }
    if (replicas !== undefined) {
        for (const budget of own) {
            const budgetSpec = budget.props.spec ?? {};
            const allowed = allowedDisruptions(budgetSpec, replicas);
            if (allowed === undefined) problems.push(`${describe(budget)} sets neither maxUnavailable nor minAvailable to a count or percentage`);
            else if (allowed < 1) problems.push(`${describe(budget)} sets ${budgetText(budgetSpec)}, which allows no eviction at ${plural(replicas, "replica")}, so a drain cannot move its pods`);
            else if (replicas - allowed < 1) problems.push(`${describe(budget)} sets ${budgetText(budgetSpec)}, which lets a drain evict every pod at once (${plural(replicas, "replica")})`);
        }
    }
    const namespace = namespaceOf(workload.props);
    // A required anti-affinity term on the zone allows one pod a zone, so one a node too.
    const apartByZone = spreadTerms(spec, ZONE_KEY, namespace).some((t) => t.hard && t.maxSkew === undefined && selects(t.labelSelector, labels));
    if (!apartByZone && !spreadTerms(spec, HOSTNAME_KEY, namespace).some((t) => selects(t.labelSelector, labels))) {
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
 * budget) keeps two replicas off one node, unless a required zone anti-affinity already does.
 * A budget or a spread constraint counts only when it selects no other workload's pods: one
 * over several workloads counts their pods together and may let all of one go (a constraint's
 * matchLabelKeys on pod-template-hash keeps it to one ReplicaSet's pods). A workload
 * whose recovery is a restore rather than a failover (one primary with fast restore) is listed
 * as an exemption with its reason. Objects are read as the program declared them (__inputs),
 * the guaranteed replicas are the HPA's minReplicas, else spec.replicas, else 1; a count
 * unknown at preview skips only the checks that need it. Two budgets over one pod are
 * kubernetes-workload-require-pdb's concern.
 */
export const stackWorkloadRequireAvailability: PackStackPolicy = {
    name: "stack-workload-require-availability",
    description: "Every Deployment and StatefulSet in an application namespace must survive the loss of one availability zone and one node drain: at least 2 guaranteed replicas (HPA minReplicas, else spec.replicas), spread over topology.kubernetes.io/zone by a DoNotSchedule constraint selecting only its own pods with maxSkew below its replicas or a required anti-affinity term selecting its pods (ScheduleAnyway only where the config allows best-effort spread), a PodDisruptionBudget of its own (selecting no other workload's pods) that allows one eviction while keeping one pod, and a kubernetes.io/hostname spread or anti-affinity unless the zone anti-affinity is required; exemptions need a written reason.",
    rationale: "An outage of one AZ or a node upgrade must never take a whole service down, and only a hard spread, two replicas and a budget that keeps one pod turn that promise into something the scheduler enforces.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:platform promise (README, docs/decisions.md)", "source:REL10-BP01", "source:BPG"],
    remediationSteps: "Create the service through the Microservice component with services.<name>.scaling.min ≥ 2 in Pulumi.<stack>.yaml; it renders topologySpreadConstraints on topology.kubernetes.io/zone (maxSkew 1, whenUnsatisfiable DoNotSchedule) and on kubernetes.io/hostname (ScheduleAnyway) with the selector labels, and a PodDisruptionBudget with maxUnavailable: 1. A workload on spot capacity that must stay ScheduleAnyway goes in bestEffortZoneSpread, and a single-primary workload recovered by restore goes in exemptions, each as { namespace, name, reason } in the stack's policy config.",
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
            const judged: Judged = {
                objects, workload, spec: podOf(workload.type, workload.props)?.spec ?? {}, labels: podLabelsOf(workload.props),
                floor: minimumReplicas(workload, hpasOf(objects, workload)),
            };
            const problems = [...zoneProblems(judged, isListed(bestEffortZoneSpread, workload)), ...drainProblems(judged)];
            if (problems.length > 0) {
                reportViolation(`${describe(workload)} in namespace ${namespaceOf(workload.props)} would not survive the loss of one AZ and one node drain: ${problems.join("; ")}.`, workload.urn);
            }
        }
    },
};
