/**
 * The Redis users of the services: one ACL user per service that uses Redis, limited to the
 * keys and channels under its prefixes and to the commands its definition lists (spec.ts
 * RedisAccess). Pure: checks and renders the rules; config.ts adds the password hashes.
 */
import { RedisAccess } from "../spec";

/** A service that signs in to Redis: its name (also its Redis user), its pods and its rights. */
export interface RedisClient {
    name: string;
    /** Selector labels of its pods: Redis's NetworkPolicy lets exactly these in. */
    pods: Record<string, string>;
    access: RedisAccess;
}

/**
 * What every client library sends on connecting (go-redis, redis-py, ioredis, Lettuce): a
 * readiness PING, HELLO for RESP3, CLIENT SETNAME / SETINFO. None touches data.
 */
export const HANDSHAKE_COMMANDS = ["ping", "hello", "client|setname", "client|setinfo"] as const;

/**
 * Commands a service may list only with a reason: Redis's @dangerous and @admin categories
 * (server control, replication, every key at once), scripting (a script runs any command on
 * keys it computes, which key patterns cannot check in advance), and the commands that list
 * every key name whatever the user's key patterns (KEYS, SCAN, RANDOMKEY) or reach other
 * databases (SELECT, SWAPDB, MOVE). A bare `client` would include CLIENT KILL / LIST / PAUSE.
 */
export const DANGEROUS_COMMANDS: ReadonlySet<string> = new Set([
    "acl", "bgrewriteaof", "bgsave", "client", "cluster", "config", "debug", "failover", "flushall", "flushdb", "info", "keys",
    "lastsave", "latency", "memory", "migrate", "module", "monitor", "psync", "pfdebug", "pfselftest", "replconf", "replicaof",
    "restore", "restore-asking", "role", "save", "shutdown", "slaveof", "slowlog", "sort", "sort_ro", "swapdb", "sync",
    "eval", "evalsha", "eval_ro", "evalsha_ro", "script", "fcall", "fcall_ro", "function",
    "scan", "randomkey", "select", "move", "object", "wait", "waitaof",
]);

/** Redis user names the platform itself uses; no service may take one. */
export const RESERVED_USERS: ReadonlySet<string> = new Set(["default", "exporter", "probe"]);

const PREFIX = /^[a-z][a-z0-9-]*$/;
const COMMAND = /^[a-z][a-z0-9_-]*(\|[a-z][a-z0-9_-]*)?$/;
const CATEGORY = /^@[a-z]+$/;

/** Whether a listed command needs a reason: a category, a dangerous command, or any subcommand of a dangerous one but the handshake's. */
export function needsJustification(command: string): boolean {
    if (CATEGORY.test(command)) return true;
    if ((HANDSHAKE_COMMANDS as readonly string[]).includes(command)) return false;
    return DANGEROUS_COMMANDS.has(command.split("|")[0]);
}

/** Where a service's Redis rights are written, for error messages. */
export function redisAccessPath(service: string): string {
    return `stacks/services/${service}.ts:uses.redis`;
}

/** Every problem with the services' Redis rights, each naming the definition field. */
export function validateRedisClients(clients: readonly RedisClient[]): string[] {
    const problems: string[] = [];
    const keyOwners = new Map<string, string>();
    for (const { name, pods, access } of clients) {
        const at = redisAccessPath(name);
        if (RESERVED_USERS.has(name)) problems.push(`${at}: the Redis user ${JSON.stringify(name)} is the platform's; rename the service`);
        // An empty selector would let every pod of the namespace in.
        if (Object.keys(pods).length === 0) problems.push(`${at}: the service's pods have no labels to select; name them`);
        if (access.keyPrefixes.length === 0) problems.push(`${at}.keyPrefixes: name at least one key prefix; a Redis user without one would be given no keys or, widened by hand, all of them`);
        access.keyPrefixes.forEach((prefix, index) => {
            if (!PREFIX.test(prefix)) problems.push(`${at}.keyPrefixes[${index}]: ${JSON.stringify(prefix)} is not a lowercase word (a-z, 0-9, -); glob characters would widen the pattern`);
            const owner = keyOwners.get(prefix);
            if (owner !== undefined && owner !== name) problems.push(`${at}.keyPrefixes[${index}]: ${JSON.stringify(prefix)} is already ${owner}'s; a key prefix belongs to one service`);
            keyOwners.set(prefix, name);
        });
        access.channelPrefixes.forEach((prefix, index) => {
            if (!PREFIX.test(prefix)) problems.push(`${at}.channelPrefixes[${index}]: ${JSON.stringify(prefix)} is not a lowercase word (a-z, 0-9, -); glob characters would widen the pattern`);
        });
        if (access.commands.length === 0) problems.push(`${at}.commands: name the commands the service runs`);
        const justifications = access.justifications ?? {};
        access.commands.forEach((command, index) => {
            if (!COMMAND.test(command) && !CATEGORY.test(command)) {
                problems.push(`${at}.commands[${index}]: ${JSON.stringify(command)} is not a lowercase command, command|subcommand or @category`);
            } else if (needsJustification(command) && !(justifications[command]?.trim())) {
                const what = CATEGORY.test(command) ? "is a category, which grants every command Redis adds to it" : "reaches beyond the service's own keys or controls the server";
                problems.push(`${at}.commands[${index}]: ${JSON.stringify(command)} ${what}; list single commands, or give the reason in justifications[${JSON.stringify(command)}]`);
            }
        });
        for (const command of Object.keys(justifications)) {
            if (!access.commands.includes(command)) problems.push(`${at}.justifications: ${JSON.stringify(command)} is not among the commands`);
        }
    }
    return problems;
}

/**
 * The ACL rule of a service's user, without its password: `reset` first (nothing of a former
 * rule survives, channels included), its key and channel patterns, then no command but the
 * handshake and its own.
 */
export function clientAclRule(client: RedisClient): string {
    const commands = [...new Set([...HANDSHAKE_COMMANDS, ...client.access.commands])];
    return [
        "resetchannels",
        ...client.access.keyPrefixes.map((prefix) => `~${prefix}:*`),
        ...client.access.channelPrefixes.map((prefix) => `&${prefix}:*`),
        "-@all",
        ...commands.map((command) => `+${command}`),
    ].join(" ");
}
