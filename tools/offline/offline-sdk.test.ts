import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { bootstrapStackConfig } from "../../test/harness";
import { OfflineMocks } from "./mocks";
import { withOfflineSdk } from "./offline-sdk";
import { BOOTSTRAP_PROJECT, runProgram } from "./run-program";
import { isPlainStruct, sdkStructs } from "./plain-structs";

const Struct = sdkStructs.Struct as any;
const debuggable = require("@pulumi/pulumi/runtime/debuggable");

describe("withOfflineSdk", () => {
    /** The SDK's capture of a registration's source position (private in its types). */
    const callsites = () => (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites();
    const frames = (error: Error) => (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line)).length;
    /** What the SDK keeps on a promise for the leak report. */
    const keptForLeakReport = (promise: Promise<unknown>) => Object.getOwnPropertyNames(promise).filter((name) => name.startsWith("_debug"));
    const realStruct = () => !isPlainStruct(Struct.fromJavaScript({ a: 1 }));

    it("captures no frames while the work runs, and restores the limit after it, also when it throws", async () => {
        const before = Error.stackTraceLimit;
        const inside = await withOfflineSdk(async () => new Error("inside"));
        assert.equal(frames(inside), 0);
        assert.equal(inside.message, "inside");
        await assert.rejects(withOfflineSdk(async () => { throw new Error("thrown"); }), /thrown/);
        assert.equal(Error.stackTraceLimit, before);
        assert.ok(frames(new Error("after")) > 0);
    });

    it("finds no source position for a registration and keeps nothing on the SDK's promises for a leak report, and puts both back after", async () => {
        const wrap = () => debuggable.debuggablePromise(Promise.resolve(1), "probe") as Promise<number>;
        assert.ok(callsites().length > 0);
        assert.deepEqual(keptForLeakReport(Promise.resolve()), []);
        const [positions, kept, value] = await withOfflineSdk(async () => {
            const promise = wrap();
            return [callsites(), keptForLeakReport(promise), await promise] as const;
        });
        assert.deepEqual(positions, []);
        assert.deepEqual(kept, []);
        assert.equal(value, 1);
        assert.ok(callsites().length > 0);
        assert.ok(frames(new Error("after")) > 0);
    });

    it("puts everything back once the last of overlapping runs ends, whichever ends first", async () => {
        const before = { limit: Error.stackTraceLimit, wrapper: debuggable.debuggablePromise };
        let endFirst!: () => void;
        const first = withOfflineSdk(() => new Promise<void>((resolve) => (endFirst = resolve)));
        const second = withOfflineSdk(async () => {
            endFirst();
            await first;
            return [callsites().length, Error.stackTraceLimit];
        });
        assert.deepEqual(await second, [0, 0], "the runs still skip the SDK's captures after the first ended");
        assert.equal(Error.stackTraceLimit, before.limit);
        assert.equal(debuggable.debuggablePromise, before.wrapper);
        assert.ok(callsites().length > 0);
    });

    it("hands a rejection on with the promise it came from, as the SDK's wrapper does", async () => {
        const failing = Promise.reject(new Error("failed"));
        const error: Error & { promise?: unknown } = await withOfflineSdk(() => debuggable.debuggablePromise(failing, "probe").then(() => assert.fail("rejected"), (e: Error) => e));
        assert.equal(error.message, "failed");
        assert.equal(error.promise, failing);
    });

    it("keeps the frames with OFFLINE_STACK_TRACES=1, and protobuf's Structs with OFFLINE_PROTOBUF_STRUCTS=1", async () => {
        process.env.OFFLINE_STACK_TRACES = "1";
        try {
            assert.ok(frames(await withOfflineSdk(async () => new Error("kept"))) > 0);
            assert.ok((await withOfflineSdk(async () => callsites())).length > 0);
        } finally {
            delete process.env.OFFLINE_STACK_TRACES;
        }
        assert.equal(await withOfflineSdk(async () => realStruct()), false);
        process.env.OFFLINE_PROTOBUF_STRUCTS = "1";
        try {
            assert.equal(await withOfflineSdk(async () => realStruct()), true);
        } finally {
            delete process.env.OFFLINE_PROTOBUF_STRUCTS;
        }
    });

    it("changes nothing a program registers or invokes: the bootstrap with the SDK as it is registers the same", async function () {
        this.timeout(60_000);
        // Own mocks: runs that are not shared.
        const run = () => runProgram("prod", bootstrapStackConfig("prod"), [], { project: BOOTSTRAP_PROJECT, mocks: new OfflineMocks() });
        const skipped = await run();
        process.env.OFFLINE_STACK_TRACES = "1";
        process.env.OFFLINE_PROTOBUF_STRUCTS = "1";
        try {
            const asItIs = await run();
            assert.ok(asItIs.resources.length > 20);
            assert.deepEqual(skipped.resources, asItIs.resources);
            assert.deepEqual(skipped.invokes, asItIs.invokes);
            assert.deepEqual(Object.keys(skipped.outputs), Object.keys(asItIs.outputs));
        } finally {
            delete process.env.OFFLINE_STACK_TRACES;
            delete process.env.OFFLINE_PROTOBUF_STRUCTS;
        }
    });
});
