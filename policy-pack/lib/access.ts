/**
 * What the identity, RBAC, exposure and image gates share: the namespace an object lands in,
 * the rules of Roles and ClusterRoles and what a rule grants (as the RBAC authorizer matches
 * it), and container image references read the way the container runtime reads them.
 */
import { isKind, namespaceOf } from "./kubernetes";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export { namespaceOf };

// ------------------------------------------------------------------ RBAC

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

/** A set of API groups, resources and verbs; a resource `x/*` stands for every subresource of x. */
export type Permission = PolicyRule;

/** The rules of a Role or ClusterRole with their index in `rules`; undefined for other objects. */
export function rbacRulesOf(type: string, props: Record<string, any>): { index: number; rule: PolicyRule }[] | undefined {
    if (!isKind(type, RBAC_GROUP, "Role") && !isKind(type, RBAC_GROUP, "ClusterRole")) return undefined;
    const rules: unknown[] = Array.isArray(props.rules) ? props.rules : [];
    return rules.flatMap((rule, index) => (rule !== null && typeof rule === "object"
        ? [{ index, rule: { apiGroups: strings((rule as any).apiGroups), resources: strings((rule as any).resources), verbs: strings((rule as any).verbs) } }]
        : []));
}

// Whether a granted resource covers a wanted one, as the RBAC authorizer matches them: equal,
// `*` for everything, `*/<sub>` for that subresource of every resource.
function coversResource(granted: string, wanted: string): boolean {
    if (granted === "*" || granted === wanted) return true;
    if (wanted.endsWith("/*")) return granted.startsWith(wanted.slice(0, -1));
    const slash = wanted.indexOf("/");
    return slash >= 0 && granted === `*${wanted.slice(slash)}`;
}

/** Whether a rule grants some verb on some resource of `permission`, each named or covered by a wildcard. */
export function grants(rule: PolicyRule, permission: Permission): boolean {
    return rule.apiGroups.some((g) => g === "*" || permission.apiGroups.includes(g))
        && rule.resources.some((r) => permission.resources.some((wanted) => coversResource(r, wanted)))
        && rule.verbs.some((v) => v === "*" || permission.verbs.includes(v));
}

// ------------------------------------------------------------------ images

export interface ImageReference {
    /** The registry host (with port), `docker.io` for Docker Hub. */
    registry: string;
    /** The repository path, `library/<name>` for Docker Hub's official images. */
    repository: string;
    tag?: string;
    /** `<algorithm>:<hex>`, without the `@`. */
    digest?: string;
}

const DOCKER_HUB = "docker.io";

/**
 * Reads an image reference as the container runtime normalizes it: the first path component
 * is a registry only when it looks like a host (has a dot or a port, or is localhost);
 * otherwise the image is on Docker Hub, and a one-component name is an official image
 * (`redis:8` is `docker.io/library/redis:8`).
 */
export function parseImage(image: string): ImageReference {
    const at = image.indexOf("@");
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    let name = at >= 0 ? image.slice(0, at) : image;
    let tag: string | undefined;
    const colon = name.lastIndexOf(":");
    if (colon > name.lastIndexOf("/")) {
        tag = name.slice(colon + 1);
        name = name.slice(0, colon);
    }
    const [first, ...rest] = name.split("/");
    const isHost = rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    let registry = isHost ? first : DOCKER_HUB;
    let repository = isHost ? rest.join("/") : name;
    if (registry === "index.docker.io") registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
    return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The fully qualified reference: `<registry>/<repository>[:<tag>][@<digest>]`. */
export function qualifiedImage(reference: ImageReference): string {
    return `${reference.registry}/${reference.repository}${reference.tag !== undefined ? `:${reference.tag}` : ""}${reference.digest !== undefined ? `@${reference.digest}` : ""}`;
}
