/** npm run bench's arguments: a count of rounds and known stacks, or exit 2 with the usage. */
import { strict as assert } from "node:assert";
import { captureConsole } from "../../test/console";
import { HELP, main, median, parseBenchArgs } from "./plan";
import { replicate, replicatePolicyConfig } from "./scale";
import type { ResourceUnderTest } from "../policy/engine";

const USAGE = "usage: npm run bench -- [--rounds <1-100>] [--scale] [--stack <stack> ...]";
const bench = (...argv: string[]) => captureConsole(() => main(argv));

describe("npm run bench arguments", () => {
    it("takes 5 rounds of every stack by default, or the rounds and stacks given", () => {
        assert.deepEqual(parseBenchArgs([]), { help: false, rounds: 5, scale: false, stacks: ["dev", "prod"] });
        assert.deepEqual(parseBenchArgs(["--rounds", "2", "--stack", "prod", "--stack", "dev"]), { help: false, rounds: 2, scale: false, stacks: ["prod", "dev"] });
        assert.deepEqual(parseBenchArgs(["--scale", "--stack", "prod"]), { help: false, rounds: 5, scale: true, stacks: ["prod"] });
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
        for (const option of ["--rounds <n>", "--scale", "--stack <stack>", "--help"]) assert.ok(HELP.includes(`\n  ${option} `), option);
        assert.match(HELP, /\nExit codes:\n  0  measured\n/);
        assert.match(HELP, /\nExample:\n  npm run bench -- --rounds 3 --stack prod$/);
    });

    it("times the plan against its floor in turns, for the stacks given", async function () {
        this.timeout(180_000);
        const result = await bench("--rounds", "1", "--stack", "dev");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^offline plan against its floor: 1 turns per stack after a warm-up, node v\d+.*\ndev: (\d+) registrations\n {2}plan {2}\(npm run plan -- --stack dev\): +median \d+ ms .*\n {2}floor \(SDKs loaded, \1 bare registrations\): +median \d+ ms .*\n {2}floor started under tsx, as the CLI starts programs: median \d+ ms .*\n {2}ratio \d+\.\d\dx the floor, \d+\.\d\dx the floor under tsx/);
        assert.doesNotMatch(result.stdout, /\nprod:/);
    });

    it("takes the median of an odd or even count of samples", () => {
        assert.equal(median([3, 1, 2]), 2);
        assert.equal(median([4, 1, 3, 2]), 2.5);
    });
});

describe("the platform grown for the scaling benchmark", () => {
    const urn = (type: string, name: string) => `urn:pulumi:prod::signal-trading::${type}::${name}`;
    const resource = (type: string, name: string, props: Record<string, unknown>, extra: Partial<ResourceUnderTest> = {}): ResourceUnderTest => ({
        urn: urn(type, name), type, name, inputs: props, outputs: props, dependencies: [], propertyDependencies: {}, protect: false, ignoreChanges: [], additionalSecretOutputs: [], ...extra,
    });
    const namespace = resource("kubernetes:core/v1:Namespace", "apps", { metadata: { name: "apps" } });
    const deployment = resource("kubernetes:apps/v1:Deployment", "web", { metadata: { name: "web", namespace: "apps", labels: { tier: "apps" } } }, {
        parent: namespace.urn, dependencies: [namespace.urn], propertyDependencies: { metadata: [namespace.urn] },
    });

    it("replicates a plan under new URNs, each copy in namespaces of its own", () => {
        const copies = replicate([namespace, deployment], 3);
        assert.deepEqual(copies.map((r) => r.urn), [namespace.urn, deployment.urn, `${namespace.urn}-c1`, `${deployment.urn}-c1`, `${namespace.urn}-c2`, `${deployment.urn}-c2`]);
        const copy = copies[5];
        assert.deepEqual([copy.name, copy.parent, copy.dependencies, copy.propertyDependencies], ["web-c2", `${namespace.urn}-c2`, [`${namespace.urn}-c2`], { metadata: [`${namespace.urn}-c2`] }]);
        // Only whole namespace names are renamed; a label value that happens to contain one is not.
        assert.deepEqual(copy.inputs, { metadata: { name: "web", namespace: "apps-c2", labels: { tier: "apps-c2" } } });
        assert.equal(new Set(copies.map((r) => r.urn)).size, 6);
    });

    it("judges each copy as the original: lists naming a namespace name the copies' too, with the policies' defaults written out", () => {
        const config = replicatePolicyConfig({ "stack-workload-require-availability": { exemptions: [{ namespace: "signal-trading", name: "redis", reason: "restore" }] } }, ["signal-trading"], 2);
        const availability = config["stack-workload-require-availability"] as Record<string, unknown>;
        assert.deepEqual(availability.exemptions, [{ namespace: "signal-trading", name: "redis", reason: "restore" }, { namespace: "signal-trading-c1", name: "redis", reason: "restore" }]);
        assert.deepEqual(availability.namespaces, ["signal-trading", "signal-trading-dev", "signal-trading-c1"]);
    });
});
