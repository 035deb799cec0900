import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isKind } from "../lib/kubernetes";
import { containerLabel, podOf } from "../lib/pods";
import { exceeds, formatQuantity, hpasOf, isReplicatedWorkload, list, maximumReplicas, namespaceOf, parseQuantity, record } from "../lib/reliability";
import { describe } from "../lib/resources";

type Section = "requests" | "limits";

/** The quota keys this policy sums, and the container field each counts; `cpu` and `memory` are the old names of the requests. */
const TRACKED: Record<string, { section: Section; resource: string } | "pods"> = {
    "requests.cpu": { section: "requests", resource: "cpu" },
    cpu: { section: "requests", resource: "cpu" },
    "requests.memory": { section: "requests", resource: "memory" },
    memory: { section: "requests", resource: "memory" },
    "limits.cpu": { section: "limits", resource: "cpu" },
    "limits.memory": { section: "limits", resource: "memory" },
    pods: "pods",
};

/**
 * A container's value for a quota key as admission sees it: its own; for a request, its
 * limit (Kubernetes copies a limit into a missing request); else the LimitRange's default
 * (defaultRequest, then default, then max, as Kubernetes defaults a LimitRange item).
 */
function containerValue(container: Record<string, any>, section: Section, resource: string, defaults: Record<string, any> | undefined): unknown {
    const own = (s: Section) => container.resources?.[s]?.[resource];
    const fallback = (field: string) => defaults?.[field]?.[resource];
    return section === "requests"
        ? own("requests") ?? own("limits") ?? fallback("defaultRequest") ?? fallback("default") ?? fallback("max")
        : own("limits") ?? fallback("default") ?? fallback("max");
}

/**
 * What one pod of `workload` counts against a key: the larger of its containers (native
 * sidecars included) together and its biggest init container, which runs alone. A string
 * names a container the quota cannot count.
 */
function perPod(workload: PolicyResource, key: string, defaults: Record<string, any> | undefined): number | string {
    const tracked = TRACKED[key];
    if (tracked === "pods") return 1;
    const pod = podOf(workload.type, workload.props);
    let together = 0;
    let initPeak = 0;
    for (const entry of pod?.containers.filter((c) => c.field !== "ephemeralContainers") ?? []) {
        const value = containerValue(entry.container, tracked.section, tracked.resource, defaults);
        if (value === undefined || value === null) return `${containerLabel(entry)} sets no ${tracked.section}.${tracked.resource} and no LimitRange of the namespace defaults it, so the quota refuses its pods`;
        const amount = parseQuantity(value);
        if (amount === undefined) return `${containerLabel(entry)} sets ${tracked.section}.${tracked.resource} to ${JSON.stringify(value)}, which is not a Kubernetes quantity`;
        if (entry.field === "initContainers" && entry.container.restartPolicy !== "Always") initPeak = Math.max(initPeak, amount);
        else together += amount;
    }
    return Math.max(together, initPeak);
}

/**
 * The platform promises every workload can reach its HPA maximum: a quota smaller than the
 * sum stops scale-out exactly under the load it was meant for, and the HPA reports nothing
 * but pods the ReplicaSet could not create. Scoped quotas count only some pods and are left
 * to a person.
 */
export const kubernetesNamespaceRequireQuotaCapacity: StackValidationPolicy = {
    name: "kubernetes-namespace-require-quota-capacity",
    description: "In every namespace with a ResourceQuota, the Deployments and StatefulSets at their maximum scale (HPA maxReplicas, else spec.replicas) must fit the quota's requests.cpu, requests.memory, limits.cpu, limits.memory and pods, and every container must be countable by it.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "capacity", "kubernetes", "source:GATES capacity: Σ(HPA max × requests) per namespace ≤ its ResourceQuota"],
    remediationSteps: "Raise the namespace's quota in the namespace baseline (quota.requestsCpu, requestsMemory, limitsMemory, pods) to at least the sum the violation prints, or lower the services' scaling.max or requests in stacks/services/<name>.ts; keep headroom for rollout surge pods. Give every container requests and a memory limit (or the namespace a LimitRange default) so the quota can count it.",
    validateStack: (args, reportViolation) => {
        const workloads = args.resources.filter((r) => isReplicatedWorkload(r.type));
        const limitRanges = args.resources.filter((r) => isKind(r.type, "core", "LimitRange"));
        for (const quota of args.resources.filter((r) => isKind(r.type, "core", "ResourceQuota"))) {
            const spec = record(quota.props.spec) ?? {};
            if (list(spec.scopes).length > 0 || record(spec.scopeSelector)) continue;
            const namespace = namespaceOf(quota.props);
            const defaults = limitRanges.filter((r) => namespaceOf(r.props) === namespace)
                .flatMap((r) => list(r.props.spec?.limits)).find((item) => item?.type === "Container");
            const inNamespace = workloads.filter((w) => namespaceOf(w.props) === namespace);
            for (const [key, hardValue] of Object.entries(record(spec.hard) ?? {}).filter(([k]) => k in TRACKED)) {
                const hard = parseQuantity(hardValue);
                if (hard === undefined) {
                    reportViolation(`${describe(quota)} sets ${key} to ${JSON.stringify(hardValue)}, which is not a Kubernetes quantity.`, quota.urn);
                    continue;
                }
                let total = 0;
                const parts: string[] = [];
                for (const workload of inNamespace) {
                    const scale = maximumReplicas(workload, hpasOf(args.resources, workload));
                    const each = perPod(workload, key, defaults);
                    if (typeof each === "string") {
                        reportViolation(`${describe(workload)}: ${each} (${describe(quota)} tracks ${key}).`, workload.urn);
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
