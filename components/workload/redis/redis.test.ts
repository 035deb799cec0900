import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Registrations, registrationsOf } from "../../../test/harness";
import { isSecretWire } from "../../../test/outputs";
import { DeployedResource } from "../../../tools/offline/mocks";
import { containsSecret } from "../../../tools/offline/wire";
import { RedisClient } from "./acl";
import { exporterPasswordFile, usersFile } from "./config";
import { Redis, RedisArgs } from "./redis";
import {
    RedisSpec, renderRedisConfigMap, renderRedisDataVolumeSize, renderRedisNetworkPolicy, renderRedisPodDisruptionBudget, renderRedisServiceAccount,
    renderRedisServiceMonitor, renderRedisServices, renderRedisStatefulSet, renderRedisTls,
} from "./render";

const COMPONENT = "signal-trading:workload:Redis";
const SECRET = "kubernetes:core/v1:Secret";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const CLAIM_PATCH = "kubernetes:core/v1:PersistentVolumeClaimPatch";
const STORAGE_SETTING = "signal-trading:redis.storageGiB";
const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const SPEC: RedisSpec = {
    namespace: "signal-trading",
    image: { tag: "8.10.1-alpine", digest: `sha256:${"a".repeat(64)}` },
    exporterImage: { tag: "v1.88.0", digest: `sha256:${"b".repeat(64)}` },
    storageGiB: 20,
    storageClassName: "gp3-encrypted",
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    priorityClassName: "signal-trading-critical",
    clients: [
        { name: "gateway", pods: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" }, access: { keyPrefixes: ["session"], channelPrefixes: ["signal"], commands: ["get", "set", "subscribe"] } },
        { name: "signal", pods: { "app.kubernetes.io/name": "signal", "app.kubernetes.io/instance": "signal" }, access: { keyPrefixes: ["signal"], channelPrefixes: ["signal"], commands: ["set", "publish"] } },
    ] satisfies RedisClient[],
};
const CLIENT_PASSWORDS = ["prod-redis-gateway-password", "prod-redis-signal-password"];
const ALL_PASSWORDS = [...CLIENT_PASSWORDS, "prod-redis-exporter-password", "prod-redis-probe-password"];

describe("Redis component", () => {
    let r: Registrations;
    let redis: Redis;
    before(async () => {
        r = await registrationsOf(() => {
            const provider = new k8s.Provider("prod-k8s", {});
            // Stands in for the prometheus-operator-crds add-on's release.
            const crds = new random.RandomId("prometheus-operator-crds", { byteLength: 4 });
            // And for the cert-manager add-on.
            const certManager = new random.RandomId("cert-manager", { byteLength: 4 });
            const args: RedisArgs = { ...SPEC, registry: REGISTRY, monitoringCrds: [crds], certManager: [certManager], storageSetting: STORAGE_SETTING };
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
            "kubernetes:cert-manager.io/v1:Certificate prod-redis-ca-certificate",
            "kubernetes:cert-manager.io/v1:Certificate prod-redis-certificate",
            "kubernetes:cert-manager.io/v1:Issuer prod-redis-ca-issuer",
            "kubernetes:cert-manager.io/v1:Issuer prod-redis-self-signed-issuer",
            "kubernetes:core/v1:ConfigMap prod-redis-config",
            "kubernetes:core/v1:PersistentVolumeClaimPatch prod-redis-data-size",
            "kubernetes:core/v1:Secret prod-redis-gateway-auth",
            "kubernetes:core/v1:Secret prod-redis-server-auth",
            "kubernetes:core/v1:Secret prod-redis-signal-auth",
            "kubernetes:core/v1:Service prod-redis-headless-service",
            "kubernetes:core/v1:Service prod-redis-service",
            "kubernetes:core/v1:ServiceAccount prod-redis-service-account",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor prod-redis-service-monitor",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy prod-redis-network-policy",
            "kubernetes:policy/v1:PodDisruptionBudget prod-redis-pdb",
            "random:index/randomPassword:RandomPassword prod-redis-exporter-password",
            "random:index/randomPassword:RandomPassword prod-redis-gateway-password",
            "random:index/randomPassword:RandomPassword prod-redis-probe-password",
            "random:index/randomPassword:RandomPassword prod-redis-signal-password",
        ]);
    });

    it("generates a 32-character password of letters and digits per user: each service, the exporter and the probe", () => {
        for (const name of ALL_PASSWORDS) {
            const inputs = r.inputs(r.one(PASSWORD, name));
            assert.equal(inputs.length, 32, name);
            assert.equal(inputs.special, false, name);
        }
    });

    it("keeps both Secrets' files secret on their way to the engine", () => {
        for (const name of ["prod-redis-gateway-auth", "prod-redis-signal-auth", "prod-redis-server-auth"]) assert.ok(isSecretWire(secret(name).inputs.stringData), name);
    });

    it("hands each service its own user name and generated password in redis-<service>-auth", () => {
        for (const service of ["gateway", "signal"]) {
            const inputs = r.inputs(secret(`prod-redis-${service}-auth`));
            assert.equal(inputs.metadata.name, `redis-${service}-auth`);
            assert.deepEqual(inputs.stringData, { username: service, password: password(`prod-redis-${service}-password`) });
        }
        assert.notEqual(password("prod-redis-gateway-password"), password("prod-redis-signal-password"));
    });

    it("gives the Redis pod the users file, the exporter's password map and the probe's password, of the generated passwords", () => {
        const inputs = r.inputs(secret("prod-redis-server-auth"));
        const passwords = Object.fromEntries(["gateway", "signal", "exporter", "probe"].map((user) => [user, password(`prod-redis-${user}-password`)]));
        assert.equal(inputs.metadata.name, "redis-server-auth");
        assert.deepEqual(inputs.stringData, {
            "users.conf": usersFile(SPEC.clients, passwords), "exporter-passwords.json": exporterPasswordFile(passwords.exporter), "probe-password": passwords.probe,
        });
        assert.ok(inputs.stringData["users.conf"].includes(createHash("sha256").update(passwords.gateway).digest("hex")));
    });

    it("lets no password reach any other resource's inputs", () => {
        const passwords = ALL_PASSWORDS.map(password);
        for (const resource of r.all.filter((x) => x.type !== SECRET && x.type !== PASSWORD)) {
            assert.equal(containsSecret(resource.inputs), false, resource.name);
            const text = JSON.stringify(r.inputs(resource));
            for (const value of passwords) assert.ok(!text.includes(value), `${resource.name} holds a password`);
        }
    });

    it("creates exactly the rendered objects", () => {
        const { service, headless } = renderRedisServices(SPEC);
        const expected: [string, string, object][] = [
            ["kubernetes:apps/v1:StatefulSet", "prod-redis-statefulset", renderRedisStatefulSet(SPEC, REGISTRY)],
            ["kubernetes:core/v1:ConfigMap", "prod-redis-config", renderRedisConfigMap(SPEC)],
            ["kubernetes:core/v1:ServiceAccount", "prod-redis-service-account", renderRedisServiceAccount(SPEC)],
            ["kubernetes:core/v1:Service", "prod-redis-service", service],
            ["kubernetes:core/v1:Service", "prod-redis-headless-service", headless],
            ["kubernetes:policy/v1:PodDisruptionBudget", "prod-redis-pdb", renderRedisPodDisruptionBudget(SPEC)],
            ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "prod-redis-network-policy", renderRedisNetworkPolicy(SPEC)],
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "prod-redis-service-monitor", renderRedisServiceMonitor(SPEC)],
            ["kubernetes:cert-manager.io/v1:Issuer", "prod-redis-self-signed-issuer", renderRedisTls(SPEC).selfSignedIssuer],
            ["kubernetes:cert-manager.io/v1:Certificate", "prod-redis-ca-certificate", renderRedisTls(SPEC).caCertificate],
            ["kubernetes:cert-manager.io/v1:Issuer", "prod-redis-ca-issuer", renderRedisTls(SPEC).caIssuer],
            ["kubernetes:cert-manager.io/v1:Certificate", "prod-redis-certificate", renderRedisTls(SPEC).certificate],
            [CLAIM_PATCH, "prod-redis-data-size", renderRedisDataVolumeSize(SPEC, "20Gi")],
        ];
        for (const [type, name, object] of expected) {
            const { apiVersion: _apiVersion, kind: _kind, ...inputs } = r.inputs(r.one(type, name));
            const { apiVersion: _a, kind: _k, ...rendered } = object as Record<string, unknown>;
            assert.deepEqual(inputs, JSON.parse(JSON.stringify(rendered)), name);
        }
    });

    it("creates the ServiceMonitor after the monitoring CRDs, the issuers and certificates after cert-manager, and the StatefulSet after what its pod mounts and runs as", () => {
        const crds = r.one("random:index/randomId:RandomId", "prometheus-operator-crds");
        assert.ok(r.one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor").dependencies.includes(crds.urn));
        const certManager = r.one("random:index/randomId:RandomId", "cert-manager");
        for (const resource of r.all.filter((x) => x.type.startsWith("kubernetes:cert-manager.io/"))) assert.ok(resource.dependencies.includes(certManager.urn), resource.name);
        const dependencies = r.one("kubernetes:apps/v1:StatefulSet").dependencies;
        for (const [type, name] of [[SECRET, "prod-redis-server-auth"], ["kubernetes:cert-manager.io/v1:Certificate", "prod-redis-certificate"], ["kubernetes:core/v1:ConfigMap", "prod-redis-config"],
            ["kubernetes:core/v1:ServiceAccount", "prod-redis-service-account"], ["kubernetes:core/v1:Service", "prod-redis-headless-service"]]) {
            assert.ok(dependencies.includes(r.one(type, name).urn), `the StatefulSet does not wait for ${name}`);
        }
    });

    it("creates its Kubernetes objects through the provider it is given", () => {
        const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
        for (const resource of r.all.filter((x) => x.type.startsWith("kubernetes:") && x.parent === component().urn)) assert.equal(resource.provider, provider, resource.name);
    });

    it("tells the services where Redis is, and hands out each service's Secret", () => {
        assert.equal(redis.host, "redis.signal-trading.svc.cluster.local");
        assert.equal(redis.port, 6379);
        assert.deepEqual(Object.keys(redis.clientSecrets), ["gateway", "signal"]);
    });

    it("refuses an unsound spec with every problem in one error", async () => {
        await registrationsOf(() => {
            assert.throws(
                () => new Redis("bad-redis", {
                    ...SPEC, registry: REGISTRY, image: { tag: "latest" }, clients: [{ ...SPEC.clients[0], pods: {} }], monitoringCrds: [], certManager: [], storageSetting: STORAGE_SETTING,
                }),
                /^Error: Redis bad-redis: image\.tag "latest" is not a pinned image tag; stacks\/services\/gateway.ts:uses.redis: the service's pods have no labels to select; name them$/,
            );
        });
    });
});

/** Redis of `storageGiB` on an account that holds `deployed`; the errors its registrations fail with. */
async function redisOn(storageGiB: number, deployed: readonly DeployedResource[] = []): Promise<{ r: Registrations; errors: Error[] }> {
    const errors: Error[] = [];
    const onRejection = (reason: unknown) => errors.push(reason as Error);
    process.on("unhandledRejection", onRejection);
    try {
        const r = await registrationsOf(() => {
            new Redis("prod-redis", { ...SPEC, registry: REGISTRY, storageGiB, monitoringCrds: [], certManager: [], storageSetting: STORAGE_SETTING }, { providers: { kubernetes: new k8s.Provider("prod-k8s", {}) } });
        }, "test", deployed);
        await new Promise((resolve) => setImmediate(resolve)); // let pending rejections be reported
        return { r, errors };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

/** Where two plain values differ, as `path: before → after` lines. */
function differences(before: unknown, after: unknown, path = ""): string[] {
    if (typeof before === "object" && before !== null && typeof after === "object" && after !== null) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        return keys.flatMap((key) => differences((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
    }
    return before === after ? [] : [`${path}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`];
}

describe("Redis volume size", () => {
    it("creates the claim from the template at the configured size, then patches the live claim once the StatefulSet is ready", async () => {
        const { r, errors } = await redisOn(20);
        assert.deepEqual(errors, []);
        const statefulSet = r.one(STATEFUL_SET);
        assert.equal(r.inputs(statefulSet).spec.volumeClaimTemplates[0].spec.resources.requests.storage, "20Gi");
        assert.deepEqual(statefulSet.ignoreChanges, ["spec.volumeClaimTemplates"]);
        const patch = r.one(CLAIM_PATCH);
        assert.deepEqual(r.inputs(patch), {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: "data-redis-0", namespace: "signal-trading", annotations: { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" } },
            spec: { resources: { requests: { storage: "20Gi" } } },
        });
        assert.deepEqual(patch.dependencies, [statefulSet.urn]);
        assert.equal(patch.retainOnDelete, true);
        assert.equal(patch.provider, r.one("pulumi:providers:kubernetes").urn);
    });

    it("finds no volume of its claim on a first run, whatever else the account holds", async () => {
        const other: DeployedResource = {
            type: STATEFUL_SET, name: "other", inputs: {
                metadata: { name: "redis", namespace: "signal-trading-dev" },
                spec: { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { resources: { requests: { storage: "100Gi" } } } }] },
            },
        };
        const { r, errors } = await redisOn(20, [other]);
        assert.deepEqual(errors, []);
        assert.equal(r.inputs(r.one(CLAIM_PATCH)).spec.resources.requests.storage, "20Gi");
    });

    it("grows in place: only the patch's storage request changes, and the StatefulSet's claim template stays as created", async () => {
        const before = (await redisOn(20)).r;
        const { r: after, errors } = await redisOn(30, before.deployed());
        assert.deepEqual(errors, []);
        assert.deepEqual(after.all.map((x) => x.urn), before.all.map((x) => x.urn));
        const changed = after.all.flatMap((resource) => {
            const earlier = before.byUrn(resource.urn)!;
            // What the engine compares: an ignored property keeps its deployed value.
            return differences(before.inputs(earlier), after.inputs(resource))
                .filter((line) => !resource.ignoreChanges.some((ignored) => line.startsWith(`${ignored}.`)))
                .map((line) => `${resource.name} ${line}`);
        });
        assert.deepEqual(changed, ['prod-redis-data-size spec.resources.requests.storage: "20Gi" → "30Gi"']);
        assert.deepEqual(differences(before.inputs(before.one(STATEFUL_SET)), after.inputs(after.one(STATEFUL_SET))),
            ['spec.volumeClaimTemplates.0.spec.resources.requests.storage: "20Gi" → "30Gi"']);
    });

    it("refuses to shrink a deployed volume, naming the setting, before the patch is registered", async () => {
        const grown = (await redisOn(30)).r.deployed();
        const { r, errors } = await redisOn(20, grown);
        assert.equal(r.ofType(CLAIM_PATCH).length, 0);
        assert.ok(errors.length > 0);
        for (const error of errors) {
            assert.ok(error instanceof pulumi.RunError, "the CLI would print a stack trace");
            assert.match(error.message, /^error serializing property "spec": signal-trading:redis\.storageGiB: is 20 GiB, but the volume of claim signal-trading\/data-redis-0 \(vol-[0-9a-f]{17}\) already holds 30 GiB and an EBS volume cannot shrink: set 30 or more$/);
        }
    });

    it("accepts the size of a volume deployed before its claim had a patch", async () => {
        const { r, errors } = await redisOn(20, (await redisOn(20)).r.deployed().filter((x) => x.type !== CLAIM_PATCH));
        assert.deepEqual(errors, []);
        assert.equal(r.inputs(r.one(CLAIM_PATCH)).spec.resources.requests.storage, "20Gi");
    });
});
