/** Type token of every component of this project: `signal-trading:<module>:<Type>`. */
export function componentType(module: string, type: string): string {
    return `signal-trading:${module}:${type}`;
}

/**
 * The physical name prefix of an environment's AWS resources, e.g. `signal-trading-prod`.
 * Names that AWS shows in consoles and bills carry the environment so two stacks in one
 * account never collide.
 */
export function resourcePrefix(environment: string): string {
    return `signal-trading-${environment}`;
}

/** `controlPlane` → `control-plane`: config keys as they appear in resource names. */
export function kebabCase(camel: string): string {
    return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A Kubernetes DNS label (RFC 1123): names of namespaces, volumes and most objects. */
export function isDnsLabel(name: string): boolean {
    return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name);
}
