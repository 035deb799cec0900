import { PolicyResource } from "@pulumi/policy";
import { applicationNamespacesSchema, isKind, objectName } from "../lib/kubernetes";
import { policyTypesOf } from "../lib/network-policy";
import { podOf, serviceAccountNameOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, budgetsOf, hpasOf, isEmptySelector, list, namespaceOf, objectsNamed, objectsSelecting, podLabelsOf as labelsOfPods, record, selectsOnlyOwnPods } from "../lib/reliability";
import { describe } from "../lib/resources";
import { endpointScrapes, monitorsOf, servicesOf } from "../lib/services";

export const COMPANIONS = ["hpa", "pdb", "networkPolicy", "serviceMonitor", "serviceAccount"] as const;
type Companion = (typeof COMPANIONS)[number];

interface Config {
    namespaces: string[];
    companions: Companion[];
}

const nameOf = (o: PolicyResource) => objectName(o.props) ?? o.name;

/**
 * A NetworkPolicy of the workload's own: a non-empty podSelector that selects its pods and no
 * other workload's, restricting ingress with at least one rule that lets traffic in. A
 * namespace-wide policy, one shared with other workloads, or one that only denies leaves the
 * pods reachable by nothing or by what was meant for others.
 */
function isOwnNetworkPolicy(policy: PolicyResource, deployment: PolicyResource, objects: PolicyResource[]): boolean {
    const spec = record(policy.props.spec) ?? {};
    return !isEmptySelector(spec.podSelector) && selectsOnlyOwnPods(spec.podSelector, deployment, objects)
        && policyTypesOf(spec).includes("Ingress") && list(spec.ingress).length > 0;
}

/** What is missing of the ServiceMonitor companion, or undefined when one scrapes a Service of the pods. */
function missingMonitor(deployment: PolicyResource, objects: PolicyResource[]): string | undefined {
    const services = servicesOf(objects, deployment);
    if (services.length === 0) return "a ServiceMonitor (no Service in the namespace selects its pods, so none can be scraped)";
    const pairs = services.flatMap((service) => monitorsOf(objects, service).map((monitor) => ({ monitor, service })));
    if (pairs.length === 0) return `a ServiceMonitor (none selects the labels of Service ${services.map(nameOf).join(" or ")} in this namespace)`;
    const pod = podOf(deployment.type, deployment.props);
    if (pairs.some(({ monitor, service }) => list(monitor.props.spec?.endpoints).some((e) => endpointScrapes(e, service, pod)))) return undefined;
    return `a ServiceMonitor endpoint on its pods (${pairs.map(({ monitor, service }) => `ServiceMonitor ${nameOf(monitor)} selects Service ${nameOf(service)}, but none of its endpoints names a port of that Service or, by targetPort, a container port of its pods`).join("; ")})`;
}

/** What is missing of one companion of `deployment`, or undefined when it has it. */
function missingCompanion(companion: Companion, deployment: PolicyResource, objects: PolicyResource[]): string | undefined {
    const namespace = namespaceOf(deployment.props);
    switch (companion) {
        case "hpa":
            return hpasOf(objects, deployment).length > 0 ? undefined
                : `a HorizontalPodAutoscaler (none in the namespace has a scaleTargetRef naming apps/v1 Deployment ${objectName(deployment.props) ?? "?"})`;
        case "pdb":
            return budgetsOf(objects, deployment).length > 0 ? undefined : "a PodDisruptionBudget (none in the namespace selects its pods)";
        case "networkPolicy":
            return objectsSelecting(objects, "networking.k8s.io", "NetworkPolicy", namespace, "podSelector", labelsOfPods(deployment.props)).some((p) => isOwnNetworkPolicy(p, deployment, objects)) ? undefined
                : "its own NetworkPolicy (none in the namespace selects only its pods with a non-empty podSelector and allows them ingress by an Ingress rule; the namespace-wide policies with podSelector {} and deny-only policies do not count)";
        case "serviceMonitor":
            return missingMonitor(deployment, objects);
        case "serviceAccount": {
            const account = serviceAccountNameOf(podOf(deployment.type, deployment.props)?.spec ?? {});
            if (account === undefined || account === "default") return "its own ServiceAccount (its pods run as the namespace's default one)";
            return objectsNamed(objects, namespace, account).some((a) => isKind(a.type, "core", "ServiceAccount")) ? undefined
                : `ServiceAccount ${account} (its serviceAccountName, which the stack does not declare in the namespace)`;
        }
    }
}

/**
 * The platform promises that every application Deployment comes with what keeps it running
 * and observable: an HPA to scale it, a PDB to survive drains, its own NetworkPolicy to be
 * reachable behind the namespace's default-deny, a ServiceMonitor so its alerts can fire,
 * and its own ServiceAccount. Each is joined as Kubernetes joins it (scaleTargetRef, label
 * selectors, serviceAccountName, a ServiceMonitor endpoint's port), not by the names of Pulumi
 * resources, so a companion that exists but selects or scrapes nothing counts as missing.
 */
export const stackWorkloadRequireCompanions: PackStackPolicy = {
    name: "stack-workload-require-companions",
    description: "Every Deployment in an application namespace must have the configured companions: a HorizontalPodAutoscaler whose scaleTargetRef (with apiVersion) names it, a PodDisruptionBudget selecting its pods, a NetworkPolicy whose non-empty podSelector selects its pods and no other workload's and that allows them ingress (policyTypes Ingress, at least one ingress rule), a ServiceMonitor selecting a Service that selects its pods with an endpoint on a port of that Service (or a targetPort of its pods), and the ServiceAccount its pods name (not \"default\") in its namespace.",
    rationale: "A Deployment without its HPA, PDB, NetworkPolicy, ServiceMonitor and ServiceAccount cannot scale, survive drains, be reached behind default-deny, alert, or hold rights of its own.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "observability", "security", "kubernetes", "source:GATES platform promise: every Deployment has its HPA, PDB, NetworkPolicy, ServiceMonitor and ServiceAccount"],
    remediationSteps: "Create the service through the Microservice component, which renders its Deployment with the HorizontalPodAutoscaler (scaleTargetRef: apps/v1 Deployment <name>), the PodDisruptionBudget and the NetworkPolicy (both selecting the selector labels app.kubernetes.io/name and app.kubernetes.io/instance; the NetworkPolicy with policyTypes Ingress and an ingress rule per caller, Prometheus included), the Service with the same selector, the ServiceMonitor (monitoring.coreos.com/v1) selecting the Service's labels with an endpoint whose port names the Service's metrics port, and the ServiceAccount named in serviceAccountName, all in the workload's namespace. A Deployment that really needs no such companion (a one-off tool) belongs in a namespace not listed in `namespaces`.",
    configSchema: {
        properties: {
            namespaces: applicationNamespacesSchema("Application namespaces whose Deployments must have their companions; Deployments elsewhere (add-ons) are not judged."),
            companions: {
                type: "array",
                items: { type: "string", enum: [...COMPANIONS] },
                minItems: 1,
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
