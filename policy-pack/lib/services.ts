/**
 * Services and what reaches pods through them: the Services that send traffic to a workload's
 * pods, the namespaces a ServiceMonitor looks in, and whether a ServiceMonitor endpoint names a
 * port it can scrape.
 */
import { isKind } from "./kubernetes";
import { PodOf } from "./pods";
import { KubernetesObject, list, namespaceOf, objectsOfKind, podLabelsOf, record, selects } from "./reliability";

export function isServiceMonitor(type: string): boolean {
    return isKind(type, "monitoring.coreos.com", "ServiceMonitor");
}

/** A Service's spec.selector (a plain label map) selects the pods; a Service without one has no pods behind it. */
export function serviceSelects(service: KubernetesObject, labels: Record<string, unknown>): boolean {
    const selector = record(service.props.spec?.selector);
    return selector !== undefined && Object.keys(selector).length > 0 && selects({ matchLabels: selector }, labels);
}

/** The Services of `workload`'s namespace that select its pods. */
export function servicesOf<T extends KubernetesObject>(objects: T[], workload: KubernetesObject): T[] {
    const labels = podLabelsOf(workload.props);
    return objectsOfKind(objects, "core", "Service", namespaceOf(workload.props)).filter((s) => serviceSelects(s, labels));
}

/** A ServiceMonitor looks for Services in every namespace (any), the listed ones (matchNames), else its own. */
export function watchesNamespace(monitor: KubernetesObject, namespace: string): boolean {
    const selector = record(monitor.props.spec?.namespaceSelector);
    if (selector?.any === true) return true;
    const names = list(selector?.matchNames);
    return names.length > 0 ? names.includes(namespace) : namespaceOf(monitor.props) === namespace;
}

/**
 * Whether a ServiceMonitor endpoint scrapes a port of `service`, whose pods are `pod`: its
 * `port` names a port of the Service; without `port`, its (deprecated) `targetPort` names or
 * numbers a container port of the pods. The operator matches `port` alone when it is set.
 */
export function endpointScrapes(endpoint: unknown, service: KubernetesObject, pod: PodOf | undefined): boolean {
    const e = record(endpoint);
    if (!e) return false;
    if (typeof e.port === "string" && e.port !== "") return list(service.props.spec?.ports).some((p) => p?.name === e.port);
    const target = e.targetPort;
    if (typeof target !== "string" && typeof target !== "number") return false;
    return (pod?.containers ?? []).filter((c) => c.field !== "ephemeralContainers")
        .some(({ container }) => list(container.ports).some((p) => (typeof target === "number" ? p?.containerPort === target : p?.name === target)));
}
