/** npm run bench's arguments: a count of rounds and known stacks, or exit 2 with the usage. */
import { strict as assert } from "node:assert";
import { captureConsole } from "../../test/console";
import { HELP, main, parseBenchArgs } from "./plan";

const USAGE = "usage: npm run bench -- [--rounds <1-100>] [--stack <stack> ...]";
const bench = (...argv: string[]) => captureConsole(() => main(argv));

describe("npm run bench arguments", () => {
    it("takes 5 rounds of every stack by default, or the rounds and stacks given", () => {
        assert.deepEqual(parseBenchArgs([]), { help: false, rounds: 5, stacks: ["dev", "prod"] });
        assert.deepEqual(parseBenchArgs(["--rounds", "2", "--stack", "prod", "--stack", "dev"]), { help: false, rounds: 2, stacks: ["prod", "dev"] });
    });

    it("refuses a count of rounds that is not a whole number from 1 to 100, with exit 2 and no stack trace", async () => {
        for (const rounds of ["abc", "0", "-1", "2.5", "1e1", "", "101"]) {
            assert.deepEqual(await bench(`--rounds=${rounds}`), { code: 2, stdout: "", stderr: `error: --rounds "${rounds}" is not a whole number from 1 to 100\n${USAGE}` }, rounds);
        }
    });

    it("refuses an unknown stack and an unknown option", async () => {
        assert.deepEqual(await bench("--stack", "Prod"), { code: 2, stdout: "", stderr: `error: unknown stack "Prod"; did you mean prod? (known stacks: dev, prod, from Pulumi.<stack>.yaml)\n${USAGE}` });
        const unknown = await bench("--round", "3");
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /^error: Unknown option '--round'/);
    });

    it("prints a help with its options, exit codes and an example", async () => {
        assert.deepEqual(await bench("--help"), { code: 0, stdout: HELP, stderr: "" });
        for (const option of ["--rounds <n>", "--stack <stack>", "--help"]) assert.ok(HELP.includes(`\n  ${option} `), option);
        assert.match(HELP, /\nExit codes:\n  0  measured\n/);
        assert.match(HELP, /\nExample:\n  npm run bench -- --rounds 3 --stack prod$/);
    });

    it("measures the stacks given", async () => {
        const result = await bench("--rounds", "1", "--stack", "dev");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^offline plan benchmark, 1 rounds per stack, node v\d+.*\ndev: \d+ resources\n  program under mocks: min \d+ ms/);
        assert.doesNotMatch(result.stdout, /\nprod:/);
    });
});
