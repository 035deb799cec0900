/** npm run bench's arguments: a count of rounds and known stacks, or exit 2 with the usage. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { captureConsole } from "../../test/console";
import { BenchError, FLOOR_SCRIPT, HELP, main, median, OFFLINE_START, parseBenchArgs, PLAN_SCRIPT, timeProcess, TimeProcess, TSX_START } from "./plan";
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

    /** Which measured process a timed call starts. */
    const kindOf = (script: string, start: string[]) => (script === PLAN_SCRIPT ? "plan" : start === TSX_START ? "floor under tsx" : "floor");

    it("times the plan, its floor and the floor under tsx in turns after a warm-up, alternating which goes first, and prints medians and ratios per stack", async () => {
        const times: Record<string, number[]> = { plan: [2000, 2400, 2200, 1000], floor: [700, 800, 600, 500], "floor under tsx": [2100, 2000, 2300, 1000] };
        const calls: string[] = [];
        const time: TimeProcess = async (script, args, start) => {
            const kind = kindOf(script, start);
            assert.deepEqual([script, start], [kind === "plan" ? PLAN_SCRIPT : FLOOR_SCRIPT, kind === "floor under tsx" ? TSX_START : OFFLINE_START]);
            calls.push(`${kind} ${args.join(" ")}`);
            // The warm-up's time is not a sample; its JSON summary gives the count of registrations.
            if (args.includes("--json")) return { ms: 99_999, stdout: JSON.stringify({ total: args[1] === "dev" ? 444 : 498 }) };
            return { ms: times[kind].shift()!, stdout: "" };
        };
        const result = await captureConsole(() => main(["--rounds", "3", "--stack", "dev"], time));
        assert.equal(result.code, 0, result.stderr);
        const [header, ...lines] = result.stdout.split("\n");
        assert.match(header, /^offline plan against its floor: 3 turns per stack after a warm-up, node v\d+\.\d+\.\d+, \d+ cores, load average \d+\.\d$/);
        assert.deepEqual(lines.slice(0, 4), [
            "dev: 444 registrations",
            "  plan  (npm run plan -- --stack dev):             median 2200 ms (min 2000 ms, max 2400 ms)",
            "  floor (SDKs loaded, 444 bare registrations):  median 700 ms (min 600 ms, max 800 ms)",
            "  floor started under tsx, as the CLI starts programs: median 2100 ms (min 2000 ms, max 2300 ms)",
        ]);
        assert.match(lines[4], /^ {2}ratio 3\.14x the floor, 1\.05x the floor under tsx \(load average \d+\.\d\)$/);
        assert.equal(lines.length, 5);
        assert.deepEqual(calls, [
            "plan --stack dev --json",
            "plan --stack dev", "floor 444", "floor under tsx 444",
            "floor under tsx 444", "floor 444", "plan --stack dev",
            "plan --stack dev", "floor 444", "floor under tsx 444",
        ]);

        calls.length = 0;
        assert.equal((await captureConsole(() => main(["--rounds", "1", "--stack", "prod", "--stack", "dev"], async (script, args, start) => {
            calls.push(`${kindOf(script, start)} ${args.join(" ")}`);
            return { ms: 1, stdout: JSON.stringify({ total: args[1] === "dev" ? 444 : 498 }) };
        }))).code, 0);
        assert.deepEqual(calls, ["plan --stack prod --json", "plan --stack prod", "floor 498", "floor under tsx 498", "plan --stack dev --json", "plan --stack dev", "floor 444", "floor under tsx 444"]);
    });

    it("starts the plan as npm run plan does, and the floor under tsx as the Pulumi CLI starts the program", () => {
        const root = path.resolve(__dirname, "..", "..");
        const command = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.plan as string).split(" ");
        assert.equal(command.length, 4, command.join(" "));
        const [node, option, loader, script] = command;
        assert.deepEqual([node, option, path.resolve(root, loader), script], ["node", ...OFFLINE_START, PLAN_SCRIPT]);
        const nodeargs = (parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { runtime: { options: { nodeargs: string } } }).runtime.options.nodeargs;
        assert.deepEqual(nodeargs.split("="), TSX_START);
    });

    it("times a real process, and fails with exit 1 naming a measured process that failed and what it printed", async function () {
        this.timeout(60_000);
        const [floor, failed] = await Promise.allSettled([timeProcess(FLOOR_SCRIPT, ["3"], OFFLINE_START), timeProcess(FLOOR_SCRIPT, ["0"], OFFLINE_START)]);
        assert.equal(floor.status, "fulfilled", floor.status === "rejected" ? String(floor.reason) : "");
        assert.ok(floor.value.ms > 0);
        assert.equal(floor.value.stdout, "registered 3 bare resources\n");
        assert.equal(failed.status, "rejected");
        assert.ok(failed.reason instanceof BenchError);
        assert.equal(failed.reason.message, "tools/bench/floor.ts 0 exited 2: usage: floor.ts <count of resources>");
        const bench = await captureConsole(() => main(["--rounds", "1", "--stack", "dev"], () => Promise.reject(failed.reason)));
        assert.deepEqual([bench.code, bench.stderr], [1, "error: tools/bench/floor.ts 0 exited 2: usage: floor.ts <count of resources>"]);
        assert.doesNotMatch(bench.stdout, /\ndev:/, "no figures after a failed process");
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
