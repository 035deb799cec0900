/**
 * Measures the offline plan: the program run under the mock engine and the policy
 * evaluation, per stack, over several rounds in one process (the first round includes module
 * loading). Prints its figures; it asserts nothing, so a busy machine cannot make it fail.
 *   npm run bench [-- --rounds N]
 */
import { parseArgs } from "node:util";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { runProgram } from "../offline/run-program";
import { readStackFile } from "../offline/stack-file";
import { evaluatePolicies } from "../policy/engine";
import { policyConfigPath, readPolicyConfig, stackFilePath, toResourceUnderTest } from "../plan/plan";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Math.max(1, Number(values.rounds));

const stats = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return `min ${sorted[0].toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
};

async function main() {
    console.log(`offline plan benchmark, ${rounds} rounds per stack, node ${process.version}`);
    for (const stack of ["dev", "prod"]) {
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

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
