import { strict as assert } from "node:assert";
import { SERVICES } from "../../../stacks/services";
import { redisClients } from "../traffic";
import { clientAclRule, needsJustification, RedisClient, validateRedisClients } from "./acl";

const client = (change: (c: RedisClient) => void = () => undefined): RedisClient => {
    const c: RedisClient = { name: "quotes", pods: { app: "quotes" }, access: { keyPrefixes: ["quote"], channelPrefixes: [], commands: ["get", "set"] } };
    change(c);
    return c;
};

describe("Redis users of the services", () => {
    it("accepts the services' definitions as they are", () => {
        assert.deepEqual(validateRedisClients(redisClients(SERVICES)), []);
    });

    it("keeps the internet-facing gateway away from other services' keys, key listing, scripts and publishing signals", () => {
        const gateway = redisClients(SERVICES).find((c) => c.name === "gateway")!;
        const rule = clientAclRule(gateway);
        assert.doesNotMatch(rule, /~\*|&\*|\+@|\+keys|\+scan|\+eval|\+publish|\+flush|\+script|\+function/);
        assert.match(rule, /^resetchannels ~session:\* ~revoked-token:\* &signal:\* -@all /);
        const signal = redisClients(SERVICES).find((c) => c.name === "signal")!;
        assert.ok(signal.access.commands.includes("publish"), "the signal engine is the one publisher");
    });

    it("gives no two services the same key prefix", () => {
        const prefixes = redisClients(SERVICES).flatMap((c) => c.access.keyPrefixes);
        assert.equal(new Set(prefixes).size, prefixes.length);
    });

    it("refuses a user without a key prefix, and prefixes with glob characters", () => {
        assert.deepEqual(validateRedisClients([client((c) => { c.access.keyPrefixes = []; })]), [
            "stacks/services/quotes.ts:uses.redis.keyPrefixes: name at least one key prefix; a Redis user without one would be given no keys or, widened by hand, all of them",
        ]);
        assert.deepEqual(validateRedisClients([client((c) => { c.access.keyPrefixes = ["quote*"]; c.access.channelPrefixes = ["[a-z]"]; })]), [
            'stacks/services/quotes.ts:uses.redis.keyPrefixes[0]: "quote*" is not a lowercase word (a-z, 0-9, -); glob characters would widen the pattern',
            'stacks/services/quotes.ts:uses.redis.channelPrefixes[0]: "[a-z]" is not a lowercase word (a-z, 0-9, -); glob characters would widen the pattern',
        ]);
    });

    it("refuses dangerous commands and categories without a reason, naming each", () => {
        const problems = validateRedisClients([client((c) => { c.access.commands = ["get", "keys", "flushall", "eval", "script|load", "config|set", "debug", "@read", "client|kill", "scan"]; })]);
        assert.deepEqual(problems.map((p) => p.split(":").slice(0, 2).join(":")), [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `stacks/services/quotes.ts:uses.redis.commands[${i}]`));
        assert.match(problems[6], /"@read" is a category, which grants every command Redis adds to it; list single commands, or give the reason in justifications\["@read"\]/);
        assert.match(problems[0], /"keys" reaches beyond the service's own keys or controls the server/);
    });

    it("accepts a dangerous command with its reason, and refuses a reason for a command not listed or an empty one", () => {
        assert.deepEqual(validateRedisClients([client((c) => {
            c.access.commands = ["get", "evalsha"];
            c.access.justifications = { evalsha: "the order book's atomic compare-and-swap; the script touches only quote:* keys it is given" };
        })]), []);
        assert.deepEqual(validateRedisClients([client((c) => { c.access.commands = ["eval"]; c.access.justifications = { eval: " ", keys: "listing" }; })]), [
            'stacks/services/quotes.ts:uses.redis.commands[0]: "eval" reaches beyond the service\'s own keys or controls the server; list single commands, or give the reason in justifications["eval"]',
            'stacks/services/quotes.ts:uses.redis.justifications: "keys" is not among the commands',
        ]);
    });

    it("refuses malformed commands, an empty command list, a shared key prefix, a platform user name and pods without labels", () => {
        assert.deepEqual(validateRedisClients([
            client((c) => { c.access.commands = ["+GET"]; }),
            client((c) => { c.name = "exporter"; c.pods = {}; c.access.commands = []; }),
        ]), [
            'stacks/services/quotes.ts:uses.redis.commands[0]: "+GET" is not a lowercase command, command|subcommand or @category',
            'stacks/services/exporter.ts:uses.redis: the Redis user "exporter" is the platform\'s; rename the service',
            "stacks/services/exporter.ts:uses.redis: the service's pods have no labels to select; name them",
            'stacks/services/exporter.ts:uses.redis.keyPrefixes[0]: "quote" is already quotes\'s; a key prefix belongs to one service',
            "stacks/services/exporter.ts:uses.redis.commands: name the commands the service runs",
        ]);
    });

    it("treats the handshake's CLIENT subcommands as safe and every other CLIENT subcommand as dangerous", () => {
        assert.equal(needsJustification("client|setname"), false);
        assert.equal(needsJustification("client|list"), true);
        assert.equal(needsJustification("get"), false);
    });
});
