/**
 * What the reliability gates share: which workloads an HPA scales, how many replicas a
 * workload runs at least and at most, label selectors, how pods are spread, what a
 * disruption budget allows, and Kubernetes resource quantities.
 * Resource policies pass inputs and stack policies outputs; both read the same fields.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { apiGroupOf, isKind, namespaceOf, objectName, objectNamespace } from "./kubernetes";
import { containerLabel, kindOf, podOf } from "./pods";
import { describe } from "./resources";

/** A Kubernetes object as both kinds of policy see it. */
export interface KubernetesObject {
    type: string;
    name: string;
    props: Record<string, any>;
}

export const record = (value: unknown): Record<string, any> | undefined =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : undefined;

export const list = <T = any>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The config property every workload gate has; kube-system holds what EKS itself runs. */
export { IGNORED_NAMESPACES_SCHEMA } from "./kubernetes";

/**
 * The object as the program declared it. After a deployment, a stack policy sees the live
 * object, with the API server's defaults and the controllers' writes (spec.replicas among
 * them); the Kubernetes provider keeps the declared one beside it in `__inputs`.
 */
export function declaredObject(props: Record<string, any>): Record<string, any> {
    return record(props.__inputs) ?? props;
}

/**
 * The object as the program declared it (declaredObject), in the namespace the live object
 * landed in: a provider's default namespace fills an unset metadata.namespace only there.
 */
export function asDeclared<T extends KubernetesObject>(object: T): T {
    const declared = declaredObject(object.props);
    if (declared === object.props) return object;
    const namespace = objectNamespace(object.props);
    return { ...object, props: namespace === undefined ? declared : { ...declared, metadata: { ...record(declared.metadata), namespace } } };
}

export { namespaceOf };

export function isIgnored(object: KubernetesObject, ignoredNamespaces: string[]): boolean {
    return ignoredNamespaces.includes(namespaceOf(object.props));
}

/** A workload a policy config names (an exemption), with the reason it is listed. */
export interface ListedWorkload {
    namespace: string;
    name: string;
    reason: string;
}

/** The config schema of a list of ListedWorkload: an entry without a reason is refused. */
export function listedWorkloadsSchema(description: string): PolicyConfigSchema["properties"][string] {
    return {
        type: "array",
        default: [],
        description,
        items: {
            type: "object",
            required: ["namespace", "name", "reason"],
            additionalProperties: false,
            properties: {
                namespace: { type: "string", minLength: 1 },
                name: { type: "string", minLength: 1, description: "metadata.name of the Deployment or StatefulSet." },
                reason: { type: "string", pattern: "\\S", description: "Why, for the reviewer of the config file." },
            },
        },
    };
}

/** Whether `entries` name `workload` (its namespace and metadata.name). */
export function isListed(entries: ListedWorkload[], workload: KubernetesObject): boolean {
    return entries.some((e) => e.namespace === namespaceOf(workload.props) && e.name === objectName(workload.props));
}

/** Deployments and StatefulSets: the workloads whose replica count the platform sets. */
export function isReplicatedWorkload(type: string): boolean {
    return isKind(type, "apps", "Deployment") || isKind(type, "apps", "StatefulSet");
}

export function isHpa(type: string): boolean {
    return isKind(type, "autoscaling", "HorizontalPodAutoscaler");
}

/**
 * A replica count as declared: Kubernetes' default of 1 when unset, undefined when the value
 * is not known (computed at preview time).
 */
export function countOf(value: unknown): number | undefined {
    if (value === undefined || value === null) return 1;
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** The API group of an apiVersion (`apps/v1` → apps, `v1` → core). */
export function groupOfApiVersion(apiVersion: string): string {
    return apiVersion.includes("/") ? apiVersion.split("/")[0] : "core";
}

/**
 * Whether a reference (an HPA's scaleTargetRef, a VPA's targetRef) from an object in
 * `namespace` names `target`: same namespace, kind, name and API group. A reference without
 * apiVersion names the kind in the core group, where the controllers find no Deployment.
 */
export function refersTo(ref: unknown, namespace: string, target: KubernetesObject): boolean {
    joinWork.examined++;
    const r = record(ref);
    const name = objectName(target.props);
    if (!r || name === undefined || r.name !== name || namespaceOf(target.props) !== namespace) return false;
    if (r.kind !== kindOf(target.type)) return false;
    return typeof r.apiVersion === "string" && groupOfApiVersion(r.apiVersion) === apiGroupOf(target.type);
}

/**
 * The work of the joins between a stack's objects (an HPA and its workload, a budget and the
 * pods it selects...): the candidates each lookup returned, and each selector or reference
 * checked against an object. Lookups go through an index built once per list of objects, so
 * the count grows with the objects, not with their pairs; policy-pack/test/complexity.test.ts
 * holds the pack to that by counting, not timing.
 */
export const joinWork = { examined: 0 };

const key = (...parts: string[]) => parts.join("\0");

/**
 * A stack's objects by what the joins look them up by: kind and namespace, the pod-running
 * objects of a namespace, the HPAs by the name their scaleTargetRef gives.
 */
class ObjectIndex<T extends KubernetesObject> {
    readonly byKind = new Map<string, T[]>();
    readonly podsByNamespace = new Map<string, T[]>();
    readonly hpasByTarget = new Map<string, T[]>();
    readonly byName = new Map<string, T[]>();

    readonly podsByLabel = new Map<string, T[]>();
    readonly position = new Map<T, number>();
    /** Per list of objects and selector field: the objects by one label their selector requires, and those whose selector requires none. */
    readonly anchors = new Map<string, { byLabel: Map<string, T[]>; unanchored: T[] }>();

    constructor(readonly objects: readonly T[]) {
        const add = (map: Map<string, T[]>, k: string, o: T) => {
            const entries = map.get(k);
            if (entries) entries.push(o);
            else map.set(k, [o]);
        };
        objects.forEach((o, i) => this.position.set(o, i));
        for (const o of objects) {
            const group = apiGroupOf(o.type);
            const kind = kindOf(o.type);
            if (group === undefined || kind === undefined) continue;
            const namespace = namespaceOf(o.props);
            add(this.byKind, key(group, kind, namespace), o);
            const name = objectName(o.props);
            if (name !== undefined) add(this.byName, key(namespace, name), o);
            const pod = podOf(o.type, o.props);
            if (pod !== undefined) {
                add(this.podsByNamespace, namespace, o);
                for (const [k, v] of Object.entries(record(pod.metadata.labels) ?? {})) add(this.podsByLabel, key(namespace, k, String(v)), o);
            }
            const target = record(o.props.spec?.scaleTargetRef)?.name;
            if (isHpa(o.type) && typeof target === "string") add(this.hpasByTarget, key(namespace, target), o);
        }
    }
}

const indexes = new WeakMap<readonly KubernetesObject[], ObjectIndex<KubernetesObject>>();

/** The index of a list of objects, built on first use; a list that changed length since gets a new one. */
function indexOf<T extends KubernetesObject>(objects: readonly T[]): ObjectIndex<T> {
    let index = indexes.get(objects) as ObjectIndex<T> | undefined;
    if (!index || index.objects.length !== objects.length) {
        index = new ObjectIndex(objects);
        indexes.set(objects, index as unknown as ObjectIndex<KubernetesObject>);
    }
    return index;
}

/** Candidates of a lookup, counted as join work. */
export function examined<T>(found: readonly T[] | undefined): readonly T[] {
    joinWork.examined += found?.length ?? 0;
    return found ?? [];
}

/** The label pairs a selector requires (matchLabels), each as `key\0value`. */
function requiredLabels(selector: unknown): string[] {
    return Object.entries(record(record(selector)?.matchLabels) ?? {}).map(([k, v]) => key(k, String(v)));
}

/**
 * The objects of a kind in a namespace whose selector (at `field`: spec.selector,
 * spec.podSelector) may select pods with `labels`: each is indexed under one label its selector
 * requires, so only those sharing a label with the pods are examined, not the whole namespace.
 * The caller still checks the selector: this only narrows the candidates.
 */
function selectorCandidates<T extends KubernetesObject>(objects: readonly T[], group: string, kind: string, namespace: string, field: "selector" | "podSelector", labels: Labels): T[] {
    const index = indexOf(objects);
    const listKey = key(group, kind, namespace, field);
    let anchors = index.anchors.get(listKey);
    if (!anchors) {
        anchors = { byLabel: new Map(), unanchored: [] };
        for (const o of index.byKind.get(key(group, kind, namespace)) ?? []) {
            const spec = record(o.props.spec);
            // A Service's spec.selector is a plain label map; the others are label selectors.
            const selector = kind === "Service" && group === "core" ? { matchLabels: spec?.selector } : spec?.[field];
            const [anchor] = requiredLabels(selector).sort();
            if (anchor === undefined) anchors.unanchored.push(o);
            else anchors.byLabel.set(anchor, [...(anchors.byLabel.get(anchor) ?? []), o]);
        }
        index.anchors.set(listKey, anchors);
    }
    const found = [...anchors.unanchored, ...Object.entries(labels).flatMap(([k, v]) => anchors!.byLabel.get(key(k, String(v))) ?? [])];
    return [...examined(found)].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}

/** The objects of a kind in `namespace` whose selector at `field` selects pods with `labels`, in the stack's order. */
export function objectsSelecting<T extends KubernetesObject>(objects: T[], group: string, kind: string, namespace: string, field: "selector" | "podSelector", labels: Labels): T[] {
    return selectorCandidates(objects, group, kind, namespace, field, labels).filter((o) => selects(o.props.spec?.[field], labels));
}

/** The Kubernetes objects among `objects` named `name` in `namespace`, of any kind. */
export function objectsNamed<T extends KubernetesObject>(objects: T[], namespace: string, name: string): T[] {
    return [...examined(indexOf(objects).byName.get(key(namespace, name)))];
}

/** The HPAs among `objects` that scale `workload`. */
export function hpasOf<T extends KubernetesObject>(objects: T[], workload: KubernetesObject): T[] {
    const name = objectName(workload.props);
    if (name === undefined) return [];
    return examined(indexOf(objects).hpasByTarget.get(key(namespaceOf(workload.props), name)))
        .filter((o) => refersTo(o.props.spec?.scaleTargetRef, namespaceOf(o.props), workload));
}

/** A replica count and where it comes from, for messages. */
export interface ReplicaCount {
    /** Undefined when not known at preview time. */
    count: number | undefined;
    from: string;
}

/** spec.replicas as declared, 1 when unset. */
export function declaredReplicas(workload: KubernetesObject): ReplicaCount {
    const replicas = declaredObject(workload.props).spec?.replicas;
    return { count: countOf(replicas), from: replicas === undefined ? "spec.replicas, unset" : "spec.replicas" };
}

/**
 * The fewest replicas a workload runs: the smallest minReplicas of the HPAs that scale it
 * (Kubernetes defaults minReplicas to 1), else spec.replicas (1 when unset).
 */
export function minimumReplicas(workload: KubernetesObject, hpas: KubernetesObject[]): ReplicaCount {
    if (hpas.length === 0) return declaredReplicas(workload);
    const counts = hpas.map((h) => ({ count: countOf(h.props.spec?.minReplicas), from: `minReplicas of ${describe(h)}${h.props.spec?.minReplicas === undefined ? ", unset" : ""}` }));
    const known = counts.filter((c) => c.count !== undefined).sort((a, b) => a.count! - b.count!);
    return known[0] ?? counts[0];
}

/** The most replicas a workload runs: the largest maxReplicas of the HPAs that scale it, else spec.replicas (1 when unset). */
export function maximumReplicas(workload: KubernetesObject, hpas: KubernetesObject[]): ReplicaCount {
    if (hpas.length === 0) return declaredReplicas(workload);
    const counts = hpas.map((h) => {
        const max = h.props.spec?.maxReplicas;
        return { count: typeof max === "number" && Number.isInteger(max) ? max : undefined, from: `maxReplicas of ${describe(h)}` };
    });
    const known = counts.filter((c) => c.count !== undefined).sort((a, b) => b.count! - a.count!);
    return known[0] ?? counts[0];
}

type Labels = Record<string, unknown>;

interface Requirement {
    key?: unknown;
    operator?: unknown;
    values?: unknown;
}

/**
 * Whether a label selector selects an object with `labels`. An empty selector selects
 * everything; a missing one (null) selects nothing, as for PodDisruptionBudgets and
 * topology spread constraints.
 */
export function selects(selector: unknown, labels: Labels): boolean {
    joinWork.examined++;
    const s = record(selector);
    if (!s) return false;
    // Own keys only: `key in labels` would find "constructor" on every object.
    const has = (key: string) => Object.hasOwn(labels, key);
    const matchLabels = Object.entries(record(s.matchLabels) ?? {});
    if (!matchLabels.every(([key, value]) => has(key) && labels[key] === value)) return false;
    return list<Requirement>(s.matchExpressions).every((requirement) => {
        const key = typeof requirement?.key === "string" ? requirement.key : "";
        const values = list(requirement?.values);
        switch (requirement?.operator) {
            case "In": return has(key) && values.includes(labels[key]);
            case "NotIn": return !has(key) || !values.includes(labels[key]);
            case "Exists": return has(key);
            case "DoesNotExist": return !has(key);
            default: return false;
        }
    });
}

/** A selector without requirements (`{}`): it selects every object. */
export function isEmptySelector(selector: unknown): boolean {
    const s = record(selector);
    return s !== undefined && Object.keys(record(s.matchLabels) ?? {}).length === 0 && list(s.matchExpressions).length === 0;
}

/** The labels of a workload's pods (spec.template.metadata.labels). */
export function podLabelsOf(props: Record<string, any>): Labels {
    return record(props.spec?.template?.metadata?.labels) ?? {};
}

/** The objects of `kind` (API group `group`) among `objects` in `namespace`. */
export function objectsOfKind<T extends KubernetesObject>(objects: T[], group: string, kind: string, namespace: string): T[] {
    return [...examined(indexOf(objects).byKind.get(key(group, kind, namespace)))];
}

/** The PodDisruptionBudgets among `objects` that select `workload`'s pods, in its namespace. */
export function budgetsOf<T extends KubernetesObject>(objects: T[], workload: KubernetesObject): T[] {
    return objectsSelecting(objects, "policy", "PodDisruptionBudget", namespaceOf(workload.props), "selector", podLabelsOf(workload.props));
}

/**
 * The other objects of `workload`'s namespace that run pods (workloads, CronJobs, Pods) which
 * `selector` selects too.
 */
export function podsSharedWith<T extends KubernetesObject>(selector: unknown, workload: KubernetesObject, objects: T[]): T[] {
    return podsSelectedBy(objects, namespaceOf(workload.props), selector).filter((o) => o !== workload);
}

/** The objects of `namespace` that run pods (workloads, CronJobs, Pods) which `selector` selects. */
export function podsSelectedBy<T extends KubernetesObject>(objects: T[], namespace: string, selector: unknown): T[] {
    const index = indexOf(objects);
    // Only pods carrying a label the selector requires can be selected: the rarest such label's pods are the candidates.
    const postings = requiredLabels(selector).map((l) => index.podsByLabel.get(key(namespace, l)) ?? []);
    const found = postings.length > 0 ? postings.reduce((a, b) => (b.length < a.length ? b : a)) : index.podsByNamespace.get(namespace);
    return examined(found).filter((o) => {
        const pod = podOf(o.type, o.props);
        return pod !== undefined && selects(selector, record(pod.metadata.labels) ?? {});
    });
}

/**
 * Whether `selector` selects `workload`'s pods and no pod of another workload of its
 * namespace: a budget or a spread over shared pods counts them together, so it guarantees
 * nothing per workload (a budget may let every pod of one workload go while the others' count).
 */
export function selectsOnlyOwnPods(selector: unknown, workload: KubernetesObject, objects: KubernetesObject[]): boolean {
    return selects(selector, podLabelsOf(workload.props)) && podsSharedWith(selector, workload, objects).length === 0;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIXES: Record<string, number> = {
    "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/**
 * A Kubernetes resource quantity in its base unit (cores, bytes, a count): "250m" → 0.25,
 * "512Mi" → 536870912, "1e3" → 1000, 2 → 2. Undefined when it is not a quantity.
 */
export function parseQuantity(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const match = QUANTITY.exec(value.trim());
    if (!match) return undefined;
    const [, sign, digits, suffix = ""] = match;
    const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIXES[suffix];
    return (sign === "-" ? -1 : 1) * Number(digits) * factor;
}

/** A sum of quantities exceeds a limit; quantities like 0.1 + 0.2 do not add up exactly in floating point. */
export function exceeds(total: number, limit: number): boolean {
    return total - limit > 1e-9 * Math.max(1, Math.abs(limit));
}

const trim = (n: number) => String(Number(n.toFixed(2)));

/** A quantity of `resource` for messages: CPU in millicores, memory in whole Gi or else Mi, counts as numbers. */
export function formatQuantity(resource: string, value: number): string {
    if (resource.endsWith("cpu")) return `${trim(value * 1000)}m`;
    if (resource.endsWith("memory")) return value > 0 && value % 2 ** 30 === 0 ? `${value / 2 ** 30}Gi` : `${trim(value / 2 ** 20)}Mi`;
    return trim(value);
}

type Section = "requests" | "limits";

/**
 * The ResourceQuota keys the capacity gates sum, and the container field each counts; `cpu`
 * and `memory` are the old names of the requests.
 */
export const POD_QUANTITY_KEYS: Record<string, { section: Section; resource: string } | "pods"> = {
    "requests.cpu": { section: "requests", resource: "cpu" },
    cpu: { section: "requests", resource: "cpu" },
    "requests.memory": { section: "requests", resource: "memory" },
    memory: { section: "requests", resource: "memory" },
    "limits.cpu": { section: "limits", resource: "cpu" },
    "limits.memory": { section: "limits", resource: "memory" },
    pods: "pods",
};

/** The `Container` item of the LimitRanges of `namespace`: the defaults admission gives containers there. */
export function containerDefaults(objects: KubernetesObject[], namespace: string): Record<string, any> | undefined {
    return objectsOfKind(objects, "core", "LimitRange", namespace)
        .flatMap((r) => list(r.props.spec?.limits)).find((item) => item?.type === "Container");
}

/**
 * A container's value for a quota key as admission sees it: its own; for a request, its
 * limit (Kubernetes copies a limit into a missing request); else the LimitRange's default
 * (defaultRequest, then default, then max, as Kubernetes defaults a LimitRange item).
 */
function containerValue(container: Record<string, any>, section: Section, resource: string, defaults: Record<string, any> | undefined): unknown {
    const own = (s: Section) => container.resources?.[s]?.[resource];
    const fallback = (field: string) => defaults?.[field]?.[resource];
    return section === "requests"
        ? own("requests") ?? own("limits") ?? fallback("defaultRequest") ?? fallback("default") ?? fallback("max")
        : own("limits") ?? fallback("default") ?? fallback("max");
}

/** A container whose value a quantity key cannot count: none set and none defaulted (missing), or not a quantity. */
export interface UncountedContainer {
    missing: boolean;
    reason: string;
}

/**
 * What one pod of `workload` counts against a key of POD_QUANTITY_KEYS (`requests.cpu`,
 * `requests.memory`, ...), in base units: the larger of its containers (native sidecars
 * included) together and its biggest init container, which runs alone; what the scheduler
 * and a ResourceQuota count. A container that cannot be counted is returned instead.
 */
export function podQuantity(workload: KubernetesObject, key: string, defaults: Record<string, any> | undefined): number | UncountedContainer {
    const tracked = POD_QUANTITY_KEYS[key];
    if (tracked === undefined) throw new Error(`${key} is not a pod quantity key`);
    if (tracked === "pods") return 1;
    const pod = podOf(workload.type, workload.props);
    let together = 0;
    let initPeak = 0;
    for (const entry of pod?.containers.filter((c) => c.field !== "ephemeralContainers") ?? []) {
        const value = containerValue(entry.container, tracked.section, tracked.resource, defaults);
        if (value === undefined || value === null) return { missing: true, reason: `${containerLabel(entry)} sets no ${tracked.section}.${tracked.resource} and no LimitRange of the namespace defaults it` };
        const amount = parseQuantity(value);
        if (amount === undefined) return { missing: false, reason: `${containerLabel(entry)} sets ${tracked.section}.${tracked.resource} to ${JSON.stringify(value)}, which is not a Kubernetes quantity` };
        if (entry.field === "initContainers" && entry.container.restartPolicy !== "Always") initPeak = Math.max(initPeak, amount);
        else together += amount;
    }
    return Math.max(together, initPeak);
}

export const ZONE_KEY = "topology.kubernetes.io/zone";
export const HOSTNAME_KEY = "kubernetes.io/hostname";

/** A term of a pod spec that spreads its pods over a topology key. */
export interface SpreadTerm {
    labelSelector: unknown;
    /**
     * The scheduler refuses a placement that breaks it (whenUnsatisfiable DoNotSchedule, or a
     * required anti-affinity term); otherwise it is a preference the scheduler may give up.
     */
    hard: boolean;
    /** A topology spread constraint's maxSkew; undefined for anti-affinity, which allows one selected pod a domain. */
    maxSkew?: unknown;
    /** A topology spread constraint's matchLabelKeys: pod labels whose values the incoming pod's must match too. */
    matchLabelKeys?: string[];
    /** Names the term in messages. */
    text: string;
}

/**
 * Whether a pod affinity term looks at the pods of `namespace`: the union of its `namespaces`
 * and those its namespaceSelector picks, the pod's own when it sets neither, every namespace
 * for an empty namespaceSelector. The namespaces a non-empty namespaceSelector picks are not
 * known from the pod spec, so such a term covers only the namespaces it lists.
 */
function coversNamespace(term: Record<string, any>, namespace: string): boolean {
    const names = list(term.namespaces);
    if (names.includes(namespace)) return true;
    const selector = term.namespaceSelector;
    if (selector === undefined || selector === null) return names.length === 0;
    return isEmptySelector(selector);
}

/**
 * The terms of a pod spec on `topologyKey`: topology spread constraints and pod anti-affinity,
 * required or preferred; an anti-affinity term counts only when it looks at the pods of the
 * pod's `namespace`.
 */
export function spreadTerms(spec: Record<string, any>, topologyKey: string, namespace: string): SpreadTerm[] {
    const antiAffinity = record(spec.affinity?.podAntiAffinity) ?? {};
    const onKey = (t: any) => t?.topologyKey === topologyKey && coversNamespace(t, namespace);
    return [
        ...list(spec.topologySpreadConstraints).filter((c) => c?.topologyKey === topologyKey).map((c): SpreadTerm => ({
            labelSelector: c.labelSelector, hard: c.whenUnsatisfiable === "DoNotSchedule", maxSkew: c.maxSkew, matchLabelKeys: list<string>(c.matchLabelKeys),
            text: `topologySpreadConstraint (whenUnsatisfiable ${c.whenUnsatisfiable ?? "unset"})`,
        })),
        ...list(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution).filter(onKey)
            .map((t): SpreadTerm => ({ labelSelector: t.labelSelector, hard: true, text: "required podAntiAffinity term" })),
        ...list(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((w) => w?.podAffinityTerm).filter(onKey)
            .map((t): SpreadTerm => ({ labelSelector: t.labelSelector, hard: false, text: "preferred podAntiAffinity term" })),
    ];
}

/** Pod labels whose value is unique to one revision of one workload (its ReplicaSet, its StatefulSet or DaemonSet revision). */
const REVISION_LABELS = ["pod-template-hash", "controller-revision-hash"];

/**
 * The other workloads whose pods a spread term also counts: those its selector selects, none
 * when matchLabelKeys names a revision label, which keeps it to pods of the workload's own
 * current revision.
 */
export function spreadSharedWith<T extends KubernetesObject>(term: SpreadTerm, workload: KubernetesObject, objects: T[]): T[] {
    return (term.matchLabelKeys ?? []).some((k) => REVISION_LABELS.includes(k)) ? [] : podsSharedWith(term.labelSelector, workload, objects);
}

const PERCENT = /^(\d+)%$/;

/**
 * The pods a PodDisruptionBudget lets go at once when the workload runs `replicas` pods, or
 * undefined when its fields cannot be read. Kubernetes rounds percentages up, for
 * minAvailable and maxUnavailable alike.
 */
export function allowedDisruptions(spec: Record<string, any>, replicas: number): number | undefined {
    const scaled = (value: unknown): number | undefined => {
        if (typeof value === "number") return value;
        const match = typeof value === "string" ? PERCENT.exec(value) : null;
        return match ? Math.ceil((Number(match[1]) * replicas) / 100) : undefined;
    };
    if (spec.maxUnavailable !== undefined) return scaled(spec.maxUnavailable);
    const minAvailable = scaled(spec.minAvailable);
    return minAvailable === undefined ? undefined : replicas - minAvailable;
}

/** A budget's limit for messages: `maxUnavailable 1`, `minAvailable "50%"`. */
export const budgetText = (spec: Record<string, any>) =>
    spec.maxUnavailable !== undefined ? `maxUnavailable ${JSON.stringify(spec.maxUnavailable)}` : `minAvailable ${JSON.stringify(spec.minAvailable)}`;

/** Deployments, StatefulSets and DaemonSets: the long-running workloads that need probes. */
export function isLongRunningWorkload(type: string): boolean {
    return isReplicatedWorkload(type) || isKind(type, "apps", "DaemonSet");
}

const PROBE_HANDLERS = ["httpGet", "tcpSocket", "exec", "grpc"];

/**
 * What is wrong with a container's probe `field` (readinessProbe, livenessProbe), or
 * undefined when it has one with a handler.
 */
export function probeProblem(container: Record<string, any>, field: string): string | undefined {
    const probe = record(container[field]);
    if (!probe) return `has no ${field}`;
    return PROBE_HANDLERS.some((h) => record(probe[h])) ? undefined : `has a ${field} without a handler (${PROBE_HANDLERS.join(", ")})`;
}
