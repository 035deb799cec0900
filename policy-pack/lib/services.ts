/**
 * Services and what reaches pods through them: the Services that send traffic to a workload's
 * pods, the namespaces a ServiceMonitor looks in, and whether a ServiceMonitor endpoint names a
 * port it can scrape.
 */
import { isKind, labelsOf } from "./kubernetes";
import { PodOf } from "./pods";
import { examined, KubernetesObject, list, namespaceOf, objectsSelecting, podLabelsOf, record, selects } from "./reliability";

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
    return objectsSelecting(objects, "core", "Service", namespaceOf(workload.props), "selector", labels).filter((s) => serviceSelects(s, labels));
}

/** A ServiceMonitor looks for Services in every namespace (any), the listed ones (matchNames), else its own. */
export function watchesNamespace(monitor: KubernetesObject, namespace: string): boolean {
    const selector = record(monitor.props.spec?.namespaceSelector);
    if (selector?.any === true) return true;
    const names = list(selector?.matchNames);
    return names.length > 0 ? names.includes(namespace) : namespaceOf(monitor.props) === namespace;
}

/**
 * The ServiceMonitors among `objects` that select `service`: those watching its namespace
 * whose selector selects its labels, in the stack's order. Monitors are indexed once per list
 * of objects by the namespaces they watch and by one label their selector requires, so a
 * stack's Services are not each compared with every monitor.
 */
export function monitorsOf<T extends KubernetesObject>(objects: T[], service: KubernetesObject): T[] {
    let index = monitorIndexes.get(objects) as MonitorIndex<T> | undefined;
    if (!index || index.size !== objects.length) {
        index = { size: objects.length, position: new Map(), byLabel: new Map() };
        const add = (k: string, monitor: T) => index!.byLabel.set(k, [...(index!.byLabel.get(k) ?? []), monitor]);
        objects.forEach((o, i) => {
            if (!isServiceMonitor(o.type)) return;
            index!.position.set(o, i);
            const selector = record(o.props.spec?.namespaceSelector);
            const names = list(selector?.matchNames);
            const namespaces = selector?.any === true ? [EVERY_NAMESPACE] : [...new Set(names.length > 0 ? names.map(String) : [namespaceOf(o.props)])];
            const [anchor] = Object.entries(record(o.props.spec?.selector?.matchLabels) ?? {}).map(([k, v]) => `${k}\0${String(v)}`).sort();
            for (const ns of namespaces) add(`${ns}\0${anchor ?? ""}`, o);
        });
        monitorIndexes.set(objects, index as MonitorIndex<KubernetesObject>);
    }
    const labels = labelsOf(service.props);
    const anchors = ["", ...Object.entries(labels).map(([k, v]) => `${k}\0${String(v)}`)];
    const found = [namespaceOf(service.props), EVERY_NAMESPACE].flatMap((ns) => anchors.flatMap((a) => index!.byLabel.get(`${ns}\0${a}`) ?? []));
    return [...new Set(examined(found))].filter((m) => selects(m.props.spec?.selector, labels)).sort((a, b) => index!.position.get(a)! - index!.position.get(b)!);
}

/** Stands for every namespace in the index of monitors (a namespace name cannot hold a NUL). */
const EVERY_NAMESPACE = "\0any";
interface MonitorIndex<T> {
    size: number;
    position: Map<T, number>;
    /** `<namespace watched>\0<label its selector requires, or nothing>` → monitors. */
    byLabel: Map<string, T[]>;
}
const monitorIndexes = new WeakMap<readonly KubernetesObject[], MonitorIndex<KubernetesObject>>();

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
