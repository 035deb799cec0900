/**
 * What Redis and its metrics exporter read from files: the server config (a ConfigMap), the
 * users with their password hashes, and the exporter's password map (one Secret, mounted into
 * the Redis pod only). Passwords never reach a command line or an environment variable.
 */
import { createHash } from "node:crypto";
import { memoryBytes } from "../../shared/quantity";
import { clientAclRule, RedisClient } from "./acl";

export const REDIS_PORT = 6379;
export const REDIS_METRICS_PORT = 9121;
/** Where the config, the users file and the data live inside the Redis container. */
export const CONFIG_DIR = "/etc/redis";
export const CONFIG_FILE = "redis.conf";
export const DATA_DIR = "/data";
/** The keys of the Redis pod's Secret. */
export const USERS_KEY = "users.conf";
export const EXPORTER_PASSWORDS_KEY = "exporter-passwords.json";
export const PROBE_PASSWORD_KEY = "probe-password";
/** Where cert-manager's Secret for Redis is mounted: the serving certificate, its key and the CA that signed it. */
export const TLS_DIR = "/etc/redis/tls";
/** The keys of a cert-manager certificate Secret. */
export const TLS_FILES = { certificate: "tls.crt", key: "tls.key", ca: "ca.crt" } as const;

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

/** The user the exporter signs in as; each service signs in as its own user (acl.ts). */
export const EXPORTER_USER = "exporter";
/** The user of the pod's own probes: PING and nothing else. */
export const PROBE_USER = "probe";

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
 * redis.conf. Redis listens only with TLS, on the usual port (`port 0` closes the plaintext
 * one), with cert-manager's certificate; clients prove who they are with their ACL password,
 * not a client certificate. Persistence is the AOF alone (fsync every second, an RDB preamble
 * so a restart loads fast): RDB snapshots would fork a second time for a copy the volume
 * snapshots already make. Protected mode stays on so that, should the default user ever get
 * rights without a password, Redis answers only on loopback. The users come from `usersFile`,
 * mounted from the Secret.
 */
export function redisConfig(memoryLimit: string, usersFile: string): string {
    return [
        "port 0",
        `tls-port ${REDIS_PORT}`,
        `tls-cert-file ${TLS_DIR}/${TLS_FILES.certificate}`,
        `tls-key-file ${TLS_DIR}/${TLS_FILES.key}`,
        `tls-ca-cert-file ${TLS_DIR}/${TLS_FILES.ca}`,
        "tls-auth-clients no",
        'tls-protocols "TLSv1.2 TLSv1.3"',
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
 * Every user's rule without its password, by user name. `reset` first, so nothing of a
 * built-in or former rule survives: Redis's built-in `default` (what a plain `AUTH <password>`
 * signs in as, with no password and every command) is left disabled, without password or
 * rights. The exporter reads server statistics, the probe may PING, and each service gets its
 * own user (acl.ts). rename-command is deprecated in favour of these ACLs.
 */
export function userRules(clients: readonly RedisClient[]): { user: string; rule: string }[] {
    return [
        { user: "default", rule: "reset off" },
        { user: EXPORTER_USER, rule: `reset on -@all ${EXPORTER_COMMANDS.map((c) => `+${c}`).join(" ")}` },
        { user: PROBE_USER, rule: "reset on -@all +ping" },
        ...clients.map((client) => ({ user: client.name, rule: `reset on ${clientAclRule(client)}` })),
    ];
}

/**
 * The users file: `user` directives with SHA-256 password hashes, so the file holds no
 * password. Every user but `default` needs its password in `passwords`.
 */
export function usersFile(clients: readonly RedisClient[], passwords: Record<string, string>): string {
    return [
        ...userRules(clients).map(({ user, rule }) => {
            if (user === "default") return `user ${user} ${rule}`;
            const password = passwords[user];
            if (password === undefined) throw new Error(`Redis user ${user} has no password`);
            // The hash goes after `reset`, which would clear it.
            const [reset, ...rest] = rule.split(" ");
            return `user ${user} ${reset} #${sha256(password)} ${rest.join(" ")}`;
        }),
        "",
    ].join("\n");
}

/**
 * The digest of the users' rules, passwords left out: a pod annotation, so that a changed rule
 * (a new service, a new command) restarts Redis, which reads its users only at start.
 */
export function userRulesChecksum(clients: readonly RedisClient[]): string {
    return sha256(userRules(clients).map(({ user, rule }) => `${user} ${rule}`).join("\n"));
}

/** The address the exporter scrapes: its own pod's Redis, over TLS (the certificate names 127.0.0.1). */
export const EXPORTER_REDIS_ADDRESS = `rediss://127.0.0.1:${REDIS_PORT}`;

/**
 * redis_exporter's `--redis.password-file`: a JSON map from address to password, looked up
 * (v1.88.0, exporter/redis.go) by the address with `--redis.user` set as its user part.
 */
export function exporterPasswordFile(exporterPassword: string): string {
    const key = EXPORTER_REDIS_ADDRESS.replace("rediss://", `rediss://${EXPORTER_USER}@`);
    return JSON.stringify({ [key]: exporterPassword });
}

/** The config's digest, as a pod annotation: a changed config is a new revision, so the pod restarts with it. */
export function configChecksum(config: string): string {
    return sha256(config);
}
