/**
 * The platform grown on purpose, for the scaling benchmark and the pack's complexity test:
 * synthetic services added to the service list (the program's own growth), and a plan's
 * resources replicated under new URNs (the pack's input, up to thousands of resources).
 */
import type { ServiceDefinition } from "../../components/workload/spec";
import { SERVICES } from "../../stacks/services";
import { DeployedResource } from "../offline/mocks";
import { PROJECT_NAME, ProgramRun, runProgram } from "../offline/run-program";
import type { StackFileConfig } from "../offline/stack-file";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { PolicyConfigFile, resolvePolicyConfig, ResourceUnderTest } from "../policy/engine";

const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";

/**
 * `count` services shaped like `model` (its probes, ports, priority, the services it calls),
 * each with its own name, component, metrics and Redis keys, as a team adding services would.
 */
export function syntheticServices(model: ServiceDefinition, count: number): ServiceDefinition[] {
    return Array.from({ length: count }, (_, i) => {
        const name = `synthetic${i + 1}`;
        return {
            ...model,
            name,
            component: `${name}-engine`,
            description: `Synthetic service ${i + 1}, shaped like ${model.name}, for the scaling benchmark.`,
            metrics: model.metrics.map((m) => ({ ...m, name: `${name}_${m.name}` })),
            uses: {
                ...model.uses,
                ...(model.uses.redis ? { redis: { ...model.uses.redis, keyPrefixes: [name], channelPrefixes: model.uses.redis.channelPrefixes.length > 0 ? [name] : [] } } : {}),
            },
        };
    });
}

/** A stack file's `<project>:services` with each synthetic service configured as `model` is. */
export function withSyntheticServiceConfig(config: Record<string, string>, key: string, model: string, services: readonly ServiceDefinition[]): Record<string, string> {
    const current = JSON.parse(config[key]) as Record<string, unknown>;
    if (!(model in current)) throw new Error(`${key} has no service ${model} to copy`);
    return { ...config, [key]: JSON.stringify({ ...current, ...Object.fromEntries(services.map((s) => [s.name, current[model]])) }) };
}

/** The service synthetic services copy: one that calls others and uses Redis, the common case. */
export const MODEL_SERVICE = "signal";

/**
 * The program of `stack` with `factor` times the services: the real ones and synthetic ones
 * shaped like MODEL_SERVICE, each configured as it is in the stack file.
 */
export function runWithServices(stack: string, config: StackFileConfig, factor: number, deployed: readonly DeployedResource[] = []): Promise<ProgramRun> {
    const model = SERVICES.find((s) => s.name === MODEL_SERVICE)!;
    const added = syntheticServices(model, SERVICES.length * (factor - 1));
    const grown = { ...config, config: withSyntheticServiceConfig(config.config, `${PROJECT_NAME}:services`, MODEL_SERVICE, added) };
    return runProgram(stack, grown, deployed, {
        // stacks/services is loaded afresh for each run; the program then sees the longer list.
        prepare: () => void (require("../../stacks/services") as { SERVICES: ServiceDefinition[] }).SERVICES.push(...added),
    });
}

/** The Kubernetes namespaces a plan declares. */
export function declaredNamespaces(resources: readonly ResourceUnderTest[]): string[] {
    return [...new Set(resources.filter((r) => r.type === NAMESPACE_TYPE).map((r) => r.outputs.metadata?.name ?? r.inputs.metadata?.name).filter((n): n is string => typeof n === "string"))].sort();
}

const copyName = (name: string, copy: number) => `${name}-c${copy}`;
/** The URN of the same resource in copy `copy`: its name (the URN's last part) suffixed. */
const copyUrn = (urn: string, copy: number) => copyName(urn, copy);

/** Every string equal to one of `namespaces` renamed for copy `copy`, in any nested value. */
function renameNamespaces(value: unknown, namespaces: ReadonlySet<string>, copy: number): unknown {
    if (typeof value === "string") return namespaces.has(value) ? copyName(value, copy) : value;
    if (Array.isArray(value)) return value.map((v) => renameNamespaces(v, namespaces, copy));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameNamespaces(v, namespaces, copy)]));
    }
    return value;
}

/**
 * The plan `copies` times: copy 0 is the plan itself, copy k has every URN suffixed `-c<k>`
 * (its parents, providers and dependencies with it) and its Kubernetes namespaces renamed
 * the same way, so each copy is a tenant of its own, as a platform grows by adding teams'
 * namespaces, and no copy's selectors reach another's pods.
 */
export function replicate(resources: readonly ResourceUnderTest[], copies: number): ResourceUnderTest[] {
    const namespaces = new Set(declaredNamespaces(resources));
    const out: ResourceUnderTest[] = [...resources];
    for (let copy = 1; copy < copies; copy++) {
        for (const r of resources) {
            out.push({
                ...r,
                urn: copyUrn(r.urn, copy),
                name: copyName(r.name, copy),
                parent: r.parent && copyUrn(r.parent, copy),
                provider: r.provider && copyUrn(r.provider, copy),
                dependencies: r.dependencies.map((u) => copyUrn(u, copy)),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map((u) => copyUrn(u, copy))])),
                inputs: renameNamespaces(r.inputs, namespaces, copy) as Record<string, unknown>,
                outputs: renameNamespaces(r.outputs, namespaces, copy) as Record<string, unknown>,
            });
        }
    }
    return out;
}

/**
 * The policy config for `replicate(…, copies)`: every policy's settings written out with their
 * defaults, and each list that names a namespace (application namespaces, exemptions by
 * namespace) also naming the copies' namespaces, so every copy is judged as the original is.
 */
export function replicatePolicyConfig(config: PolicyConfigFile, namespaces: readonly string[], copies: number): PolicyConfigFile {
    // Each policy's settings with the schema's defaults (the application namespaces among them), as evaluated.
    const resolved = Object.fromEntries(resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, config).map((p) => [p.policy.name, { ...p.config, enforcementLevel: p.level }]));
    const names = new Set(namespaces);
    const merge = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            const all = [...value];
            for (let copy = 1; copy < copies; copy++) all.push(...(renameNamespaces(value, names, copy) as unknown[]));
            const seen = new Set<string>();
            return all.filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)));
        }
        if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, merge(v)]));
        return value;
    };
    return merge(resolved) as PolicyConfigFile;
}
