/**
 * What the Pod Security Standard gates share: which pods they judge (every pod-bearing object
 * outside the ignored namespaces), how they name where a setting sits, and how a remediation
 * writes a changed pod spec back into the object without copying the rest of it (the analyzer
 * hands props over as proxies, which cannot be structured-cloned).
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { annotationsOf, isKind, labelsOf, objectName, objectNamespace } from "./kubernetes";
import { Container, containerLabel, podOf, PodOf } from "./pods";

export interface PodSecurityConfig {
    ignoredNamespaces: string[];
}

/** The exemption every pod security gate offers, in the same terms as kubernetes-namespace-require-pod-security. */
export { IGNORED_NAMESPACES_SCHEMA } from "./kubernetes";

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
/** Where the namespace baseline (components/namespace/baseline.ts) writes the reason for a level below restricted. */
export const EXEMPTION_ANNOTATION = "signal-trading.io/pod-security-exemption";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * The Pod Security level each namespace the stack declares grants: its enforce label when it is
 * baseline or privileged and the reason is written on the namespace, restricted otherwise. A
 * namespace the stack does not declare is absent: nothing written down grants it anything.
 */
export function grantedPodSecurityLevels(resources: { type: string; props: Record<string, any> }[]): Map<string, PodSecurityLevel> {
    const levels = new Map<string, PodSecurityLevel>();
    for (const namespace of resources.filter((r) => isKind(r.type, "core", "Namespace"))) {
        const name = objectName(namespace.props);
        const level = labelsOf(namespace.props)[ENFORCE_LABEL];
        const reason = annotationsOf(namespace.props)[EXEMPTION_ANNOTATION];
        if (name === undefined) continue;
        const exempt = typeof reason === "string" && reason.trim() !== "";
        levels.set(name, exempt && (level === "baseline" || level === "privileged") ? level : "restricted");
    }
    return levels;
}

export type ContainerEntry = PodOf["containers"][number];

/** The pod of an object the policy judges: a pod-bearing object outside the ignored namespaces. */
export function judgedPod(args: ResourceValidationArgs): PodOf | undefined {
    const pod = podOf(args.type, args.props);
    if (!pod) return undefined;
    // An object without a namespace lands in the provider's default namespace, `default` here.
    const namespace = objectNamespace(args.props) ?? "default";
    return args.getConfig<PodSecurityConfig>().ignoredNamespaces.includes(namespace) ? undefined : pod;
}

const record = (value: unknown): Record<string, any> =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : {};

/** The pod-level securityContext, `{}` when unset. */
export function podSecurityContext(pod: PodOf): Record<string, any> {
    return record(pod.spec.securityContext);
}

/** A container's securityContext, `{}` when unset. */
export function securityContextOf(entry: ContainerEntry): Record<string, any> {
    return record(entry.container.securityContext);
}

/** How a violation names the pod level. */
export const POD_LEVEL = "the pod's securityContext";

/** Where a setting sits: the pod's securityContext, or a container (`containers[gateway]`). */
export function placeOf(entry: ContainerEntry | undefined): string {
    return entry ? containerLabel(entry) : POD_LEVEL;
}

/**
 * The pod spec with every container passed through `fix`, which returns the fixed container or
 * undefined to keep it; undefined when no container changed.
 */
export function mapContainers(spec: Record<string, any>, fix: (container: Container) => Container | undefined): Record<string, any> | undefined {
    let changed = false;
    const fixed: Record<string, any> = { ...spec };
    for (const field of ["initContainers", "containers", "ephemeralContainers"] as const) {
        if (!Array.isArray(spec[field])) continue;
        fixed[field] = spec[field].map((container: Container) => {
            const result = container !== null && typeof container === "object" ? fix(container) : undefined;
            if (result === undefined) return container;
            changed = true;
            return result;
        });
    }
    return changed ? fixed : undefined;
}

/** The object's props with its pod spec replaced, wherever the kind keeps it. */
export function withPodSpec(pod: PodOf, props: Record<string, any>, spec: Record<string, any>): Record<string, any> {
    const template = (t: Record<string, any>) => ({ ...t, spec });
    if (pod.kind === "Pod") return { ...props, spec };
    if (pod.kind === "CronJob") {
        const jobTemplate = props.spec.jobTemplate;
        return { ...props, spec: { ...props.spec, jobTemplate: { ...jobTemplate, spec: { ...jobTemplate.spec, template: template(jobTemplate.spec.template) } } } };
    }
    return { ...props, spec: { ...props.spec, template: template(props.spec.template) } };
}

/** A remediation over the judged pod: `fix` returns the fixed pod spec, or undefined when there is nothing to fix. */
export function remediatePod(args: ResourceValidationArgs, fix: (pod: PodOf) => Record<string, any> | undefined): Record<string, any> | undefined {
    const pod = judgedPod(args);
    const spec = pod && fix(pod);
    return pod && spec ? withPodSpec(pod, args.props, spec) : undefined;
}
