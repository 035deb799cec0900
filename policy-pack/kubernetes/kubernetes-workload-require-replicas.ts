import { PackStackPolicy } from "../lib/policy";
import {
    hpasOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, isListed, isReplicatedWorkload, listedWorkloadsSchema, ListedWorkload, minimumReplicas,
} from "../lib/reliability";
import { describe, plural } from "../lib/resources";

interface Config {
    minReplicas: number;
    ignoredNamespaces: string[];
    exemptions: ListedWorkload[];
}

/**
 * A single replica is down during every rollout that replaces it, every node drain and
 * every node failure. When an HPA scales the workload, its minReplicas is the floor the
 * workload can fall to, whatever spec.replicas says. A workload whose recovery is a restore
 * rather than a failover (one primary with fast restore) is listed as an exemption, with
 * its reason, like stack-workload-require-availability's.
 */
export const kubernetesWorkloadRequireReplicas: PackStackPolicy = {
    name: "kubernetes-workload-require-replicas",
    description: "Every Deployment and StatefulSet must run at least minReplicas replicas: the minReplicas of the HorizontalPodAutoscaler that scales it, else spec.replicas (1 when unset).",
    rationale: "A single replica is down during every rollout, node drain and node failure.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:PO deploymentMissingReplicas", "source:BPG"],
    remediationSteps: "Raise the service's minimum scale, services.<name>.scaling.min in Pulumi.<stack>.yaml, to at least minReplicas, so the workload renderer writes it to the HorizontalPodAutoscaler's minReplicas; for a workload without an HPA set spec.replicas. An environment that accepts a single replica (dev) lowers minReplicas in its policy config; a single-primary workload recovered by restore is listed in exemptions as { namespace, name, reason }.",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: 2, description: "The fewest replicas a Deployment or StatefulSet may run." },
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
            exemptions: listedWorkloadsSchema("Workloads that may run fewer replicas because their recovery is a restore rather than a failover: { namespace, name, reason }."),
        },
    },
    validateStack: (args, reportViolation) => {
        const { minReplicas, ignoredNamespaces, exemptions } = args.getConfig<Config>();
        for (const workload of args.resources.filter((r) => isReplicatedWorkload(r.type) && !isIgnored(r, ignoredNamespaces) && !isListed(exemptions, r))) {
            const floor = minimumReplicas(workload, hpasOf(args.resources, workload));
            if (floor.count !== undefined && floor.count < minReplicas) {
                reportViolation(`${describe(workload)} can run ${plural(floor.count, "replica")} (${floor.from}), fewer than ${minReplicas}: a rollout, a node drain or a node failure leaves it without a ready pod to spare.`, workload.urn);
            }
        }
    },
};
