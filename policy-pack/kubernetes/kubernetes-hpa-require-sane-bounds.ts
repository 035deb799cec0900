import { PackStackPolicy } from "../lib/policy";
import { countOf, IGNORED_NAMESPACES_SCHEMA, isHpa, isIgnored, list, namespaceOf, objectsNamed, record, refersTo } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    minReplicas: number;
    ignoredNamespaces: string[];
}

/**
 * An HPA is the workload's replica count: its minimum is the availability floor, its maximum
 * must leave room to scale, its metrics say what it scales on (unset, Kubernetes silently
 * uses 80% CPU), and a target that does not exist means nothing scales at all.
 */
export const kubernetesHpaRequireSaneBounds: PackStackPolicy = {
    name: "kubernetes-hpa-require-sane-bounds",
    description: "Every HorizontalPodAutoscaler must keep minReplicas at or above the configured minimum, set maxReplicas above minReplicas, name at least one metric, and scale a workload the stack declares in its namespace.",
    rationale: "An HPA is the workload's replica count: its minimum is the availability floor, its maximum the room to scale, and a missing target or metric means it does not scale as intended.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "scaling", "kubernetes", "source:PO hpaMinAvailability"],
    remediationSteps: "Set the service's scaling (scaling.min ≥ minReplicas, scaling.max > scaling.min, and its CPU/memory utilization targets) in services.<name>.scaling of Pulumi.<stack>.yaml, so the workload renderer writes them to the HPA; point scaleTargetRef at the Deployment or StatefulSet the renderer creates in the same namespace (apiVersion apps/v1, its kind and metadata.name).",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: 2, description: "The smallest minReplicas an HPA may set." },
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
        },
    },
    validateStack: (args, reportViolation) => {
        const { minReplicas, ignoredNamespaces } = args.getConfig<Config>();
        for (const hpa of args.resources.filter((r) => isHpa(r.type) && !isIgnored(r, ignoredNamespaces))) {
            const report = (problem: string) => reportViolation(`${describe(hpa)} ${problem}`, hpa.urn);
            const spec = record(hpa.props.spec) ?? {};
            const ref = record(spec.scaleTargetRef);
            if (typeof ref?.kind !== "string" || typeof ref.name !== "string" || ref.kind === "" || ref.name === "") {
                report("names no scaleTargetRef kind and name, so it scales nothing.");
            } else if (typeof ref.apiVersion !== "string" || ref.apiVersion === "") {
                report(`names no scaleTargetRef apiVersion, so the controller looks for ${ref.kind} ${ref.name} in the core API group and scales nothing.`);
            } else if (!objectsNamed(args.resources, namespaceOf(hpa.props), ref.name).some((r) => r.urn !== hpa.urn && refersTo(ref, namespaceOf(hpa.props), r))) {
                report(`scales ${ref.kind} ${ref.name}, which the stack does not declare in namespace ${namespaceOf(hpa.props)}, so nothing is scaled.`);
            }
            const min = countOf(spec.minReplicas);
            const minText = spec.minReplicas === undefined ? "minReplicas (unset, so 1)" : `minReplicas ${min}`;
            if (min !== undefined && min < minReplicas) {
                report(`keeps ${minText}, fewer than ${minReplicas}: at its minimum a single pod failure or node drain leaves the workload without a spare.`);
            }
            const max = spec.maxReplicas;
            if (max === undefined) {
                report("sets no maxReplicas, so it has no room to scale.");
            } else if (typeof max === "number" && min !== undefined && max <= min) {
                report(`sets maxReplicas ${max}, not above ${minText}, so it can never scale out.`);
            }
            if (list(spec.metrics).length === 0 && typeof spec.targetCPUUtilizationPercentage !== "number") {
                report("names no metrics, so Kubernetes scales it on 80% average CPU utilization, a target nobody chose.");
            }
        }
    },
};
