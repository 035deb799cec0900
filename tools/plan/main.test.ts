/** npm run plan's arguments: refused before the program runs, with one clear message and exit code 2. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { captureConsole } from "../../test/console";
import { PROJECT_ROOT } from "../offline/run-program";
import { HELP, main } from "./main";

const USAGE = "usage: npm run plan -- --stack <stack> [--project <platform|bootstrap>] [--stack-config <file>] [--policy-config <file>] [--out <dir>] [--against <dir>] [--diagram <file.svg>] [--cost] [--strict] [--verbose] [--json]";
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-args-"));
/** Runs the plan as `npm run plan` would from `from`. */
const plan = (from: string, ...argv: string[]) => captureConsole(() => main(argv, from));
const refused = async (from: string, argv: string[], message: string) => {
    const started = Date.now();
    const result = await plan(from, ...argv);
    assert.deepEqual(result, { code: 2, stdout: "", stderr: `error: ${message}\n${USAGE}` });
    assert.ok(Date.now() - started < 5_000, "refused before the program ran");
};

describe("npm run plan arguments", () => {
    it("prints a help with every option, the exit codes and an example, and exits 0", async () => {
        const result = await plan(PROJECT_ROOT, "--help");
        assert.deepEqual([result.code, result.stderr], [0, ""]);
        assert.equal(result.stdout, HELP);
        for (const option of ["--stack <stack>", "--project <name>", "--stack-config <file>", "--policy-config <file>", "--out <dir>", "--against <dir>", "--diagram <file.svg>", "--strict", "--verbose", "--json", "--help"]) {
            assert.match(HELP, new RegExp(`\\n  ${option.replace(/[-[\]<>]/g, "\\$&")} +\\S`), option);
        }
        assert.match(HELP, /\nExit codes:\n  0  no mandatory policy violation.*\n  1  .*\n  2  invalid arguments/);
        assert.match(HELP, /\nExample:\n  npm run plan -- --stack prod-eu --stack-config Pulumi\.prod\.yaml/);
    });

    it("refuses an unknown stack listing the stack files' stacks, also in the wrong case", async () => {
        await refused(PROJECT_ROOT, ["--stack", "staging"], 'unknown stack "staging" (known stacks: dev, prod, from Pulumi.<stack>.yaml); for another stack, name its stack file with --stack-config <file>');
        await refused(PROJECT_ROOT, ["--stack", "Dev"], 'unknown stack "Dev"; did you mean dev? (known stacks: dev, prod, from Pulumi.<stack>.yaml); for another stack, name its stack file with --stack-config <file>');
        await refused(PROJECT_ROOT, ["--project", "bootstrap", "--stack", "qa"], 'unknown stack "qa" (known stacks: dev, prod, from bootstrap/Pulumi.<stack>.yaml); for another stack, name its stack file with --stack-config <file>');
    });

    it("refuses a stack of its own stack file whose environment has no policy config, unless one is named", async () => {
        await refused(PROJECT_ROOT, ["--stack", "staging", "--stack-config", "Pulumi.prod.yaml"],
            'stack "staging" is of environment "staging", which has no policy config (environments: dev, prod; a stack is named <environment> or <environment>-<suffix>); name one with --policy-config <file>');
    });

    it("refuses both spellings of the stack file with different values", async () => {
        await refused(PROJECT_ROOT, ["--stack", "dev", "--stack-config", "Pulumi.dev.yaml", "--config", "Pulumi.prod.yaml"], "--config is the older spelling of --stack-config: give one of them");
    });

    it("refuses a policy config that is not a JSON object, naming the file resolved from the caller's directory", async () => {
        const caller = tmp();
        for (const [text, what] of [["null", "null"], ["[]", "an array"], ['"mandatory"', "a string"], ["7", "a number"]]) {
            fs.writeFileSync(path.join(caller, "policy.json"), text);
            const result = await plan(caller, "--stack", "dev", "--policy-config", "policy.json");
            assert.deepEqual(result, {
                code: 2, stdout: "",
                stderr: `error: invalid policy config ${path.join(caller, "policy.json")}: must be a JSON object of policy names (or "all"), each set to an enforcement level or to an object of settings; it is ${what}`,
            });
        }
    });

    it("refuses, before running anything, an --out directory that cannot be created, also under /proc", async () => {
        const blocker = path.join(tmp(), "file");
        fs.writeFileSync(blocker, "");
        await refused(PROJECT_ROOT, ["--stack", "dev", "--out", path.join(blocker, "out")], `--out ${blocker}/out: cannot create or write this directory: ENOTDIR: not a directory, mkdir '${blocker}/out'`);
        if (fs.existsSync("/proc/self")) {
            await refused(PROJECT_ROOT, ["--stack", "dev", "--out", "/proc/plan/out"], "--out /proc/plan/out: cannot create or write this directory: ENOENT: no such file or directory, mkdir '/proc/plan'");
        }
    });

    it("plans prod-eu from prod's stack file with prod's policy config, reading and writing paths relative to the caller", async () => {
        const caller = tmp();
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), path.join(caller, "Pulumi.prod-eu.yaml"));
        const result = await plan(caller, "--stack", "prod-eu", "--stack-config", "Pulumi.prod-eu.yaml", "--out", "plans/prod-eu", "--json");
        assert.equal(result.stderr, "");
        assert.equal(result.code, 0);
        assert.equal(JSON.parse(result.stdout).stack, "prod-eu");
        const report = JSON.parse(fs.readFileSync(path.join(caller, "plans", "prod-eu", "policy-report.json"), "utf8"));
        assert.equal(report.policyConfig, path.join("policy-pack", "config", "prod.json"));
        assert.equal(report.stack, "prod-eu");
    });
});
