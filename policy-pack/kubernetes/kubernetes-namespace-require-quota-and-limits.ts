import { applicationNamespacesSchema, isKind, objectName } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { namespaceOf, record } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    applicationNamespaces: string[];
}

const nonEmpty = (value: unknown) => Object.keys(record(value) ?? {}).length > 0 || (Array.isArray(value) && value.length > 0);

/**
 * An application namespace without a ResourceQuota lets one runaway HPA or a bad rollout
 * take the whole cluster's capacity; without a LimitRange a container that sets no
 * resources runs unbounded and unrequested. Add-on namespaces are sized by their charts.
 */
export const kubernetesNamespaceRequireQuotaAndLimits: PackStackPolicy = {
    name: "kubernetes-namespace-require-quota-and-limits",
    description: "Every application Namespace (applicationNamespaces) must hold a ResourceQuota with spec.hard and a LimitRange with spec.limits.",
    rationale: "Without a quota one runaway HPA or bad rollout can take the whole cluster's capacity, and without a LimitRange a container that sets no resources runs unbounded.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "capacity", "kubernetes", "source:BPG"],
    remediationSteps: "Create the application namespace through the namespace baseline with quota set (requestsCpu, requestsMemory, limitsMemory, pods, sized for every workload at its HPA maximum); the baseline always adds the container-defaults LimitRange.",
    configSchema: {
        properties: {
            applicationNamespaces: applicationNamespacesSchema("Namespaces (metadata.name) that run the platform's own services and so need a quota and container defaults."),
        },
    },
    validateStack: (args, reportViolation) => {
        const { applicationNamespaces } = args.getConfig<Config>();
        for (const namespace of args.resources.filter((r) => isKind(r.type, "core", "Namespace"))) {
            const name = objectName(namespace.props);
            if (name === undefined || !applicationNamespaces.includes(name)) continue;
            const inside = (kind: string, field: string) => args.resources.some((r) => isKind(r.type, "core", kind) && namespaceOf(r.props) === name && nonEmpty(r.props.spec?.[field]));
            if (!inside("ResourceQuota", "hard")) {
                reportViolation(`${describe(namespace)} has no ResourceQuota with spec.hard, so its workloads can take the whole cluster's capacity.`, namespace.urn);
            }
            if (!inside("LimitRange", "limits")) {
                reportViolation(`${describe(namespace)} has no LimitRange with spec.limits, so a container that sets no resources runs unrequested and unbounded.`, namespace.urn);
            }
        }
    },
};
