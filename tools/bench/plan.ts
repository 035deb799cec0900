/**
 * Measures the offline plan against its floor, and how its cost grows with the platform.
 *
 *   npm run bench [-- --rounds N] [--stack <stack> ...]
 * runs, in turns in one invocation, the plan of each stack (`npm run plan -- --stack <stack>`,
 * a process of its own, started as npm run plan starts it) and its floor (the same start, the
 * SDKs loaded and as many bare resources registered under the mock engine: tools/bench/floor.ts),
 * and the same floor started under tsx (as the Pulumi CLI starts programs, and as these tools
 * started before the offline loader), and prints the medians of their wall times and the
 * ratios. Turns share the machine's load, so the ratios hold on a busy machine where the
 * times do not.
 *
 *   npm run bench -- --scale [--stack <stack> ...]
 * grows the platform in-process: the program with the service list at 1x, 3x and 10x (synthetic
 * services shaped like an existing one), and the policy evaluation alone over the plan's
 * resources replicated to 1x, 3x, 10x and to at least 10,000 resources; it prints the time per
 * resource and the pack's join work per resource, which must stay flat as the platform grows.
 *
 * It prints figures and asserts nothing, so a busy machine cannot make it fail; the pack's
 * complexity is asserted by counting work (policy-pack/test/complexity.test.ts).
 */
import { spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { joinWork } from "../../policy-pack/lib/reliability";
import { SERVICES } from "../../stacks/services";
import { OFFLINE_LOADER, PLATFORM_PROJECT, PROJECT_ROOT, runProgram } from "../offline/run-program";
import { readStackFile, StackFileError } from "../offline/stack-file";
import { evaluatePolicies, PolicyConfigError } from "../policy/engine";
import { checkPolicyEnvironment, checkStack, knownStacks, UsageError } from "../cli/stacks";
import { policyConfigPath, readPolicyConfig, stackFilePath, toResourceUnderTest } from "../plan/plan";
import { declaredNamespaces, MODEL_SERVICE, replicate, replicatePolicyConfig, runWithServices } from "./scale";

const USAGE = "usage: npm run bench -- [--rounds <1-100>] [--scale] [--stack <stack> ...]";
const MAX_ROUNDS = 100;

export const HELP = `${USAGE}

Times the offline plan of each stack against its floor: the plan (npm run plan) and the floor
(the same process start, the SDKs loaded and as many bare mock registrations; also started
under tsx, as the Pulumi CLI starts programs) run in turns, each as a process of its own;
prints their medians and the ratios. With --scale, times the
program and the policy evaluation as the platform grows instead. Prints figures and asserts
nothing.

Options:
  --rounds <n>     turns of plan and floor per stack, a whole number from 1 to ${MAX_ROUNDS} (default 5),
                   after one warm-up turn
  --scale          time per resource of the program with 1x, 3x and 10x the services, and of the
                   policy evaluation over the plan's resources replicated to 1x, 3x, 10x and
                   10,000 resources or more
  --stack <stack>  a stack to measure, repeatable (default: every stack with a stack file)
  --help           print this help

Exit codes:
  0  measured
  1  the program or a measured process failed
  2  invalid arguments, stack file or policy config

Example:
  npm run bench -- --rounds 3 --stack prod`;

type BenchArgs = { help: true } | { help: false; rounds: number; scale: boolean; stacks: string[] };

export function parseBenchArgs(argv: string[]): BenchArgs {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                rounds: { type: "string", default: "5" }, scale: { type: "boolean", default: false },
                stack: { type: "string", multiple: true }, help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) return { help: true };
        // Number("") is 0 and Number("1e1") is 10: only plain digits are a count of rounds.
        const rounds = /^\d+$/.test(values.rounds) ? Number(values.rounds) : NaN;
        if (!(rounds >= 1 && rounds <= MAX_ROUNDS)) throw new UsageError(`--rounds "${values.rounds}" is not a whole number from 1 to ${MAX_ROUNDS}`);
        const stacks = values.stack ?? knownStacks(PLATFORM_PROJECT);
        for (const stack of stacks) {
            checkStack(stack, PLATFORM_PROJECT, { stackConfigOption: false });
            checkPolicyEnvironment(stack);
        }
        return { help: false, rounds, scale: values.scale, stacks };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

/** The median of some samples (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
    const sorted = [...samples].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const spread = (samples: number[]) => `median ${ms(median(samples))} (min ${ms(Math.min(...samples))}, max ${ms(Math.max(...samples))})`;

/** How npm run plan starts a tool: Node with the offline loader (tools/offline/register-ts.cjs). */
export const OFFLINE_START = ["--require", OFFLINE_LOADER];

/** How the Pulumi CLI starts the program (Pulumi.yaml: nodeargs), and how the tools started before the offline loader. */
export const TSX_START = ["--import", "tsx"];

/** Runs a tool (a script of the repository) as a process of its own, Node started with `start`, and gives its wall time and output. */
export type TimeProcess = (script: string, args: string[], start: string[]) => Promise<{ ms: number; stdout: string }>;

/** A tool run as a process of its own; its wall time from spawn to exit. */
export const timeProcess: TimeProcess = (script, args, start) => {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, [...start, path.join(PROJECT_ROOT, script), ...args], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            const elapsed = performance.now() - started;
            if (code !== 0) reject(new BenchError(`${script} ${args.join(" ")} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
            else resolve({ ms: elapsed, stdout: Buffer.concat(out).toString() });
        });
    });
};

/** A measured process failed: the figures would mean nothing. */
export class BenchError extends Error {}

const load = () => os.loadavg()[0].toFixed(1);

/** The measured scripts: the plan as npm run plan runs it, and its floor. */
export const PLAN_SCRIPT = "tools/plan/main.ts";
export const FLOOR_SCRIPT = "tools/bench/floor.ts";

async function planAgainstFloor(rounds: number, stacks: string[], time: TimeProcess): Promise<void> {
    console.log(`offline plan against its floor: ${rounds} turns per stack after a warm-up, node ${process.version}, ${os.availableParallelism()} cores, load average ${load()}`);
    for (const stack of stacks) {
        // The warm-up fills the transpile and compile caches and counts the resources the floor registers.
        const warmUp = await time(PLAN_SCRIPT, ["--stack", stack, "--json"], OFFLINE_START);
        const resources = (JSON.parse(warmUp.stdout) as { total: number }).total;
        const plan: number[] = [];
        const floor: number[] = [];
        const floorTsx: number[] = [];
        for (let turn = 0; turn < rounds; turn++) {
            // Alternating which goes first keeps a burst of load from favouring one of them.
            const runs = [
                async () => plan.push((await time(PLAN_SCRIPT, ["--stack", stack], OFFLINE_START)).ms),
                async () => floor.push((await time(FLOOR_SCRIPT, [String(resources)], OFFLINE_START)).ms),
                async () => floorTsx.push((await time(FLOOR_SCRIPT, [String(resources)], TSX_START)).ms),
            ];
            for (const run of turn % 2 === 0 ? runs : runs.reverse()) await run();
        }
        console.log(`${stack}: ${resources} registrations`);
        console.log(`  plan  (npm run plan -- --stack ${stack}):             ${spread(plan)}`);
        console.log(`  floor (SDKs loaded, ${resources} bare registrations):  ${spread(floor)}`);
        console.log(`  floor started under tsx, as the CLI starts programs: ${spread(floorTsx)}`);
        console.log(`  ratio ${(median(plan) / median(floor)).toFixed(2)}x the floor, ${(median(plan) / median(floorTsx)).toFixed(2)}x the floor under tsx (load average ${load()})`);
    }
}

const SCALES = [1, 3, 10];
/** The pack alone is measured up to at least this many resources. */
const PACK_RESOURCES = 10_000;

/** CPU time of the process since `since`, in ms: on a shared machine it varies less than wall time. */
const cpuSince = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
};

async function scaling(stacks: string[]): Promise<void> {
    console.log(`offline plan as the platform grows (CPU time of this process): node ${process.version}, ${os.availableParallelism()} cores, load average ${load()}`);
    for (const stack of stacks) {
        const config = readStackFile(stackFilePath(stack));
        const policyConfig = readPolicyConfig(policyConfigPath(stack));
        console.log(`${stack}: the program with more services (each shaped like ${MODEL_SERVICE})`);
        await runProgram(stack, config); // modules loaded once before anything is timed
        for (const factor of SCALES) {
            const started = process.cpuUsage();
            const run = await runWithServices(stack, config, factor);
            const elapsed = cpuSince(started);
            console.log(`  ${String(factor).padStart(2)}x: ${SERVICES.length * factor} services, ${run.resources.length} registrations, ${ms(elapsed)}, ${(elapsed / run.resources.length).toFixed(2)} ms per resource`);
        }
        const base = (await runProgram(stack, config)).resources.map(toResourceUnderTest);
        const namespaces = declaredNamespaces(base);
        console.log(`${stack}: the policy evaluation alone, the plan's ${base.length} registrations replicated (each copy with its own namespaces)`);
        for (const copies of [...SCALES, Math.ceil(PACK_RESOURCES / base.length)]) {
            const resources = replicate(base, copies);
            const copyConfig = replicatePolicyConfig(policyConfig, namespaces, copies);
            const work = joinWork.examined;
            const started = process.cpuUsage();
            evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, copyConfig, resources);
            const elapsed = cpuSince(started);
            const examined = joinWork.examined - work;
            console.log(`  ${String(copies).padStart(2)}x: ${resources.length} registrations, ${ms(elapsed)}, ${(elapsed / resources.length).toFixed(3)} ms per resource, ${(examined / resources.length).toFixed(2)} join work per resource`);
        }
    }
}

/** `time`: how each measured process is run and timed (a test gives its own). */
export async function main(argv: string[], time: TimeProcess = timeProcess): Promise<number> {
    try {
        const args = parseBenchArgs(argv);
        if (args.help) {
            console.log(HELP);
            return 0;
        }
        if (args.scale) await scaling(args.stacks);
        else await planAgainstFloor(args.rounds, args.stacks, time);
        return 0;
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`error: ${error.message}\n${USAGE}`);
            return 2;
        }
        if (error instanceof StackFileError || error instanceof PolicyConfigError || (error as Error).name === "ConfigError") {
            console.error(`error: ${(error as Error).message}`);
            return 2;
        }
        if (error instanceof BenchError) {
            console.error(`error: ${error.message}`);
            return 1;
        }
        throw error;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
        console.error(error);
        process.exit(1);
    });
}
