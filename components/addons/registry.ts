import * as pulumi from "@pulumi/pulumi";
import { NamespaceBaseline } from "../namespace/namespace-baseline";
import { validateNamespaceSpec } from "../namespace/baseline";
import { componentType } from "../shared/naming";
import { waitingFor } from "../shared/ordering";
import { Addon, AddonContext, AddonName, InstalledAddon } from "./addon";

// The registry handles add-ons of every name and dependency set; `install` stays typed per add-on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAddon = Addon<AddonName, any>;

/** A set of add-ons that cannot be installed, with every reason at once. Nothing is created. */
export class AddonSetError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`the cluster add-ons cannot be installed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "AddonSetError";
    }
}

/**
 * Checks a set of add-ons and returns it in installation order (dependencies first, otherwise
 * in the given order). Refuses duplicates, missing dependencies, dependency cycles, two
 * add-ons filling one cluster-wide role or owning one namespace, and unsound namespace specs.
 */
export function planAddons(addons: readonly AnyAddon[]): AnyAddon[] {
    const problems: string[] = [];
    const byName = new Map<string, AnyAddon>();
    for (const addon of addons) {
        if (byName.has(addon.name)) problems.push(`add-on ${addon.name} is registered twice`);
        else byName.set(addon.name, addon);
    }
    for (const addon of byName.values()) {
        for (const dependency of addon.dependsOn) {
            if (!byName.has(dependency)) problems.push(`add-on ${addon.name} depends on ${dependency}, which is not installed`);
        }
    }
    const claims = (key: (a: AnyAddon) => readonly string[], what: string) => {
        const owners = new Map<string, string[]>();
        for (const addon of byName.values()) for (const k of key(addon)) owners.set(k, [...(owners.get(k) ?? []), addon.name]);
        for (const [k, names] of owners) if (names.length > 1) problems.push(`add-ons ${names.join(" and ")} conflict: both ${what} ${k}`);
    };
    claims((a) => a.provides, "provide");
    claims((a) => a.namespaces.map((n) => n.name), "own the namespace");
    for (const addon of byName.values()) {
        for (const spec of addon.namespaces) problems.push(...validateNamespaceSpec(spec).map((p) => `add-on ${addon.name}: ${p}`));
    }

    const ordered: AnyAddon[] = [];
    const placed = new Set<string>();
    let pending = [...byName.values()].filter((a) => a.dependsOn.every((d) => byName.has(d)));
    while (pending.length > 0) {
        const ready = pending.filter((a) => a.dependsOn.every((d) => placed.has(d)));
        if (ready.length === 0) {
            problems.push(`add-ons ${pending.map((a) => a.name).join(", ")} depend on each other in a cycle`);
            break;
        }
        for (const addon of ready) {
            ordered.push(addon);
            placed.add(addon.name);
        }
        pending = pending.filter((a) => !placed.has(a.name));
    }
    if (problems.length > 0) throw new AddonSetError(problems);
    return ordered;
}

export interface ClusterAddonsArgs {
    addons: readonly AnyAddon[];
    context: AddonContext;
}

/**
 * Installs a checked set of add-ons in dependency order: each add-on's namespace baseline
 * first, then the add-on, every resource of which waits for the context's prerequisites (the
 * nodes and their add-ons), its namespaces and the add-ons it names.
 */
export class ClusterAddons extends pulumi.ComponentResource {
    private readonly installed = new Map<AddonName, InstalledAddon<AddonName>>();

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "ClusterAddons"), name, {}, opts);
        for (const addon of planAddons(args.addons)) {
            const namespaces = addon.namespaces.map((spec) => new NamespaceBaseline(`${name}-${spec.name}`, { spec }, { parent: this }));
            const dependencies = addon.dependsOn.map((d) => this.installed.get(d)!);
            const outputs = Object.fromEntries(addon.dependsOn.map((d, i) => [d, dependencies[i].outputs]));
            const waitFor = [...args.context.prerequisites, ...namespaces, ...dependencies.map((d) => d.component)];
            this.installed.set(addon.name, addon.install(`${name}-${addon.name}`, args.context, outputs, { parent: this, ...waitingFor(waitFor) }));
        }
        this.registerOutputs({});
    }

    /** An installed add-on's outputs and component, for the workloads that rely on it; undefined when it is not installed. */
    addon<N extends AddonName>(name: N): InstalledAddon<N> | undefined {
        return this.installed.get(name) as InstalledAddon<N> | undefined;
    }
}
