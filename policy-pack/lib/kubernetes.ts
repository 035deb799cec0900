/**
 * Kubernetes objects as policies see them: a resource of type `kubernetes:<group>/<version>:<Kind>`
 * (`core` for the core group) whose props are the object's fields, CustomResources included
 * (`{ apiVersion, kind, metadata, spec }`). Helm charts are one opaque resource with their
 * chart, version and values.
 */

export const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"];

const KUBERNETES_TYPE = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/;

/** True when `type` is the Kubernetes kind `kind` of API group `group`, in any version. */
export function isKind(type: string, group: string, kind: string): boolean {
    const match = KUBERNETES_TYPE.exec(type);
    return match !== null && match[1] === group && match[3] === kind;
}

/** The API group of a Kubernetes type (`core` for the core group), or undefined for other types. */
export function apiGroupOf(type: string): string | undefined {
    return KUBERNETES_TYPE.exec(type)?.[1];
}

const stringMap = (value: unknown): Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function annotationsOf(props: Record<string, any>): Record<string, unknown> {
    return stringMap(props.metadata?.annotations);
}

export function labelsOf(props: Record<string, any>): Record<string, unknown> {
    return stringMap(props.metadata?.labels);
}

/** The object's metadata.name, when the program set it (an autonamed object has none before it exists). */
export function objectName(props: Record<string, any>): string | undefined {
    const name = props.metadata?.name;
    return typeof name === "string" && name !== "" ? name : undefined;
}

/** Namespaces (metadata.namespace, `default` when unset) a workload policy skips: system namespaces whose components need host access or are sized by EKS. */
export const IGNORED_NAMESPACES_SCHEMA = {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: ["kube-system"],
    description: "Namespaces (the object's metadata.namespace, `default` when unset) whose objects this policy skips: system namespaces whose components need host access or are sized by EKS, as Pod Security Admission exempts them.",
} as const;

/** A config property listing the platform's application namespaces, where its own services run; `description` says what the policy does with them. */
export function applicationNamespacesSchema(description: string) {
    return { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, default: ["signal-trading", "signal-trading-dev"], description } as const;
}

/** The object's metadata.namespace, when set. */
export function objectNamespace(props: Record<string, any>): string | undefined {
    const namespace = props.metadata?.namespace;
    return typeof namespace === "string" && namespace !== "" ? namespace : undefined;
}

/** The namespace a namespaced object lands in: `default` when it names none. */
export function namespaceOf(props: Record<string, any>): string {
    return objectNamespace(props) ?? "default";
}

/** A Helm release or chart of the chart `name` (from a repository, or `oci://.../<name>`). */
export function isChart(type: string, props: Record<string, any>, name: string): boolean {
    if (!HELM_TYPES.includes(type)) return false;
    const chart = props.chart;
    return typeof chart === "string" && (chart === name || chart.endsWith(`/${name}`));
}

/** The value at `path` in a chart's values, or undefined when any step is missing. */
export function chartValue(props: Record<string, any>, path: string[]): unknown {
    let value: unknown = props.values;
    for (const key of path) value = stringMap(value)[key];
    return value;
}

/** Helm values set with `--set` or through config arrive as strings as often as booleans. */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
