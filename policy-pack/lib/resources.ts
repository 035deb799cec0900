import { PolicyResource } from "@pulumi/policy";

/** True when `resource` depends on `target`, directly or through one of its properties. */
export function dependsOn(resource: PolicyResource, target: PolicyResource): boolean {
    if (resource.dependencies.some((d) => d.urn === target.urn)) return true;
    return Object.values(resource.propertyDependencies).some((deps) => deps.some((d) => d.urn === target.urn));
}

/** The resources of `type` that depend on `target`. */
export function dependentsOfType(resources: PolicyResource[], target: PolicyResource, type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type && dependsOn(r, target));
}

/**
 * A provider input as a value. The engine hands provider inputs over JSON-encoded when they
 * are not strings (e.g. the AWS provider's `defaultTags`).
 */
export function providerInput<T>(value: unknown): T | undefined {
    if (typeof value !== "string") return value as T | undefined;
    try {
        return JSON.parse(value) as T;
    } catch {
        return value as unknown as T; // a plain string input, such as a region
    }
}

/** Names a resource in violation messages: `<name> (<type>)`. */
export function describe(resource: { name: string; type: string }): string {
    return `${resource.name} (${resource.type})`;
}

/** A count and its noun for messages: `1 replica`, `2 replicas`. */
export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
