/**
 * Test helpers: run the whole program for a stack config, or build components alone, under
 * the offline mocks; then query what was registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { decodeConfigValue } from "../stacks/config/load";
import { DeployedResource, OfflineMocks } from "../tools/offline/mocks";
import { recordRegistrations, RecordedResource } from "../tools/offline/recorder";
import { PROJECT_NAME, runProgram } from "../tools/offline/run-program";
import { readStackFile, StackFileConfig } from "../tools/offline/stack-file";
import { decodeWire, maskSecrets, revealSecrets } from "../tools/offline/wire";
import { stackFilePath } from "../tools/plan/plan";

/** The registrations of one run, with plain (secret-unwrapped) inputs for assertions. */
export class Registrations {
    constructor(readonly all: RecordedResource[]) {}

    ofType(type: string): RecordedResource[] {
        return this.all.filter((r) => r.type === type);
    }

    /** The one resource of `type` (named `name`, if given); fails when there is not exactly one. */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        return found[0];
    }

    inputs(resource: RecordedResource): Record<string, any> {
        return decodeWire(resource.inputs, revealSecrets) as Record<string, any>;
    }

    /** The state the mocks returned: what other resources read from this one. */
    outputs(resource: RecordedResource): Record<string, any> {
        return decodeWire(resource.outputs, revealSecrets) as Record<string, any>;
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.all.find((r) => r.urn === urn);
    }

    /** These registrations as deployed resources, the way a plan.json lists them, for a later run's account. */
    deployed(): DeployedResource[] {
        return this.all.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: decodeWire(r.inputs, maskSecrets) as Record<string, unknown> }));
    }
}

/** The stack file's config as the engine would pass it (secure values as placeholders). */
export function stackConfig(stack: "dev" | "prod"): StackFileConfig {
    return readStackFile(stackFilePath(stack));
}

/** A copy of `config` with one key's decoded value changed by `mutate` (which may return undefined to unset it). */
export function withConfig(config: StackFileConfig, key: string, mutate: (value: any) => any): StackFileConfig {
    const fullKey = `signal-trading:${key}`;
    const current = config.config[fullKey];
    const decoded = current === undefined ? undefined : decodeConfigValue(current);
    const next = mutate(structuredClone(decoded));
    const entries = { ...config.config };
    if (next === undefined) delete entries[fullKey];
    else entries[fullKey] = typeof next === "string" ? next : JSON.stringify(next);
    return { config: entries, secretKeys: config.secretKeys };
}

/** `deployed`: what the account already holds (e.g. an earlier run's `deployed()`); empty by default. */
export async function runStack(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[] = []): Promise<Registrations> {
    return new Registrations((await runProgram(stack, config, deployed)).resources);
}

/** Builds resources with `build` under fresh mocks, on an account holding `deployed`, and returns what it registered. */
export async function registrationsOf(build: () => void, stack = "test", deployed: readonly DeployedResource[] = []): Promise<Registrations> {
    await pulumi.runtime.setMocks(new OfflineMocks(deployed), PROJECT_NAME, stack, false);
    const recorded = recordRegistrations();
    build();
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return new Registrations(recorded);
}
