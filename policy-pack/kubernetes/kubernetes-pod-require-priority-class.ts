import { podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    allowedPriorityClasses: string[];
    ignoredNamespaces: string[];
}

/**
 * Without a priority class every pod has priority 0 (or the cluster's global default): when
 * nodes run short, the scheduler cannot tell the trading path from a report job, and
 * preemption and node-pressure eviction pick among them by chance.
 */
export const kubernetesPodRequirePriorityClass: PackResourcePolicy = {
    name: "kubernetes-pod-require-priority-class",
    description: "Pods and workload pod templates should set spec.priorityClassName (from allowedPriorityClasses when that list is not empty).",
    rationale: "Without priority classes the scheduler cannot tell the trading path from a report job when nodes run short, and preemption picks by chance.",
    severity: "low",
    enforcementLevel: "advisory",
    tags: ["reliability", "scheduling", "kubernetes", "source:KL priority-class-name"],
    remediationSteps: "Give the service a priority class in its spec (stacks/services/<name>.ts), which the workload renderer writes to spec.template.spec.priorityClassName: the platform's critical class for the trading path, a lower one for batch and reporting work.",
    configSchema: {
        properties: {
            allowedPriorityClasses: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "PriorityClass names a pod may use; empty allows any name.",
            },
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedPriorityClasses, ignoredNamespaces } = args.getConfig<Config>();
        const pod = podOf(args.type, args.props);
        if (!pod || isIgnored(args, ignoredNamespaces)) return;
        const name = pod.spec.priorityClassName;
        if (typeof name !== "string" || name === "") {
            reportViolation(`${describe(args)} sets no priorityClassName, so under node pressure its pods are preempted or evicted no later than any other pod.`);
        } else if (allowedPriorityClasses.length > 0 && !allowedPriorityClasses.includes(name)) {
            reportViolation(`${describe(args)} sets priorityClassName ${name}, which is not one of ${allowedPriorityClasses.join(", ")}.`);
        }
    },
};
