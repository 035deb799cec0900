/**
 * Runs a real program (the platform's index.ts, or the bootstrap's) in-process under the mock
 * engine with a given stack config and returns every registration and invoke it made. Each
 * run evaluates the program's entry afresh, so several stacks can run in one process; a process
 * that runs the same program many times (the test suite) can share the runs of an unchanged
 * config with `shareProgramRuns()`.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DeployedResource, OfflineMocks, RecordedInvoke } from "./mocks";
import { withOfflineSdk } from "./offline-sdk";
import { recordRegistrations, RecordedResource } from "./recorder";
import { StackFileConfig } from "./stack-file";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
/** The offline loader that `npm run plan`, `npm run bench` and `npm test` start Node with (`--require`). */
export const OFFLINE_LOADER = path.join(__dirname, "register-ts.cjs");
export const PROJECT_NAME = "signal-trading";

/** A Pulumi project of this repository: its name (Pulumi.yaml) and its folder, which holds index.ts and the stack files. */
export interface OfflineProject {
    name: string;
    root: string;
}

/** The stack file of `stack` in `project`: its `Pulumi.<stack>.yaml`. */
export function projectStackFile(project: OfflineProject, stack: string): string {
    return path.join(project.root, `Pulumi.${stack}.yaml`);
}

/** The platform: index.ts at the top. */
export const PLATFORM_PROJECT: OfflineProject = { name: PROJECT_NAME, root: PROJECT_ROOT };
/** What is created once per account before the platform's first `up`: bootstrap/. */
export const BOOTSTRAP_PROJECT: OfflineProject = { name: "signal-trading-bootstrap", root: path.join(PROJECT_ROOT, "bootstrap") };

export interface ProgramRun {
    stack: string;
    resources: RecordedResource[];
    /** The invokes the program made, in order. */
    invokes: RecordedInvoke[];
    /** What the program exports: the stack's outputs. */
    outputs: Record<string, unknown>;
}

export interface RunOptions {
    /** The project to run; the platform by default. */
    project?: OfflineProject;
    /** The account the program sees, in place of an OfflineMocks of `deployed`: e.g. one where an invoke fails as AWS would. */
    mocks?: OfflineMocks;
    /**
     * Runs after the program's modules are set aside and before the program loads, so what it
     * loads and changes is what this run of the program sees, and only this run (the scaling
     * benchmark adds synthetic services to stacks/services this way).
     */
    prepare?: () => void;
}

/** Thrown when the program itself fails (not config): carries the registrations made so far. */
export class ProgramError extends Error {
    constructor(override readonly cause: unknown, readonly resources: RecordedResource[]) {
        super(cause instanceof Error ? cause.message : String(cause));
    }
}

/**
 * Shared runs, by project, stack and config, once `shareProgramRuns()` was called: under the
 * mocks a program is deterministic (ids, names and invoke answers derive from the inputs), so
 * the first run of a config stands for every later one in the process.
 */
let sharedRuns: Map<string, Promise<ProgramRun>> | undefined;

/**
 * From now on, runs over an empty account with the default mocks and no `prepare` return the first run of the
 * same project, stack and config: the same object, frozen (its resources and invokes), so a
 * caller that changes it fails at once instead of changing what the others see. A run that
 * fails is not kept. The test suite turns this on (test/setup.ts); the CLIs run a program once
 * and do not.
 */
export function shareProgramRuns(): void {
    sharedRuns ??= new Map();
}

/** `deployed`: what the account already holds (an earlier plan's resources); an empty account by default. */
export function runProgram(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[] = [], options: RunOptions = {}): Promise<ProgramRun> {
    if (sharedRuns === undefined || deployed.length > 0 || options.mocks !== undefined || options.prepare !== undefined) return runProgramOnce(stack, config, deployed, options);
    const key = JSON.stringify([(options.project ?? PLATFORM_PROJECT).root, stack, config.config, [...config.secretKeys].sort()]);
    let run = sharedRuns.get(key);
    if (run === undefined) {
        const runs = sharedRuns;
        run = runProgramOnce(stack, config, deployed, options).then(frozen, (error: unknown) => {
            runs.delete(key);
            throw error;
        });
        runs.set(key, run);
    }
    return run;
}

async function runProgramOnce(stack: string, config: StackFileConfig, deployed: readonly DeployedResource[], options: RunOptions): Promise<ProgramRun> {
    const project = options.project ?? PLATFORM_PROJECT;
    const mocks = options.mocks ?? new OfflineMocks(deployed);
    await pulumi.runtime.setMocks(mocks, project.name, stack, false);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    const resources = recordRegistrations();
    let outputs: Record<string, unknown> = {};

    // Errors of asynchronous registrations surface as unhandled rejections; collect them.
    const asyncErrors: unknown[] = [];
    const onRejection = (reason: unknown) => asyncErrors.push(reason);
    process.on("unhandledRejection", onRejection);
    const entry = path.join(project.root, "index.ts");
    // Evaluating the composition root runs the program. The modules it builds from hold nothing
    // of a run (run-program.test.ts holds them to it), so they are evaluated once per process;
    // a run that changes them (`prepare`) gets copies of its own.
    const aside = modulesAside(options.prepare ? isProjectModule : (file) => file === entry);
    try {
        await withOfflineSdk(async () => {
            options.prepare?.();
            outputs = require(entry);
            await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
            await new Promise((resolve) => setImmediate(resolve)); // let pending rejections be reported
        });
    } catch (error) {
        if (isConfigError(error)) throw error;
        throw new ProgramError(error, resources);
    } finally {
        process.off("unhandledRejection", onRejection);
        aside.putBack();
    }
    // A config the account cannot hold (stacks/account-checks.ts) surfaces asynchronously, from the checks' Output.
    const configError = asyncErrors.find(isConfigError);
    if (configError) throw configError;
    if (asyncErrors.length > 0) throw new ProgramError(asyncErrors[0], resources);
    return { stack, resources, invokes: mocks.invokes, outputs };
}

/** `run` with its resources and invokes (and every value in them) made read-only; the outputs stay as the program exported them. */
function frozen(run: ProgramRun): ProgramRun {
    deepFreeze(run.resources);
    deepFreeze(run.invokes);
    return Object.freeze(run);
}

function deepFreeze(value: unknown): void {
    if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
}

function isConfigError(error: unknown): boolean {
    return error instanceof Error && error.name === "ConfigError";
}

/** The programs' own modules: the composition roots and everything they build from. */
const PROGRAM_SOURCES = [path.join(PROJECT_ROOT, "index.ts"), ...["stacks", "components", "bootstrap"].map((folder) => path.join(PROJECT_ROOT, folder) + path.sep)];

const isProjectModule = (file: string) => PROGRAM_SOURCES.some((source) => file.startsWith(source));

/**
 * Takes the modules `chosen` picks out of the require cache, so the run evaluates them afresh.
 * `putBack()` drops the copies the run loaded and puts back those the process had: what a run
 * changed in its copies (a `prepare`'s longer service list) stays with that run, and a file
 * loaded afterwards gets the modules the process had.
 */
function modulesAside(chosen: (file: string) => boolean): { putBack(): void } {
    const aside = new Map<string, NodeJS.Module | undefined>();
    for (const file of Object.keys(require.cache)) {
        if (!chosen(file)) continue;
        aside.set(file, require.cache[file]);
        delete require.cache[file];
    }
    return {
        putBack() {
            for (const file of Object.keys(require.cache)) if (chosen(file)) delete require.cache[file];
            for (const [file, module] of aside) require.cache[file] = module;
            // Node lists each module a module required among its children: the run's copies would stay reachable from here, and with them everything the run made.
            module.children = module.children.filter((child) => !chosen(child.filename) || aside.get(child.filename) === child);
        },
    };
}
