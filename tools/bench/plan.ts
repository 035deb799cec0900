/**
 * Measures the offline plan: the program run under the mock engine and the policy
 * evaluation, per stack, over several rounds in one process (the first round includes module
 * loading). Prints its figures; it asserts nothing, so a busy machine cannot make it fail.
 *   npm run bench [-- --rounds N] [--stack <stack> ...]
 */
import { parseArgs } from "node:util";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { PLATFORM_PROJECT, runProgram } from "../offline/run-program";
import { readStackFile, StackFileError } from "../offline/stack-file";
import { evaluatePolicies, PolicyConfigError } from "../policy/engine";
import { checkPolicyEnvironment, checkStack, knownStacks, UsageError } from "../cli/stacks";
import { policyConfigPath, readPolicyConfig, stackFilePath, toResourceUnderTest } from "../plan/plan";

const USAGE = "usage: npm run bench -- [--rounds <1-100>] [--stack <stack> ...]";
const MAX_ROUNDS = 100;

export const HELP = `${USAGE}

Times the offline plan of each stack: the program under the mock engine and the policy
evaluation, over several rounds in one process. Prints figures and asserts nothing.

Options:
  --rounds <n>     rounds per stack, a whole number from 1 to ${MAX_ROUNDS} (default 5); the first
                   round includes module loading
  --stack <stack>  a stack to measure, repeatable (default: every stack with a stack file)
  --help           print this help

Exit codes:
  0  measured
  1  the program failed
  2  invalid arguments, stack file or policy config

Example:
  npm run bench -- --rounds 3 --stack prod`;

export function parseBenchArgs(argv: string[]): { help: true } | { help: false; rounds: number; stacks: string[] } {
    try {
        const { values } = parseArgs({
            args: argv,
            options: { rounds: { type: "string", default: "5" }, stack: { type: "string", multiple: true }, help: { type: "boolean", default: false } },
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
        return { help: false, rounds, stacks };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

const stats = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return `min ${sorted[0].toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
};

async function bench(rounds: number, stacks: string[]): Promise<void> {
    console.log(`offline plan benchmark, ${rounds} rounds per stack, node ${process.version}`);
    for (const stack of stacks) {
        const config = readStackFile(stackFilePath(stack));
        const policyConfig = readPolicyConfig(policyConfigPath(stack));
        const program: number[] = [];
        const evaluation: number[] = [];
        let resources = 0;
        for (let round = 0; round < rounds; round++) {
            const started = performance.now();
            const run = await runProgram(stack, config);
            const ran = performance.now();
            evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, policyConfig, run.resources.map(toResourceUnderTest));
            evaluation.push(performance.now() - ran);
            program.push(ran - started);
            resources = run.resources.length;
        }
        console.log(`${stack}: ${resources} resources`);
        console.log(`  program under mocks: ${stats(program)} (first round ${program[0].toFixed(0)} ms, with module loading)`);
        console.log(`  policy evaluation:   ${stats(evaluation)}`);
    }
}

export async function main(argv: string[]): Promise<number> {
    try {
        const args = parseBenchArgs(argv);
        if (args.help) {
            console.log(HELP);
            return 0;
        }
        await bench(args.rounds, args.stacks);
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
        throw error;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
        console.error(error);
        process.exit(1);
    });
}
