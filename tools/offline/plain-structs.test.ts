import { strict as assert } from "node:assert";
import { isPlainStruct, sdkStructs, withPlainStructs } from "./plain-structs";

const Struct = sdkStructs.Struct as any;

/** Values the SDK hands the monitor: nested objects and lists, keys protobuf sorts (integer-like ones too), every scalar kind. */
const VALUES: Record<string, unknown>[] = [
    {},
    { b: 1, a: "x", c: true, d: null, e: false, f: 0, g: -0.5, h: "" },
    { z: { y: [1, "two", null, { d: [], c: {} }], x: { "10": 1, "9": 2, "B": 3, "a": 4 } }, "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" },
    Object.assign(Object.create({ inherited: "kept" }), { own: 1 }),
    { special: { nan: NaN, infinite: Infinity, date: new Date(0) } },
];

const protobufRoundTrip = (value: Record<string, unknown>) => Struct.fromJavaScript(value).toJavaScript();
/** Equal values with keys in the same order. */
const same = (actual: unknown, expected: unknown, message?: string) => {
    assert.deepEqual(actual, expected, message);
    assert.equal(JSON.stringify(actual), JSON.stringify(expected), message);
};

describe("plain Structs between the SDK and the mock monitor", () => {
    it("give back what protobuf's Struct gives back, keys in its order", async () => {
        const expected = VALUES.map(protobufRoundTrip);
        const actual = await withPlainStructs(async () => VALUES.map((value) => {
            const struct = Struct.fromJavaScript(value);
            assert.ok(isPlainStruct(struct));
            return struct.toJavaScript();
        }));
        for (let i = 0; i < VALUES.length; i++) same(actual[i], expected[i], `value ${i}`);
    });

    it("refuse at once what protobuf refuses: undefined, a function, a hole in a list", async () => {
        for (const value of [{ a: undefined }, { a: () => 1 }, { a: [1, , 2] }]) {
            assert.throws(() => Struct.fromJavaScript(value), /^Error: Unexpected struct type\.$/);
            await withPlainStructs(async () => assert.throws(() => Struct.fromJavaScript(value), /^Error: Unexpected struct type\.$/));
        }
    });

    it("keep their value when the caller changes its object later, and give each reader its own copy", async () => {
        const value = { list: [1], nested: { a: 1 } };
        const struct = await withPlainStructs(async () => Struct.fromJavaScript(value));
        value.list.push(2);
        value.nested.a = 2;
        const first = struct.toJavaScript();
        first.nested.a = 3;
        same(struct.toJavaScript(), { list: [1], nested: { a: 1 } });
    });

    it("become protobuf's Struct when something reads their fields: the same map, the same bytes on the wire", async () => {
        for (const value of VALUES) {
            const plain = await withPlainStructs(async () => Struct.fromJavaScript(value));
            const real = Struct.fromJavaScript(value);
            assert.ok(!isPlainStruct(real), "outside withPlainStructs, Structs are protobuf's");
            assert.deepEqual(Buffer.from(plain.serializeBinary()), Buffer.from(real.serializeBinary()));
            assert.ok(!isPlainStruct(plain));
            same(plain.toJavaScript(), real.toJavaScript());
            assert.deepEqual(Array.from(plain.getFieldsMap().keys()), Array.from(real.getFieldsMap().keys()));
        }
    });
});
