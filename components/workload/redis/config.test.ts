import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { configChecksum, exporterPasswordFile, maxMemoryBytes, redisConfig, usersFile } from "./config";

const USERS = "/var/run/secrets/signal-trading/redis-users/users.conf";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const PASSWORDS = { clients: "Clients0Password1With2Letters3And4Digits", exporter: "Exporter0Password1With2Letters3And4Digit" };

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

    it("reads its users from the mounted file, listens on 6379 and keeps protected mode on", () => {
        assert.equal(redisConfig("512Mi", USERS), [
            "port 6379",
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

    it("defines the default user by its password's SHA-256, every command but the @dangerous ones, all keys and channels", () => {
        const [defaultUser] = usersFile(PASSWORDS).split("\n");
        assert.equal(defaultUser, `user default reset on #${sha256(PASSWORDS.clients)} ~* &* +@all -@dangerous`);
    });

    it("lets the exporter run only the statistics commands it scrapes, on no key", () => {
        const exporter = usersFile(PASSWORDS).split("\n")[1];
        assert.equal(exporter, `user exporter reset on #${sha256(PASSWORDS.exporter)} -@all +client|setname +info +config|get +latency|latest +latency|histogram +slowlog|get +slowlog|len`);
        assert.doesNotMatch(exporter, /~|&/);
    });

    it("writes no password in clear into the users file", () => {
        const users = usersFile(PASSWORDS);
        assert.ok(!users.includes(PASSWORDS.clients) && !users.includes(PASSWORDS.exporter));
        assert.equal(users.split("\n").length, 3, "two users and the final newline");
    });

    it("gives the exporter its password as redis_exporter's JSON map, keyed by the address with its user", () => {
        assert.deepEqual(JSON.parse(exporterPasswordFile(PASSWORDS.exporter)), { "redis://exporter@127.0.0.1:6379": PASSWORDS.exporter });
    });

    it("digests the config so that any change is a new digest", () => {
        assert.equal(configChecksum("port 6379\n"), sha256("port 6379\n"));
        assert.notEqual(configChecksum(redisConfig("512Mi", USERS)), configChecksum(redisConfig("1Gi", USERS)));
    });
});
