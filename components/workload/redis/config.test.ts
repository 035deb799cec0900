import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { RedisClient } from "./acl";
import { configChecksum, exporterPasswordFile, maxMemoryBytes, redisConfig, userRulesChecksum, usersFile } from "./config";

const USERS = "/var/run/secrets/signal-trading/redis-users/users.conf";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const PASSWORDS = {
    gateway: "Gateway0Password1With2Letters3And4Digits",
    signal: "Signal0Password1With2Letters3And4Digits5",
    exporter: "Exporter0Password1With2Letters3And4Digit",
    probe: "Probe0Password1With2Letters3And4Digits56",
};
const CLIENTS: RedisClient[] = [
    { name: "gateway", pods: { app: "gateway" }, access: { keyPrefixes: ["session", "revoked-token"], channelPrefixes: ["signal"], commands: ["get", "set", "subscribe"] } },
    { name: "signal", pods: { app: "signal" }, access: { keyPrefixes: ["signal"], channelPrefixes: ["signal"], commands: ["set", "publish"] } },
];
const line = (user: string) => usersFile(CLIENTS, PASSWORDS).split("\n").find((l) => l.startsWith(`user ${user} `));

describe("Redis config files", () => {
    it("persists to an AOF in /data fsynced every second with an RDB preamble, and takes no RDB snapshots", () => {
        const lines = redisConfig("512Mi", USERS).split("\n");
        for (const line of ["dir /data", "appendonly yes", "appendfsync everysec", "aof-use-rdb-preamble yes", 'save ""']) {
            assert.ok(lines.includes(line), `missing ${line}`);
        }
    });

    it("caps data at three quarters of the memory limit and refuses writes when full instead of evicting keys", () => {
        const lines = redisConfig("512Mi", USERS).split("\n");
        assert.ok(lines.includes("maxmemory 402653184"), "512Mi × 0.75 = 384Mi");
        assert.ok(lines.includes("maxmemory-policy noeviction"));
        assert.equal(maxMemoryBytes("1Gi"), 805306368);
        assert.equal(maxMemoryBytes("1G"), 750000000);
    });

    it("refuses a memory limit that is not a quantity", () => {
        assert.throws(() => maxMemoryBytes("lots"), /memory limit "lots" is not a Kubernetes quantity/);
    });

    it("reads its users from the mounted file, listens only with TLS on 6379 with cert-manager's files and keeps protected mode on", () => {
        assert.equal(redisConfig("512Mi", USERS), [
            "port 0",
            "tls-port 6379",
            "tls-cert-file /etc/redis/tls/tls.crt",
            "tls-key-file /etc/redis/tls/tls.key",
            "tls-ca-cert-file /etc/redis/tls/ca.crt",
            "tls-auth-clients no",
            'tls-protocols "TLSv1.2 TLSv1.3"',
            "protected-mode yes",
            "dir /data",
            "appendonly yes",
            "appendfsync everysec",
            "aof-use-rdb-preamble yes",
            'save ""',
            "maxmemory 402653184",
            "maxmemory-policy noeviction",
            `include ${USERS}`,
            "",
        ].join("\n"));
    });

    it("holds no password of its own: neither requirepass nor a user", () => {
        assert.doesNotMatch(redisConfig("512Mi", USERS), /requirepass|^user /m);
    });

    it("disables the default user: no password, no command, no key", () => {
        assert.equal(usersFile(CLIENTS, PASSWORDS).split("\n")[0], "user default reset off");
    });

    it("gives each service its own user by its password's SHA-256, only its key and channel patterns, the handshake and its commands", () => {
        assert.equal(line("gateway"), `user gateway reset #${sha256(PASSWORDS.gateway)} on resetchannels ~session:* ~revoked-token:* &signal:* -@all +ping +hello +client|setname +client|setinfo +get +set +subscribe`);
        assert.equal(line("signal"), `user signal reset #${sha256(PASSWORDS.signal)} on resetchannels ~signal:* &signal:* -@all +ping +hello +client|setname +client|setinfo +set +publish`);
    });

    it("lets the exporter run only the statistics commands it scrapes, on no key, and the probe only PING", () => {
        assert.equal(line("exporter"), `user exporter reset #${sha256(PASSWORDS.exporter)} on -@all +client|setname +info +config|get +latency|latest +latency|histogram +slowlog|get +slowlog|len`);
        assert.doesNotMatch(line("exporter")!, /~|&/);
        assert.equal(line("probe"), `user probe reset #${sha256(PASSWORDS.probe)} on -@all +ping`);
    });

    it("writes no password in clear into the users file", () => {
        const users = usersFile(CLIENTS, PASSWORDS);
        for (const password of Object.values(PASSWORDS)) assert.ok(!users.includes(password));
        assert.equal(users.split("\n").length, 6, "default, exporter, probe, two services and the final newline");
    });

    it("refuses a user without a password", () => {
        assert.throws(() => usersFile(CLIENTS, { ...PASSWORDS, signal: undefined } as unknown as Record<string, string>), /Redis user signal has no password/);
    });

    it("digests the rules without the passwords, so a new command is a new digest and a new password is not", () => {
        const more = structuredClone(CLIENTS);
        more[1].access.commands.push("get");
        assert.notEqual(userRulesChecksum(CLIENTS), userRulesChecksum(more));
        assert.equal(userRulesChecksum(CLIENTS), userRulesChecksum(structuredClone(CLIENTS)));
    });

    it("gives the exporter its password as redis_exporter's JSON map, keyed by the address with its user", () => {
        assert.deepEqual(JSON.parse(exporterPasswordFile(PASSWORDS.exporter)), { "rediss://exporter@127.0.0.1:6379": PASSWORDS.exporter });
    });

    it("digests the config so that any change is a new digest", () => {
        assert.equal(configChecksum("port 6379\n"), sha256("port 6379\n"));
        assert.notEqual(configChecksum(redisConfig("512Mi", USERS)), configChecksum(redisConfig("1Gi", USERS)));
    });
});
