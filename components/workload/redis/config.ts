/**
 * What Redis and its metrics exporter read from files: the server config (a ConfigMap), the
 * users with their password hashes, and the exporter's password map (one Secret, mounted into
 * the Redis pod only). Passwords never reach a command line or an environment variable.
 */
import { createHash } from "node:crypto";
import { memoryBytes } from "../../shared/quantity";

export const REDIS_PORT = 6379;
export const REDIS_METRICS_PORT = 9121;
/** Where the config, the users file and the data live inside the Redis container. */
export const CONFIG_DIR = "/etc/redis";
export const CONFIG_FILE = "redis.conf";
export const DATA_DIR = "/data";
/** The keys of the Redis pod's Secret. */
export const USERS_KEY = "users.conf";
export const EXPORTER_PASSWORDS_KEY = "exporter-passwords.json";

/**
 * Share of the container's memory limit that Redis may fill with data. The rest covers the
 * copy-on-write pages of the fork that rewrites the AOF, client buffers and the allocator's
 * fragmentation: ElastiCache reserves the same quarter for these by default.
 */
export const MAXMEMORY_SHARE = 0.75;

/**
 * Redis refuses writes when full instead of evicting keys: the gateway keeps sessions and
 * token revocations here, and a revocation evicted under memory pressure would make a revoked
 * token valid again. A full Redis shows as write errors and as the memory alert, not as
 * silently missing keys; cache entries carry TTLs, so they free memory by expiring.
 */
export const MAXMEMORY_POLICY = "noeviction";

/** The user the exporter signs in as; the services use Redis's `default` user. */
export const EXPORTER_USER = "exporter";

/**
 * The commands a scrape of a standalone Redis runs with our flags (redis_exporter v1.88.0,
 * exporter.go scrapeRedisHost: CLIENT SETNAME, INFO, CONFIG GET, LATENCY, SLOWLOG). Its other
 * calls (CLUSTER, key checks, Valkey's COMMANDLOG) are switched off or fail without effect.
 */
const EXPORTER_COMMANDS = ["client|setname", "info", "config|get", "latency|latest", "latency|histogram", "slowlog|get", "slowlog|len"];

/** Bytes Redis may use for data under a container memory limit such as `512Mi`. */
export function maxMemoryBytes(memoryLimit: string): number {
    const limit = memoryBytes(memoryLimit);
    if (limit === undefined) throw new Error(`memory limit ${JSON.stringify(memoryLimit)} is not a Kubernetes quantity`);
    return Math.floor(limit * MAXMEMORY_SHARE);
}

/**
 * redis.conf. Persistence is the AOF alone (fsync every second, an RDB preamble so a restart
 * loads fast): RDB snapshots would fork a second time for a copy the volume snapshots already
 * make. Protected mode stays on so that, should the default user ever lose its password, Redis
 * answers only on loopback. The users come from `usersFile`, mounted from the Secret.
 */
export function redisConfig(memoryLimit: string, usersFile: string): string {
    return [
        `port ${REDIS_PORT}`,
        "protected-mode yes",
        `dir ${DATA_DIR}`,
        "appendonly yes",
        "appendfsync everysec",
        "aof-use-rdb-preamble yes",
        'save ""',
        `maxmemory ${maxMemoryBytes(memoryLimit)}`,
        `maxmemory-policy ${MAXMEMORY_POLICY}`,
        `include ${usersFile}`,
        "",
    ].join("\n");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The users, as `user` directives with SHA-256 password hashes, so the file holds no password.
 * `default` (what a client's plain `AUTH <password>` signs in as) may run everything but the
 * @dangerous commands (FLUSHALL, KEYS, CONFIG, DEBUG, SHUTDOWN, MONITOR, ACL, ...): rename-command
 * is deprecated in favour of ACLs. The exporter reads server statistics and nothing else.
 * `reset` first, so nothing of Redis's built-in `default` (no password, every command) survives.
 */
export function usersFile(passwords: { clients: string; exporter: string }): string {
    return [
        `user default reset on #${sha256(passwords.clients)} ~* &* +@all -@dangerous`,
        `user ${EXPORTER_USER} reset on #${sha256(passwords.exporter)} -@all ${EXPORTER_COMMANDS.map((c) => `+${c}`).join(" ")}`,
        "",
    ].join("\n");
}

/** The address the exporter scrapes: its own pod's Redis. */
export const EXPORTER_REDIS_ADDRESS = `redis://127.0.0.1:${REDIS_PORT}`;

/**
 * redis_exporter's `--redis.password-file`: a JSON map from address to password, looked up
 * (v1.88.0, exporter/redis.go) by the address with `--redis.user` set as its user part.
 */
export function exporterPasswordFile(exporterPassword: string): string {
    const key = EXPORTER_REDIS_ADDRESS.replace("redis://", `redis://${EXPORTER_USER}@`);
    return JSON.stringify({ [key]: exporterPassword });
}

/** The config's digest, as a pod annotation: a changed config is a new revision, so the pod restarts with it. */
export function configChecksum(config: string): string {
    return sha256(config);
}
