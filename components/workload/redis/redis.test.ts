import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { Registrations, registrationsOf } from "../../../test/harness";
import { isSecretWire } from "../../../test/outputs";
import { containsSecret } from "../../../tools/offline/wire";
import { exporterPasswordFile, usersFile } from "./config";
import { Redis, RedisArgs } from "./redis";
import {
    RedisSpec, renderRedisConfigMap, renderRedisNetworkPolicy, renderRedisPodDisruptionBudget, renderRedisServiceAccount,
    renderRedisServiceMonitor, renderRedisServices, renderRedisStatefulSet,
} from "./render";

const COMPONENT = "signal-trading:workload:Redis";
const SECRET = "kubernetes:core/v1:Secret";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SPEC: RedisSpec = {
    namespace: "signal-trading",
    image: `docker.io/library/redis:8.10.1-alpine@sha256:${"a".repeat(64)}`,
    exporterImage: `ghcr.io/oliver006/redis_exporter:v1.88.0@sha256:${"b".repeat(64)}`,
    storageGiB: 20,
    storageClassName: "gp3-encrypted",
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    priorityClassName: "signal-trading-critical",
    clients: [{ "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" }],
};

describe("Redis component", () => {
    let r: Registrations;
    let redis: Redis;
    before(async () => {
        r = await registrationsOf(() => {
            const provider = new k8s.Provider("prod-k8s", {});
            // Stands in for the prometheus-operator-crds add-on's release.
            const crds = new random.RandomId("prometheus-operator-crds", { byteLength: 4 });
            const args: RedisArgs = { ...SPEC, monitoringCrds: [crds] };
            redis = new Redis("prod-redis", args, { providers: { kubernetes: provider } });
        });
    });
    const component = () => r.one(COMPONENT, "prod-redis");
    const password = (name: string) => r.outputs(r.one(PASSWORD, name)).result as string;
    const secret = (name: string) => r.one(SECRET, name);

    it("registers as signal-trading:workload:Redis and parents each child to itself", () => {
        const children = r.all.filter((x) => x.parent === component().urn).map((x) => `${x.type} ${x.name}`).sort();
        assert.deepEqual(children, [
            "kubernetes:apps/v1:StatefulSet prod-redis-statefulset",
            "kubernetes:core/v1:ConfigMap prod-redis-config",
            "kubernetes:core/v1:Secret prod-redis-auth",
            "kubernetes:core/v1:Secret prod-redis-server-auth",
            "kubernetes:core/v1:Service prod-redis-headless-service",
            "kubernetes:core/v1:Service prod-redis-service",
            "kubernetes:core/v1:ServiceAccount prod-redis-service-account",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor prod-redis-service-monitor",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-redis-network-policy",
            "kubernetes:policy/v1:PodDisruptionBudget prod-redis-pdb",
            "random:index/randomPassword:RandomPassword prod-redis-exporter-password",
            "random:index/randomPassword:RandomPassword prod-redis-password",
        ]);
    });

    it("generates two 32-character passwords of letters and digits", () => {
        for (const name of ["prod-redis-password", "prod-redis-exporter-password"]) {
            const inputs = r.inputs(r.one(PASSWORD, name));
            assert.equal(inputs.length, 32, name);
            assert.equal(inputs.special, false, name);
        }
    });

    it("keeps both Secrets' files secret on their way to the engine", () => {
        for (const name of ["prod-redis-auth", "prod-redis-server-auth"]) assert.ok(isSecretWire(secret(name).inputs.stringData), name);
    });

    it("hands the services the generated password in redis-auth, under `password`", () => {
        const inputs = r.inputs(secret("prod-redis-auth"));
        assert.equal(inputs.metadata.name, "redis-auth");
        assert.deepEqual(inputs.stringData, { password: password("prod-redis-password") });
    });

    it("gives the Redis pod the users file and the exporter's password map of the generated passwords", () => {
        const inputs = r.inputs(secret("prod-redis-server-auth"));
        const passwords = { clients: password("prod-redis-password"), exporter: password("prod-redis-exporter-password") };
        assert.equal(inputs.metadata.name, "redis-server-auth");
        assert.deepEqual(inputs.stringData, { "users.conf": usersFile(passwords), "exporter-passwords.json": exporterPasswordFile(passwords.exporter) });
        assert.ok(inputs.stringData["users.conf"].includes(createHash("sha256").update(passwords.clients).digest("hex")));
    });

    it("lets no password reach any other resource's inputs", () => {
        const passwords = [password("prod-redis-password"), password("prod-redis-exporter-password")];
        for (const resource of r.all.filter((x) => x.type !== SECRET && x.type !== PASSWORD)) {
            assert.equal(containsSecret(resource.inputs), false, resource.name);
            const text = JSON.stringify(r.inputs(resource));
            for (const value of passwords) assert.ok(!text.includes(value), `${resource.name} holds a password`);
        }
    });

    it("creates exactly the rendered objects", () => {
        const { service, headless } = renderRedisServices(SPEC);
        const expected: [string, string, object][] = [
            ["kubernetes:apps/v1:StatefulSet", "prod-redis-statefulset", renderRedisStatefulSet(SPEC)],
            ["kubernetes:core/v1:ConfigMap", "prod-redis-config", renderRedisConfigMap(SPEC)],
            ["kubernetes:core/v1:ServiceAccount", "prod-redis-service-account", renderRedisServiceAccount(SPEC)],
            ["kubernetes:core/v1:Service", "prod-redis-service", service],
            ["kubernetes:core/v1:Service", "prod-redis-headless-service", headless],
            ["kubernetes:policy/v1:PodDisruptionBudget", "prod-redis-pdb", renderRedisPodDisruptionBudget(SPEC)],
            ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "prod-redis-network-policy", renderRedisNetworkPolicy(SPEC)],
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "prod-redis-service-monitor", renderRedisServiceMonitor(SPEC)],
        ];
        for (const [type, name, object] of expected) {
            const { apiVersion: _apiVersion, kind: _kind, ...inputs } = r.inputs(r.one(type, name));
            const { apiVersion: _a, kind: _k, ...rendered } = object as Record<string, unknown>;
            assert.deepEqual(inputs, JSON.parse(JSON.stringify(rendered)), name);
        }
    });

    it("creates the ServiceMonitor after the monitoring CRDs, and the StatefulSet after what its pod mounts and runs as", () => {
        const crds = r.one("random:index/randomId:RandomId", "prometheus-operator-crds");
        assert.ok(r.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor").dependencies.includes(crds.urn));
        const dependencies = r.one("kubernetes:apps/v1:StatefulSet").dependencies;
        for (const [type, name] of [[SECRET, "prod-redis-auth"], [SECRET, "prod-redis-server-auth"], ["kubernetes:core/v1:ConfigMap", "prod-redis-config"],
            ["kubernetes:core/v1:ServiceAccount", "prod-redis-service-account"], ["kubernetes:core/v1:Service", "prod-redis-headless-service"]]) {
            assert.ok(dependencies.includes(r.one(type, name).urn), `the StatefulSet does not wait for ${name}`);
        }
    });

    it("creates its Kubernetes objects through the provider it is given", () => {
        const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
        for (const resource of r.all.filter((x) => x.type.startsWith("kubernetes:") && x.parent === component().urn)) assert.equal(resource.provider, provider, resource.name);
    });

    it("tells the services where Redis is and which Secret holds its password", () => {
        assert.equal(redis.host, "redis.signal-trading.svc.cluster.local");
        assert.equal(redis.port, 6379);
        assert.equal(redis.passwordSecretName, "redis-auth");
    });

    it("refuses an unsound spec with every problem in one error", async () => {
        await registrationsOf(() => {
            assert.throws(
                () => new Redis("bad-redis", { ...SPEC, image: "redis:latest", clients: [{}], monitoringCrds: [] }),
                /^Error: Redis bad-redis: image "redis:latest" is not the official .*; clients\[0\] selects every pod of the namespace; name the client's labels$/,
            );
        });
    });
});
