import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, parseQuantity } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    requireCpuLimit: boolean;
    ignoredNamespaces: string[];
}

const REQUESTS = ["requests.cpu", "requests.memory"];
const WHY: Record<string, string> = {
    requests: "without requests the scheduler places the pod blind and the namespace quota cannot count it",
    "limits.memory": "without a memory limit one leak takes the memory of every pod on its node",
    "limits.cpu": "without a CPU limit it may take the CPU its neighbours were promised",
};

/**
 * Requests are what the scheduler, the cluster autoscaler, HPA utilization and the
 * namespace quota all count; a memory limit keeps one container's leak on its own node.
 * CPU limits throttle even when the node is idle, so the EKS Best Practices Guide leaves
 * them optional: a config switch makes them required.
 */
export const kubernetesPodRequireResources: PackResourcePolicy = {
    name: "kubernetes-pod-require-resources",
    description: "Every container and init container of a pod or workload must set requests.cpu, requests.memory and limits.memory as Kubernetes quantities (and limits.cpu when requireCpuLimit is on).",
    rationale: "Requests are what the scheduler, the autoscalers and the quota count, and a memory limit keeps one container's leak on its own node.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "capacity", "kubernetes", "source:CKV_K8S_10", "source:CKV_K8S_12", "source:CKV_K8S_13", "source:BPG"],
    remediationSteps: "Set the service's resources in the stack config (services.<name>.resources in Pulumi.<stack>.yaml: CPU and memory requests, a memory limit), which the workload renderer writes to every container, init containers and sidecars included; size requests from the service's observed usage (the VPA's recommendations).",
    configSchema: {
        properties: {
            requireCpuLimit: { type: "boolean", default: false, description: "Also require limits.cpu; off by default because CPU limits throttle pods even on idle nodes (EKS Best Practices Guide)." },
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
        },
    },
    validateResource: (args, reportViolation) => {
        const { requireCpuLimit, ignoredNamespaces } = args.getConfig<Config>();
        if (isIgnored(args, ignoredNamespaces)) return;
        const required = [...REQUESTS, "limits.memory", ...(requireCpuLimit ? ["limits.cpu"] : [])];
        // Ephemeral containers may not set resources.
        for (const entry of podOf(args.type, args.props)?.containers.filter((c) => c.field !== "ephemeralContainers") ?? []) {
            const resources = entry.container.resources ?? {};
            const valueOf = (path: string) => {
                const [section, name] = path.split(".");
                return resources[section]?.[name];
            };
            const missing = required.filter((path) => valueOf(path) === undefined || valueOf(path) === null);
            const malformed = required.filter((path) => !missing.includes(path) && parseQuantity(valueOf(path)) === undefined);
            const where = `${describe(args)}: ${containerLabel(entry)}`;
            if (missing.length > 0) {
                const reasons = [...new Set(missing.map((path) => (REQUESTS.includes(path) ? WHY.requests : WHY[path])))];
                reportViolation(`${where} sets no ${missing.join(", ")}: ${reasons.join("; ")}.`);
            }
            for (const path of malformed) {
                reportViolation(`${where} sets ${path} to ${JSON.stringify(valueOf(path))}, which is not a Kubernetes quantity.`);
            }
        }
    },
};
