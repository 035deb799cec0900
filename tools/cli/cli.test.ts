import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { BOOTSTRAP_PROJECT, OFFLINE_LOADER, PLATFORM_PROJECT, PROJECT_ROOT } from "../offline/run-program";
import { checkWritableDirectory, makeDirectory } from "./directories";
import { aliasedOption, checkPolicyEnvironment, checkStack, invocationDir, knownStacks, policyConfigForStack, resolveArgPath, UsageError } from "./stacks";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cli-test-"));
const usageError = (message: string) => (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.equal(error.message, message);
    return true;
};

describe("command-line stacks and paths", () => {
    it("knows the stacks by their stack files, per project", () => {
        assert.deepEqual(knownStacks(PLATFORM_PROJECT), ["dev", "prod"]);
        assert.deepEqual(knownStacks(BOOTSTRAP_PROJECT), ["dev", "prod"]);
    });

    it("refuses an unknown stack listing the known ones, suggesting the nearest, and offering --stack-config only where it exists", () => {
        assert.throws(() => checkStack("staging", PLATFORM_PROJECT), usageError(
            'unknown stack "staging" (known stacks: dev, prod, from Pulumi.<stack>.yaml); for another stack, name its stack file with --stack-config <file>'));
        assert.throws(() => checkStack("Dev", PLATFORM_PROJECT), usageError(
            'unknown stack "Dev"; did you mean dev? (known stacks: dev, prod, from Pulumi.<stack>.yaml); for another stack, name its stack file with --stack-config <file>'));
        assert.throws(() => checkStack("qa", BOOTSTRAP_PROJECT, { stackConfigOption: false }), usageError(
            'unknown stack "qa" (known stacks: dev, prod, from bootstrap/Pulumi.<stack>.yaml)'));
        assert.throws(() => checkStack("../prod", PLATFORM_PROJECT, { ownStackFile: true }), usageError('--stack "../prod" is not a stack name'));
        checkStack("prod", PLATFORM_PROJECT);
        checkStack("prod-eu", PLATFORM_PROJECT, { ownStackFile: true });
    });

    it("maps a stack to its environment's policy config, and refuses an environment without one", () => {
        assert.equal(policyConfigForStack("prod"), path.join(PROJECT_ROOT, "policy-pack", "config", "prod.json"));
        assert.equal(policyConfigForStack("prod-eu"), path.join(PROJECT_ROOT, "policy-pack", "config", "prod.json"));
        assert.equal(policyConfigForStack("dev-feature-x"), path.join(PROJECT_ROOT, "policy-pack", "config", "dev.json"));
        checkPolicyEnvironment("prod-eu");
        assert.throws(() => checkPolicyEnvironment("staging-eu"), usageError(
            'stack "staging-eu" is of environment "staging", which has no policy config (environments: dev, prod; a stack is named <environment> or <environment>-<suffix>); name one with --policy-config <file>'));
    });

    it("takes one spelling of a renamed option, refusing both with different values", () => {
        assert.equal(aliasedOption({ "stack-config": "a.yaml" }, "stack-config", "config"), "a.yaml");
        assert.equal(aliasedOption({ config: "b.yaml" }, "stack-config", "config"), "b.yaml");
        assert.equal(aliasedOption({ "stack-config": "a.yaml", config: "a.yaml" }, "stack-config", "config"), "a.yaml");
        assert.equal(aliasedOption({}, "stack-config", "config"), undefined);
        assert.throws(() => aliasedOption({ "stack-config": "a.yaml", config: "b.yaml" }, "stack-config", "config"),
            usageError("--config is the older spelling of --stack-config: give one of them"));
    });

    it("resolves relative paths from the caller's directory, which npm run leaves in INIT_CWD", () => {
        assert.equal(invocationDir({ INIT_CWD: "/home/me/work" }), "/home/me/work");
        assert.equal(invocationDir({}), process.cwd());
        assert.equal(resolveArgPath("plans/dev", "/home/me/work"), "/home/me/work/plans/dev");
        assert.equal(resolveArgPath("/tmp/out", "/home/me/work"), "/tmp/out");
        assert.equal(resolveArgPath(undefined, "/home/me/work"), undefined);
    });
});

describe("output directories", () => {
    it("creates every missing level and accepts an existing directory", () => {
        const dir = path.join(tmp(), "a", "b", "c");
        makeDirectory(dir);
        makeDirectory(dir);
        assert.ok(fs.statSync(dir).isDirectory());
        checkWritableDirectory(dir);
        assert.deepEqual(fs.readdirSync(dir), [], "the write check leaves nothing behind");
    });

    it("fails at once under /proc, where Node's recursive mkdir retries forever", function () {
        // /proc exists only on Linux (CI and these machines); elsewhere there is no such file system to reproduce the hang on.
        if (!fs.existsSync("/proc/self")) this.skip();
        // In a child process, so a regression hangs the child (killed by the timeout), not the test run.
        const script = `require(${JSON.stringify(path.join(__dirname, "directories.ts"))}).checkWritableDirectory("/proc/no-such/out")`;
        const child = spawnSync(process.execPath, ["--require", OFFLINE_LOADER, "-e", script], { cwd: PROJECT_ROOT, timeout: 20_000, encoding: "utf8" });
        assert.notEqual(child.signal, "SIGTERM", "the directory check did not return");
        assert.equal(child.status, 1);
        assert.match(child.stderr, /ENOENT: no such file or directory, mkdir '\/proc\/no-such'/);
    });

    it("fails with the file system's error when a file is in the way or the directory is a file", () => {
        const file = path.join(tmp(), "file");
        fs.writeFileSync(file, "");
        assert.throws(() => checkWritableDirectory(path.join(file, "out")), /ENOTDIR/);
        assert.throws(() => checkWritableDirectory(file), /ENOTDIR/);
    });
});
