/**
 * The pods a Kubernetes object runs, as policies need them: the pod spec of a Pod, of a
 * workload's template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) or of a CronJob's
 * job template, and every container of it (init, regular and ephemeral).
 */
import { apiGroupOf } from "./kubernetes";

const KUBERNETES_TYPE = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/;

/** Kinds whose pods come from `spec.template`. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"] as const;

export type Container = Record<string, any> & { name?: string };

export interface PodOf {
    /** The object's kind (Pod, Deployment, ...). */
    kind: string;
    /** The pod spec, as the object declares it. */
    spec: Record<string, any>;
    /** The pod template's metadata (labels, annotations); the Pod's own metadata for a Pod. */
    metadata: Record<string, any>;
    /** Every container with where it sits: `containers`, `initContainers` or `ephemeralContainers`. */
    containers: { container: Container; field: "containers" | "initContainers" | "ephemeralContainers" }[];
}

const record = (value: unknown): Record<string, any> | undefined =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : undefined;

/** The kind of a Kubernetes type token, or undefined for other types. */
export function kindOf(type: string): string | undefined {
    return KUBERNETES_TYPE.exec(type)?.[3];
}

/** The pod an object runs, or undefined when it runs none (or is not a Kubernetes object). */
export function podOf(type: string, props: Record<string, any>): PodOf | undefined {
    const group = apiGroupOf(type);
    const kind = kindOf(type);
    if (!group || !kind) return undefined;
    let template: Record<string, any> | undefined;
    if (kind === "Pod" && group === "core") template = { metadata: props.metadata, spec: props.spec };
    else if ((WORKLOAD_KINDS as readonly string[]).includes(kind) && ["apps", "batch"].includes(group)) template = record(props.spec?.template);
    else if (kind === "CronJob" && group === "batch") template = record(props.spec?.jobTemplate?.spec?.template);
    const spec = record(template?.spec);
    if (!spec) return undefined;
    const containers = (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((field) =>
        (Array.isArray(spec[field]) ? spec[field] : []).filter(record).map((container: Container) => ({ container, field })));
    return { kind, spec, metadata: record(template?.metadata) ?? {}, containers };
}

/** How a violation names a container: `containers[gateway]`. */
export function containerLabel(entry: PodOf["containers"][number]): string {
    return `${entry.field}[${entry.container.name ?? "?"}]`;
}

/** The account a pod runs as: serviceAccountName, or its deprecated alias serviceAccount, which Kubernetes still reads. */
export function serviceAccountNameOf(spec: Record<string, any>): string | undefined {
    for (const value of [spec.serviceAccountName, spec.serviceAccount]) {
        if (typeof value === "string" && value !== "") return value;
    }
    return undefined;
}
