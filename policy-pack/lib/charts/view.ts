/**
 * What the pack sees inside a Helm release. A helm v3 Release is one opaque resource to the
 * analyzer and no helm binary renders charts here, so each chart the platform installs has an
 * adapter that reads the release's values the way the chart's templates do, falling back to the
 * chart's own defaults at the pinned version (an unset value means the default, which is often
 * the dangerous one), and turns them into one security view. What an adapter cannot see (a
 * template's hard-coded rules, objects a controller creates later) is admission's to check.
 */

/** An image a chart runs, from its values or the chart's default. */
export interface ChartImage {
    component: string;
    /** Where the chart reads it, e.g. `controller.image`. */
    valuesPath: string;
    /** `<registry>/<repository>:<tag>[@<digest>]`; the tag is `<chart default>` when the values leave it to the chart. */
    image: string;
    /** The tag the values set; undefined means the chart's default (its appVersion or a tag in its values.yaml). */
    tag?: string;
    digest?: string;
}

/** Host access of one pod a chart runs. */
export interface ChartPod {
    component: string;
    /** The namespace the pod runs in (a subchart may override the release's). */
    namespace: string;
    hostNetwork: boolean;
    hostPID: boolean;
    hostIPC: boolean;
    privileged: boolean;
    addedCapabilities: string[];
    hostPaths: string[];
}

/** Rights a chart's RBAC gives one component beyond its own namespace. */
export interface ChartRbacGrant {
    component: string;
    scope: "cluster-admin" | "cluster-secrets";
    /** Which values (or defaults) cause it. */
    cause: string;
}

export interface ChartSecurityView {
    images: ChartImage[];
    pods: ChartPod[];
    rbac: ChartRbacGrant[];
}

export interface ChartRelease {
    /** The release's namespace. */
    namespace: string;
    values: Record<string, unknown>;
}

/** Turns one release of its chart into the security view. */
export type ChartAdapter = (release: ChartRelease) => ChartSecurityView;

export const CHART_DEFAULT_TAG = "<chart default>";

export function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The value at a key path, undefined when a step is missing. */
export function at(values: unknown, ...path: string[]): unknown {
    return path.reduce<unknown>((value, key) => record(value)[key], values);
}

/** A string value, undefined when unset or empty (charts treat "" as unset). */
export function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** A boolean value with the chart's default; Helm values given as strings count too. */
export function flag(value: unknown, chartDefault: boolean): boolean {
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    return chartDefault;
}

export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

interface ImageDefaults {
    /** The chart's registry field default (charts with a separate `registry` key). */
    registry?: string;
    repository: string;
    /** A tag the chart's values.yaml sets, where it does not default to the appVersion. */
    tag?: string;
}

/**
 * An image block (`registry`, `repository`, `tag`, `digest` or `sha`) at `path`, with the
 * chart's defaults for what the values leave unset. A bare `sha`/`digest` hex is written after
 * `@sha256:` by the charts that take it that way.
 */
export function chartImage(component: string, values: unknown, path: string[], defaults: ImageDefaults): ChartImage {
    const block = record(at(values, ...path));
    const registry = text(block.registry) ?? defaults.registry;
    const repository = text(block.repository) ?? defaults.repository;
    const tag = text(block.tag) ?? defaults.tag;
    const rawDigest = text(block.digest) ?? text(block.sha);
    const digest = rawDigest === undefined ? undefined : rawDigest.includes(":") ? rawDigest : `sha256:${rawDigest}`;
    const name = registry ? `${registry}/${repository}` : repository;
    return { component, valuesPath: path.join("."), image: `${name}:${tag ?? CHART_DEFAULT_TAG}${digest ? `@${digest}` : ""}`, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** An image given as one string (`image: repo:tag@digest`), as in a chart's extra init containers. */
export function literalImage(component: string, valuesPath: string, image: string): ChartImage {
    const at = image.indexOf("@");
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    const name = at >= 0 ? image.slice(0, at) : image;
    const colon = name.lastIndexOf(":");
    const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
    return { component, valuesPath, image, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** A pod's host access from its security contexts' values and host flags. */
export function chartPod(component: string, namespace: string, access: Partial<Omit<ChartPod, "component" | "namespace">> & { containerSecurityContexts?: unknown[] }): ChartPod {
    const contexts = (access.containerSecurityContexts ?? []).map(record);
    return {
        component,
        namespace,
        hostNetwork: access.hostNetwork ?? false,
        hostPID: access.hostPID ?? false,
        hostIPC: access.hostIPC ?? false,
        privileged: (access.privileged ?? false) || contexts.some((c) => flag(c.privileged, false)),
        addedCapabilities: [...new Set([...(access.addedCapabilities ?? []), ...contexts.flatMap((c) => list(record(c.capabilities).add).map(String))])],
        hostPaths: access.hostPaths ?? [],
    };
}

/** Extra init containers or sidecars given as container specs in the values. */
export function extraContainerImages(component: string, values: unknown, path: string[]): ChartImage[] {
    return list(at(values, ...path)).flatMap((container, index) => {
        const image = text(record(container).image);
        return image ? [literalImage(component, `${path.join(".")}[${index}]`, image)] : [];
    });
}
