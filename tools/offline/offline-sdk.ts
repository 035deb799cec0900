/**
 * The SDK's work that only a real engine or a real deployment reads, skipped while a program
 * runs under the mock engine (`withOfflineSdk`):
 *
 * - stack traces: each registration's source position (Resource.callsites, sent to the engine,
 *   which the mocks ignore) and the stack of each of the thousands of promises of a run
 *   (debuggablePromise, kept for the promise-leak report a deployment prints at exit). With
 *   these, capturing and formatting stack frames was more than half of a run. No error thrown
 *   meanwhile has frames either; its message stays. OFFLINE_STACK_TRACES=1 keeps them all.
 * - protobuf Structs between the SDK and the mock monitor (tools/offline/plain-structs.ts).
 *   OFFLINE_PROTOBUF_STRUCTS=1 keeps them.
 *
 * What the program registers is the same either way: tools/offline/offline-sdk.test.ts runs a
 * program with both kept and with neither, and compares every registration and invoke.
 */
import * as pulumi from "@pulumi/pulumi";
import { withPlainStructs } from "./plain-structs";

/** The SDK's promise wrapper (internal; its callers look it up on this module at each call). */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(promise: Promise<T>, context: string): Promise<T> };
const resourceClass = pulumi.Resource as unknown as { callsites(): unknown[] };

/** debuggablePromise without what it keeps for the leak report: the same chain of promises, so the same order of events. */
function leanDebuggablePromise<T>(promise: Promise<T>): Promise<T> {
    return promise
        .then((value) => value)
        .catch((error: { promise?: unknown }) => {
            error.promise = promise;
            throw error;
        });
}

/** What withoutStackTraces replaced, while calls of it overlap or nest: the last to end puts it back. */
let replaced: { stackTraceLimit: number; debuggablePromise: typeof debuggable.debuggablePromise; callsites: typeof resourceClass.callsites } | undefined;
let running = 0;

async function withoutStackTraces<T>(work: () => Promise<T>): Promise<T> {
    if (running++ === 0) {
        replaced = { stackTraceLimit: Error.stackTraceLimit, debuggablePromise: debuggable.debuggablePromise, callsites: resourceClass.callsites };
        Error.stackTraceLimit = 0;
        debuggable.debuggablePromise = leanDebuggablePromise;
        // Resource.callsites lifts the limit for its own capture: it is replaced by what it finds in a stack of no frames.
        resourceClass.callsites = () => [];
    }
    try {
        return await work();
    } finally {
        if (--running === 0 && replaced) {
            Error.stackTraceLimit = replaced.stackTraceLimit;
            debuggable.debuggablePromise = replaced.debuggablePromise;
            resourceClass.callsites = replaced.callsites;
            replaced = undefined;
        }
    }
}

/** Runs `work` (resources being registered under the mocks) with the SDK's engine-only work skipped. */
export function withOfflineSdk<T>(work: () => Promise<T>): Promise<T> {
    const structs = process.env.OFFLINE_PROTOBUF_STRUCTS === "1" ? work : () => withPlainStructs(work);
    return process.env.OFFLINE_STACK_TRACES === "1" ? structs() : withoutStackTraces(structs);
}
