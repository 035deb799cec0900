import { strict as assert } from "node:assert";
import { bootstrapStackConfig, stackConfig } from "../../test/harness";
import { OfflineMocks } from "./mocks";
import { BOOTSTRAP_PROJECT, runProgram, shareProgramRuns } from "./run-program";

describe("shared program runs", () => {
    before(() => shareProgramRuns());
    const run = (stack: "dev" | "prod") => runProgram(stack, bootstrapStackConfig(stack), [], { project: BOOTSTRAP_PROJECT });

    it("hands every run of the same project, stack and config the first one's result, frozen", async () => {
        const [first, second] = [await run("dev"), await run("dev")];
        assert.equal(second, first);
        assert.ok(first.resources.length > 10);
        assert.throws(() => (first.resources as unknown[]).push({}), TypeError);
        assert.throws(() => { (first.resources[0].inputs as Record<string, unknown>).added = 1; }, TypeError);
        assert.throws(() => { (first.invokes[0].inputs as Record<string, unknown>).added = 1; }, TypeError);
    });

    it("runs again for another stack, for an account that holds resources, and after a failed run", async () => {
        const dev = await run("dev");
        assert.notEqual(await run("prod"), dev);
        const deployed = dev.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: {} }));
        const over = await runProgram("dev", bootstrapStackConfig("dev"), deployed, { project: BOOTSTRAP_PROJECT });
        assert.notEqual(over, dev);
        assert.ok(!Object.isFrozen(over.resources), "a run over deployed resources is the caller's own");

        const base = bootstrapStackConfig("dev");
        const broken = { config: { ...base.config, "signal-trading-bootstrap:github": "not an object" }, secretKeys: base.secretKeys };
        const failures: unknown[] = [];
        for (let i = 0; i < 2; i++) await runProgram("dev", broken, [], { project: BOOTSTRAP_PROJECT }).then(() => assert.fail("the config is invalid"), (e: unknown) => failures.push(e));
        assert.equal((failures[0] as Error).name, "ConfigError");
        assert.notEqual(failures[1], failures[0], "a failed run is not kept");
    });
});

describe("a program run's modules", function () {
    this.timeout(120_000);

    it("hold nothing of a run: dev after prod, with the modules the runs share, registers and invokes exactly what dev does with modules of its own", async () => {
        await runProgram("prod", stackConfig("prod"));
        // Own mocks keep the run from being shared; a `prepare` gives it modules of its own.
        const kept = await runProgram("dev", stackConfig("dev"), [], { mocks: new OfflineMocks() });
        const fresh = await runProgram("dev", stackConfig("dev"), [], { prepare: () => undefined });
        assert.ok(kept.resources.length > 100);
        assert.deepEqual(kept.resources, fresh.resources);
        assert.deepEqual(kept.invokes, fresh.invokes);
    });

    it("are not kept reachable by the runner after a run: a process can make many runs", async () => {
        const runner = require.cache[require.resolve("./run-program")]!;
        const listed = () => runner.children.filter((child) => child.filename.startsWith(BOOTSTRAP_PROJECT.root)).length;
        await runProgram("dev", bootstrapStackConfig("dev"), [], { project: BOOTSTRAP_PROJECT, mocks: new OfflineMocks() });
        const after = listed();
        await runProgram("dev", bootstrapStackConfig("dev"), [], { project: BOOTSTRAP_PROJECT, mocks: new OfflineMocks() });
        await runProgram("dev", bootstrapStackConfig("dev"), [], { project: BOOTSTRAP_PROJECT, prepare: () => undefined });
        assert.equal(listed(), after);
    });

    it("with a `prepare`, are evaluated afresh for the run and dropped after it: what the run changed in them is not what the process loads later", async () => {
        const file = require.resolve("../../bootstrap/config");
        const loaded = require(file) as Record<string, unknown>;
        let seen: Record<string, unknown> | undefined;
        await runProgram("dev", bootstrapStackConfig("dev"), [], {
            project: BOOTSTRAP_PROJECT,
            prepare: () => {
                seen = require(file) as Record<string, unknown>;
                seen.changedByTheRun = true;
            },
        });
        assert.ok(seen !== undefined && seen !== loaded, "the run loads its own copy");
        assert.equal(require(file), loaded, "the process gets back the module it had");
        assert.equal((require(file) as Record<string, unknown>).changedByTheRun, undefined);
    });
});
