import { isKind } from "../lib/kubernetes";
import { podOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import { groupOfApiVersion, isHpa, list, namespaceOf, record, refersTo } from "../lib/reliability";
import { describe } from "../lib/resources";

const DEFAULT_CONTROLLED = ["cpu", "memory"];

/** A resource an HPA scales on, for every container (Resource metric) or one (ContainerResource metric). */
interface ScaledOn {
    resource: string;
    container?: string;
}

/** What an HPA scales on; without metrics Kubernetes uses 80% CPU (autoscaling/v1's targetCPUUtilizationPercentage is CPU too). */
function scaledOn(spec: Record<string, any>): ScaledOn[] {
    const metrics = list(spec.metrics);
    if (metrics.length === 0) return [{ resource: "cpu" }];
    return metrics.flatMap((metric): ScaledOn[] => {
        if (metric?.type === "Resource" && typeof metric.resource?.name === "string") return [{ resource: metric.resource.name }];
        if (metric?.type === "ContainerResource" && typeof metric.containerResource?.name === "string") {
            return [{ resource: metric.containerResource.name, container: metric.containerResource.container }];
        }
        return [];
    });
}

/** The resources a VPA updates in a container: its own container policy, else the "*" one, else cpu and memory. */
function controlledResources(spec: Record<string, any>, container: string | undefined): string[] {
    const policies = list(spec.resourcePolicy?.containerPolicies).filter(record);
    const policy = policies.find((p) => container !== undefined && p.containerName === container) ?? policies.find((p) => p.containerName === "*");
    if (policy?.mode === "Off") return [];
    return Array.isArray(policy?.controlledResources) ? policy.controlledResources : DEFAULT_CONTROLLED;
}

/** Two references from objects in the same namespace name the same object: kind and name, and API group where both give one. */
function sameTarget(a: Record<string, any>, b: Record<string, any>): boolean {
    const group = (apiVersion: unknown) => (typeof apiVersion === "string" ? groupOfApiVersion(apiVersion) : undefined);
    const [groupA, groupB] = [group(a.apiVersion), group(b.apiVersion)];
    return a.kind === b.kind && a.name === b.name && (groupA === undefined || groupB === undefined || groupA === groupB);
}

const and = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/**
 * An HPA that scales on CPU or memory utilization and a VPA that resizes the same resource
 * react to each other: the VPA raises requests, utilization drops, the HPA scales in, usage
 * per pod rises, and so on. The VPA's known limitations say not to combine them on CPU or
 * memory; recommendation mode (Off) or a VPA limited to the other resource is safe.
 */
export const kubernetesVpaDisallowHpaConflict: PackStackPolicy = {
    name: "kubernetes-vpa-disallow-hpa-conflict",
    description: "A VerticalPodAutoscaler whose updateMode is not Off must not control a resource (cpu, memory) that a HorizontalPodAutoscaler of the same workload scales on.",
    rationale: "An HPA and a VPA acting on the same resource react to each other and oscillate, as the VPA's known limitations warn.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "scaling", "kubernetes", "source:VPA known limitations"],
    remediationSteps: "Render the service's VPA with updatePolicy.updateMode \"Off\" (recommendations only) while its HPA scales on CPU or memory, or limit the VPA to the resource the HPA does not use (resourcePolicy.containerPolicies: [{ containerName: \"*\", controlledResources: [\"memory\"] }] with an HPA on CPU only).",
    validateStack: (args, reportViolation) => {
        const vpas = args.resources.filter((r) => isKind(r.type, "autoscaling.k8s.io", "VerticalPodAutoscaler"));
        const hpas = args.resources.filter((r) => isHpa(r.type));
        for (const vpa of vpas) {
            const spec = record(vpa.props.spec) ?? {};
            const mode = spec.updatePolicy?.updateMode ?? "Auto";
            const targetRef = record(spec.targetRef);
            if (mode === "Off" || !targetRef) continue;
            const namespace = namespaceOf(vpa.props);
            const target = args.resources.find((r) => refersTo(targetRef, namespace, r));
            const known = target && podOf(target.type, target.props)?.containers.filter((c) => c.field === "containers").map((c) => c.container.name);
            // Without the target in the stack, any container may be one the named policies do not cover.
            const containers = known ?? [...list(spec.resourcePolicy?.containerPolicies).map((p) => p?.containerName).filter((n) => n !== "*"), undefined];
            for (const hpa of hpas.filter((h) => namespaceOf(h.props) === namespace && record(h.props.spec?.scaleTargetRef) && sameTarget(h.props.spec.scaleTargetRef, targetRef))) {
                const conflicts = new Set(scaledOn(hpa.props.spec)
                    .filter(({ resource, container }) => (container !== undefined ? [container] : containers).some((c) => controlledResources(spec, c).includes(resource)))
                    .map((s) => s.resource));
                if (conflicts.size > 0) {
                    const resources = and([...conflicts].sort());
                    reportViolation(`${describe(vpa)} updates ${resources} of ${targetRef.kind} ${targetRef.name} (updateMode ${mode}) while ${describe(hpa)} scales it on ${resources}: each autoscaler undoes what the other measured.`, vpa.urn);
                }
            }
        }
    },
};
