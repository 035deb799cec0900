import { PolicyResource } from "@pulumi/policy";
import { applicationNamespacesSchema, isKind, labelsOf, objectName } from "../lib/kubernetes";
import { podOf, serviceAccountNameOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, budgetsOf, hpasOf, list, namespaceOf, podLabelsOf, record, selects } from "../lib/reliability";
import { describe } from "../lib/resources";

export const COMPANIONS = ["hpa", "pdb", "networkPolicy", "serviceMonitor", "serviceAccount"] as const;
type Companion = (typeof COMPANIONS)[number];

interface Config {
    namespaces: string[];
    companions: Companion[];
}

type Labels = Record<string, unknown>;

/** A selector with at least one requirement: it picks some pods, not every pod of the namespace. */
function isNarrow(selector: unknown): boolean {
    const s = record(selector);
    return s !== undefined && (Object.keys(record(s.matchLabels) ?? {}).length > 0 || list(s.matchExpressions).length > 0);
}

/** A Service's spec.selector (a plain label map) selects the pods; a Service without one has no pods behind it. */
function serviceSelects(service: PolicyResource, labels: Labels): boolean {
    const selector = record(service.props.spec?.selector);
    return selector !== undefined && Object.keys(selector).length > 0 && selects({ matchLabels: selector }, labels);
}

/** A ServiceMonitor looks for Services in every namespace (any), the listed ones (matchNames), else its own. */
function watchesNamespace(monitor: PolicyResource, namespace: string): boolean {
    const selector = record(monitor.props.spec?.namespaceSelector);
    if (selector?.any === true) return true;
    const names = list(selector?.matchNames);
    return names.length > 0 ? names.includes(namespace) : namespaceOf(monitor.props) === namespace;
}

const kindIn = (objects: PolicyResource[], group: string, kind: string, namespace: string) =>
    objects.filter((o) => isKind(o.type, group, kind) && namespaceOf(o.props) === namespace);

/** What is missing of one companion of `deployment`, or undefined when it has it. */
function missingCompanion(companion: Companion, deployment: PolicyResource, objects: PolicyResource[]): string | undefined {
    const namespace = namespaceOf(deployment.props);
    const labels = podLabelsOf(deployment.props);
    switch (companion) {
        case "hpa":
            return hpasOf(objects, deployment).length > 0 ? undefined
                : `a HorizontalPodAutoscaler (none in the namespace has a scaleTargetRef naming Deployment ${objectName(deployment.props) ?? "?"})`;
        case "pdb":
            return budgetsOf(objects, deployment).length > 0 ? undefined : "a PodDisruptionBudget (none in the namespace selects its pods)";
        case "networkPolicy":
            return kindIn(objects, "networking.k8s.io", "NetworkPolicy", namespace).some((p) => isNarrow(p.props.spec?.podSelector) && selects(p.props.spec.podSelector, labels))
                ? undefined
                : "its own NetworkPolicy (none with a non-empty podSelector selects its pods; the namespace-wide policies with podSelector {} do not count)";
        case "serviceMonitor": {
            const services = kindIn(objects, "core", "Service", namespace).filter((s) => serviceSelects(s, labels));
            if (services.length === 0) return "a ServiceMonitor (no Service in the namespace selects its pods, so none can be scraped)";
            const monitors = objects.filter((o) => isKind(o.type, "monitoring.coreos.com", "ServiceMonitor") && watchesNamespace(o, namespace));
            return monitors.some((m) => services.some((s) => selects(m.props.spec?.selector, labelsOf(s.props)))) ? undefined
                : `a ServiceMonitor (none selects the labels of Service ${services.map((s) => objectName(s.props) ?? s.name).join(" or ")} in this namespace)`;
        }
        case "serviceAccount": {
            const account = serviceAccountNameOf(podOf(deployment.type, deployment.props)?.spec ?? {});
            if (account === undefined || account === "default") return "its own ServiceAccount (its pods run as the namespace's default one)";
            return kindIn(objects, "core", "ServiceAccount", namespace).some((a) => objectName(a.props) === account) ? undefined
                : `ServiceAccount ${account} (its serviceAccountName, which the stack does not declare in the namespace)`;
        }
    }
}

/**
 * The platform promises that every application Deployment comes with what keeps it running
 * and observable: an HPA to scale it, a PDB to survive drains, its own NetworkPolicy to be
 * reachable behind the namespace's default-deny, a ServiceMonitor so its alerts can fire,
 * and its own ServiceAccount. Each is joined as Kubernetes joins it (scaleTargetRef, label
 * selectors, serviceAccountName), not by the names of Pulumi resources, so a companion that
 * exists but selects nothing counts as missing.
 */
export const stackWorkloadRequireCompanions: PackStackPolicy = {
    name: "stack-workload-require-companions",
    description: "Every Deployment in an application namespace must have the configured companions: a HorizontalPodAutoscaler whose scaleTargetRef names it, a PodDisruptionBudget selecting its pods, a NetworkPolicy with a non-empty podSelector selecting its pods, a ServiceMonitor selecting a Service that selects its pods, and the ServiceAccount its pods name (not \"default\") in its namespace.",
    rationale: "A Deployment without its HPA, PDB, NetworkPolicy, ServiceMonitor and ServiceAccount cannot scale, survive drains, be reached behind default-deny, alert, or hold rights of its own.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "observability", "security", "kubernetes", "source:GATES platform promise: every Deployment has its HPA, PDB, NetworkPolicy, ServiceMonitor and ServiceAccount"],
    remediationSteps: "Create the service through the Microservice component, which renders its Deployment with the HorizontalPodAutoscaler (scaleTargetRef: apps/v1 Deployment <name>), the PodDisruptionBudget and the NetworkPolicy (both selecting the selector labels app.kubernetes.io/name and app.kubernetes.io/instance), the Service with the same selector, the ServiceMonitor (monitoring.coreos.com/v1) selecting the Service's labels on its metrics port, and the ServiceAccount named in serviceAccountName, all in the workload's namespace. A Deployment that really needs no such companion (a one-off tool) belongs in a namespace not listed in `namespaces`.",
    configSchema: {
        properties: {
            namespaces: applicationNamespacesSchema("Application namespaces whose Deployments must have their companions; Deployments elsewhere (add-ons) are not judged."),
            companions: {
                type: "array",
                items: { type: "string", enum: [...COMPANIONS] },
                uniqueItems: true,
                default: [...COMPANIONS],
                description: "The companions required: hpa, pdb, networkPolicy, serviceMonitor, serviceAccount.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { namespaces, companions } = args.getConfig<Config>();
        const objects = args.resources.map(asDeclared);
        for (const deployment of objects.filter((o) => isKind(o.type, "apps", "Deployment") && namespaces.includes(namespaceOf(o.props)))) {
            const missing = COMPANIONS.filter((c) => companions.includes(c)).map((c) => missingCompanion(c, deployment, objects)).filter((m): m is string => m !== undefined);
            if (missing.length > 0) {
                reportViolation(`${describe(deployment)} in namespace ${namespaceOf(deployment.props)} lacks ${missing.join("; ")}.`, deployment.urn);
            }
        }
    },
};
