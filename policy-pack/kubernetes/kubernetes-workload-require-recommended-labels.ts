import { labelsOf } from "../lib/kubernetes";
import { podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, isLongRunningWorkload } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    requiredLabels: string[];
    ignoredNamespaces: string[];
}

/** The labels of `labels` among `required` that are missing or empty. */
const missingFrom = (labels: Record<string, unknown>, required: string[]) =>
    required.filter((key) => typeof labels[key] !== "string" || labels[key] === "");

/**
 * Dashboards, cost reports, `kubectl get -l` and Velero's label selectors find a service's
 * objects by the recommended app.kubernetes.io labels; an object without them is invisible
 * to all of them. Pods need them too: metrics and logs carry the pod's labels, not the
 * Deployment's.
 */
export const kubernetesWorkloadRequireRecommendedLabels: PackResourcePolicy = {
    name: "kubernetes-workload-require-recommended-labels",
    description: "Deployments, StatefulSets and DaemonSets should carry the recommended labels (by default app.kubernetes.io/name, instance, version, component, part-of and managed-by), each non-empty, on the object and on its pod template.",
    rationale: "Dashboards, cost reports, kubectl selectors and Velero's label selectors find a service's objects only by the recommended labels.",
    severity: "low",
    enforcementLevel: "advisory",
    tags: ["cost", "operations", "kubernetes", "source:Kubernetes recommended labels"],
    remediationSteps: "Let the workload renderer put the service's labels on the object's metadata.labels and on spec.template.metadata.labels: app.kubernetes.io/name and /instance (the service's name), /version (the image tag), /component (the definition's component), /part-of signal-trading and /managed-by pulumi. Keep the Deployment's selector to name and instance only, since a selector cannot change after creation.",
    configSchema: {
        properties: {
            requiredLabels: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: [
                    "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                    "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by",
                ],
                description: "Labels the workload and its pod template must both carry with a non-empty value.",
            },
            ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA,
        },
    },
    validateResource: (args, reportViolation) => {
        const { requiredLabels, ignoredNamespaces } = args.getConfig<Config>();
        if (!isLongRunningWorkload(args.type) || isIgnored(args, ignoredNamespaces)) return;
        const onObject = missingFrom(labelsOf(args.props), requiredLabels);
        const onPods = missingFrom(labelsOf(podOf(args.type, args.props) ?? {}), requiredLabels);
        const parts = [
            ...(onObject.length > 0 ? [`metadata.labels lack ${onObject.join(", ")}`] : []),
            ...(onPods.length > 0 ? [`spec.template.metadata.labels lack ${onPods.join(", ")}`] : []),
        ];
        if (parts.length > 0) reportViolation(`${describe(args)}: ${parts.join("; ")}.`);
    },
};
