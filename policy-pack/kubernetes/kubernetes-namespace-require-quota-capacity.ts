import { isKind } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import {
    containerDefaults, exceeds, formatQuantity, hpasOf, isReplicatedWorkload, list, maximumReplicas, namespaceOf, parseQuantity, POD_QUANTITY_KEYS, podQuantity, record,
} from "../lib/reliability";
import { describe } from "../lib/resources";

/**
 * The platform promises every workload can reach its HPA maximum: a quota smaller than the
 * sum stops scale-out exactly under the load it was meant for, and the HPA reports nothing
 * but pods the ReplicaSet could not create. Scoped quotas count only some pods and are left
 * to a person.
 */
export const kubernetesNamespaceRequireQuotaCapacity: PackStackPolicy = {
    name: "kubernetes-namespace-require-quota-capacity",
    description: "In every namespace with a ResourceQuota, the Deployments and StatefulSets at their maximum scale (HPA maxReplicas, else spec.replicas) must fit the quota's requests.cpu, requests.memory, limits.cpu, limits.memory and pods, and every container must be countable by it.",
    rationale: "A quota smaller than the workloads at their HPA maxima stops scale-out exactly under the load it was meant for.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "capacity", "kubernetes", "source:GATES capacity: Σ(HPA max × requests) per namespace ≤ its ResourceQuota"],
    remediationSteps: "Raise the namespace's quota in the namespace baseline (quota.requestsCpu, requestsMemory, limitsMemory, pods) to at least the sum the violation prints, or lower the services' scaling.max or resources.requests (services.<name> in Pulumi.<stack>.yaml); keep headroom for rollout surge pods. Give every container requests and a memory limit (or the namespace a LimitRange default) so the quota can count it.",
    validateStack: (args, reportViolation) => {
        const workloads = args.resources.filter((r) => isReplicatedWorkload(r.type));
        for (const quota of args.resources.filter((r) => isKind(r.type, "core", "ResourceQuota"))) {
            const spec = record(quota.props.spec) ?? {};
            if (list(spec.scopes).length > 0 || record(spec.scopeSelector)) continue;
            const namespace = namespaceOf(quota.props);
            const defaults = containerDefaults(args.resources, namespace);
            const inNamespace = workloads.filter((w) => namespaceOf(w.props) === namespace);
            for (const [key, hardValue] of Object.entries(record(spec.hard) ?? {}).filter(([k]) => k in POD_QUANTITY_KEYS)) {
                const hard = parseQuantity(hardValue);
                if (hard === undefined) {
                    reportViolation(`${describe(quota)} sets ${key} to ${JSON.stringify(hardValue)}, which is not a Kubernetes quantity.`, quota.urn);
                    continue;
                }
                let total = 0;
                const parts: string[] = [];
                for (const workload of inNamespace) {
                    const scale = maximumReplicas(workload, hpasOf(args.resources, workload));
                    const each = podQuantity(workload, key, defaults);
                    if (typeof each !== "number") {
                        reportViolation(`${describe(workload)}: ${each.reason}${each.missing ? ", so the quota refuses its pods" : ""} (${describe(quota)} tracks ${key}).`, workload.urn);
                    } else if (scale.count !== undefined) {
                        total += scale.count * each;
                        parts.push(`${workload.name} ${scale.count} × ${formatQuantity(key, each)}`);
                    }
                }
                if (exceeds(total, hard)) {
                    reportViolation(`${describe(quota)} allows ${key} ${hardValue} in namespace ${namespace}, but its Deployments and StatefulSets need ${formatQuantity(key, total)} at their maximum scale (${parts.join(", ")}), so scale-out stops short of the HPA maxima.`, quota.urn);
                }
            }
        }
    },
};
