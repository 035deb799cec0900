/**
 * Under the mock engine, the SDK and its mock monitor talk through protobuf Structs without
 * ever encoding one: the SDK turns each resource's inputs into a Struct, the monitor turns it
 * back into JavaScript, and the same again for the outputs. Building and reading those
 * messages (a message per value, a map per object) was about a fifth of a program run.
 *
 * While `withPlainStructs` runs its work, a Struct made from JavaScript keeps a plain copy of
 * the value instead (with what Struct.fromJavaScript refuses refused at once, and keys in the
 * order its toJavaScript gives them), and its toJavaScript returns a copy of that. Anything
 * else that reads such a Struct (its fields map, which encoding and toObject read) builds the
 * real fields first, so a Struct that does go over the wire is the one protobuf would make.
 * tools/offline/plain-structs.test.ts holds the copies to what protobuf gives.
 */
import * as path from "node:path";

interface StructClass {
    fromJavaScript(value: Record<string, unknown>): StructMessage;
    prototype: StructMessage;
}
interface StructMessage {
    toJavaScript(): Record<string, unknown>;
    getFieldsMap(noLazyCreate?: boolean): { set(key: string, value: unknown): unknown };
}

/** The protobuf module the SDK itself loads (the monitor's messages are built from it). */
export const sdkStructs = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] })) as {
    Struct: StructClass;
    Value: { fromJavaScript(value: unknown): unknown };
};

const { Struct, Value } = sdkStructs;
const protobufFromJavaScript = Struct.fromJavaScript;
const protobufToJavaScript = Struct.prototype.toJavaScript;
const protobufGetFieldsMap = Struct.prototype.getFieldsMap;

/** The plain value of each Struct made while plain structs were on, until something reads its fields. */
const held = new WeakMap<StructMessage, Record<string, unknown>>();
let active = 0;

/**
 * What Struct.fromJavaScript and then toJavaScript make of `value`: strings, numbers, booleans
 * and null as they are, arrays element by element, objects by their enumerable keys (inherited
 * ones too) in sorted order; anything else (undefined, a function, an array hole) is refused
 * with protobuf's own error.
 */
function plain(value: unknown): unknown {
    switch (typeof value) {
        case "string":
        case "number":
        case "boolean":
            return value;
        case "object":
            if (value === null) return null;
            if (Array.isArray(value)) {
                const list = new Array<unknown>(value.length);
                for (let i = 0; i < value.length; i++) list[i] = plain(value[i]);
                return list;
            }
            return plainObject(value as Record<string, unknown>);
        default:
            throw new Error("Unexpected struct type.");
    }
}

function plainObject(object: Record<string, unknown>): Record<string, unknown> {
    const keys: string[] = [];
    for (const key in object) keys.push(key);
    keys.sort();
    const copy: Record<string, unknown> = {};
    for (const key of keys) copy[key] = plain(object[key]);
    return copy;
}

/** A copy of a value `plain` made: the same keys in the same order, nothing shared. */
function copied(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map(copied);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = copied((value as Record<string, unknown>)[key]);
    return copy;
}

function install(): void {
    if ((Struct.fromJavaScript as { plain?: true }).plain) return;
    Struct.fromJavaScript = Object.assign(function fromJavaScript(value: Record<string, unknown>): StructMessage {
        if (active === 0) return protobufFromJavaScript.call(Struct, value);
        const struct = new (Struct as unknown as new () => StructMessage)();
        held.set(struct, plainObject(value));
        return struct;
    }, { plain: true as const });
    Struct.prototype.toJavaScript = function toJavaScript(this: StructMessage) {
        const value = held.get(this);
        return value === undefined ? protobufToJavaScript.call(this) : (copied(value) as Record<string, unknown>);
    };
    Struct.prototype.getFieldsMap = function getFieldsMap(this: StructMessage, noLazyCreate?: boolean) {
        const value = held.get(this);
        if (value !== undefined) {
            held.delete(this);
            const fields = protobufGetFieldsMap.call(this);
            for (const key of Object.keys(value)) fields.set(key, Value.fromJavaScript(value[key]));
        }
        return protobufGetFieldsMap.call(this, noLazyCreate);
    };
}

/** Whether `struct` holds a plain value and no protobuf fields yet. */
export function isPlainStruct(struct: unknown): boolean {
    return held.has(struct as StructMessage);
}

/** Runs `work` (a program under the mock engine) with Structs made from JavaScript kept plain. */
export async function withPlainStructs<T>(work: () => Promise<T>): Promise<T> {
    install();
    active++;
    try {
        return await work();
    } finally {
        active--;
    }
}
