/**
 * Runs the real program (index.ts) in-process under the mock engine with a given stack
 * config and returns every registration it made. Each run loads the program's modules
 * afresh, so several stacks can run in one process.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "./mocks";
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

export async function runProgram(stack: string, config: StackFileConfig): Promise<ProgramRun> {
    await pulumi.runtime.setMocks(new OfflineMocks(), PROJECT_NAME, stack, false);
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
    if (asyncErrors.length > 0) throw new ProgramError(asyncErrors[0], resources);
    return { stack, resources };
}

function isConfigError(error: unknown): boolean {
    return error instanceof Error && error.name === "ConfigError";
}

/** Drops the project's own modules (not node_modules) from the require cache. */
function forgetProjectModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(PROJECT_ROOT) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.includes(`${path.sep}tools${path.sep}`)) {
            delete require.cache[file];
        }
    }
}
