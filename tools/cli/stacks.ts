/**
 * What the commands (plan, policy, bench) accept as a stack and where they read its files:
 * the stacks are the project's stack files, a stack's policy config is its environment's.
 * Relative paths on a command line mean what they mean in the shell that typed them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stackEnvironment } from "../../stacks/config/load";
import { didYouMean } from "../../stacks/config/nearest";
import { OfflineProject, PROJECT_ROOT, projectStackFile } from "../offline/run-program";

/** A mistake in how a command was invoked (exit code 2). */
export class UsageError extends Error {}

export const POLICY_CONFIG_DIR = path.join(PROJECT_ROOT, "policy-pack", "config");

/**
 * The directory the command was started in: `npm run` starts scripts in the repository root
 * and leaves the caller's directory in INIT_CWD.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.INIT_CWD || process.cwd();
}

/** The stacks of a project: one per stack file `Pulumi.<stack>.yaml` in its directory. */
export function knownStacks(project: OfflineProject): string[] {
    return fs.readdirSync(project.root).map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1]).filter((s): s is string => s !== undefined).sort();
}

/** Environments with a policy config (policy-pack/config/<environment>.json). */
export function policyEnvironments(): string[] {
    return fs.readdirSync(POLICY_CONFIG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length)).sort();
}

/** The policy config of a stack: its environment's, so `prod-eu` is judged as prod. */
export function policyConfigForStack(stack: string): string {
    return path.join(POLICY_CONFIG_DIR, `${stackEnvironment(stack)}.json`);
}

/**
 * Refuses a stack the project does not have, listing those it has. With its own stack file
 * (`ownStackFile`, from --stack-config) any `<environment>[-<suffix>]` name will do; a
 * command without that option (`stackConfigOption` false) does not suggest it.
 */
export function checkStack(stack: string, project: OfflineProject, { ownStackFile = false, stackConfigOption = true } = {}): void {
    if (!/^[\w.-]+$/.test(stack)) throw new UsageError(`--stack "${stack}" is not a stack name`);
    const known = knownStacks(project);
    if (!ownStackFile && !known.includes(stack)) {
        throw new UsageError(`unknown stack "${stack}"${didYouMean(stack, known)} (known stacks: ${known.join(", ")}, from ${path.relative(PROJECT_ROOT, projectStackFile(project, "<stack>"))})`
            + (stackConfigOption ? "; for another stack, name its stack file with --stack-config <file>" : ""));
    }
}

/** Refuses a stack whose environment has no policy config, unless `--policy-config` names one. */
export function checkPolicyEnvironment(stack: string): void {
    const environments = policyEnvironments();
    const environment = stackEnvironment(stack);
    if (!environments.includes(environment)) {
        throw new UsageError(`stack "${stack}" is of environment "${environment}", which has no policy config (environments: ${environments.join(", ")}; `
            + `a stack is named <environment> or <environment>-<suffix>); name one with --policy-config <file>`);
    }
}

/**
 * The value of an option that has an older spelling: either may be used, not both with
 * different values.
 */
export function aliasedOption(values: Record<string, unknown>, name: string, alias: string): string | undefined {
    const [value, old] = [values[name] as string | undefined, values[alias] as string | undefined];
    if (value !== undefined && old !== undefined && value !== old) throw new UsageError(`--${alias} is the older spelling of --${name}: give one of them`);
    return value ?? old;
}

/** A command-line path, resolved from the directory the command was started in. */
export function resolveArgPath(file: string | undefined, from: string): string | undefined {
    return file === undefined ? undefined : path.resolve(from, file);
}
