/**
 * Runs the real program (index.ts) in-process under the mock engine with a given stack
 * config and returns every registration it made. Each run loads the program's modules
 * afresh, so several stacks can run in one process.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DeployedResource, OfflineMocks } from "./mocks";
import { recordRegistrations, RecordedResource } from "./recorder";
import { StackFileConfig } from "./stack-file";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const PROJECT_NAME = "signal-trading";

export interface ProgramRun {
    stack: string;
    resources: RecordedResource[];
}

/** Thrown when the program itself fails (not config): carries the registrations made so far. */
export class ProgramError extends Error {
    constructor(override readonly cause: unknown, readonly resources: RecordedResource[]) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

/** `deployed`: what the account already holds (an earlier plan's resources); an empty account by default. */
export async function runProgram(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[] = []): Promise<ProgramRun> {
    await pulumi.runtime.setMocks(new OfflineMocks(deployed), PROJECT_NAME, stack, false);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    const resources = recordRegistrations();

    // Errors of asynchronous registrations surface as unhandled rejections; collect them.
    const asyncErrors: unknown[] = [];
    const onRejection = (reason: unknown) => asyncErrors.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        forgetProjectModules();
        require(path.join(PROJECT_ROOT, "index.ts"));
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve)); // let pending rejections be reported
    } catch (error) {
        if (isConfigError(error)) throw error;
        throw new ProgramError(error, resources);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    // A config the account cannot hold (stacks/account-checks.ts) surfaces asynchronously, from the checks' Output.
    const configError = asyncErrors.find(isConfigError);
    if (configError) throw configError;
    if (asyncErrors.length > 0) throw new ProgramError(asyncErrors[0], resources);
    return { stack, resources };
}

function isConfigError(error: unknown): boolean {
    return error instanceof Error && error.name === "ConfigError";
}

/** The program's own modules: the composition root and everything it builds from. */
const PROGRAM_SOURCES = [path.join(PROJECT_ROOT, "index.ts"), path.join(PROJECT_ROOT, "stacks") + path.sep, path.join(PROJECT_ROOT, "components") + path.sep];

/** Drops the program's modules from the require cache, so the next run evaluates them afresh. */
function forgetProjectModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (PROGRAM_SOURCES.some((source) => file.startsWith(source))) delete require.cache[file];
    }
}
