import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RESTRICTED_CONTAINER } from "../../addons/pod-security";
import { RedisClient } from "./acl";
import { configChecksum, redisConfig, userRulesChecksum } from "./config";
import {
    REDIS_PING_COMMAND, redisDataClaim, redisEndpoint, redisImages, RedisSpec, renderRedisClientSecret, renderRedisConfigMap,
    renderRedisDataVolumeSize, renderRedisNetworkPolicy, renderRedisPodDisruptionBudget, renderRedisServerSecret, renderRedisServiceAccount, renderRedisServiceMonitor,
    renderRedisServices, renderRedisStatefulSet, renderRedisTls, validateRedisSpec,
} from "./render";

const DIGEST = `sha256:${"a".repeat(64)}`;
const REGISTRY = "123456789012.dkr.ecr.us-east-2.amazonaws.com";
const GATEWAY = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" };
const DATA = { "app.kubernetes.io/name": "data", "app.kubernetes.io/instance": "data" };
const SELECTOR = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "redis" };
const LABELS = {
    ...SELECTOR,
    "app.kubernetes.io/version": "8.10.1-alpine",
    "app.kubernetes.io/component": "cache",
    "app.kubernetes.io/part-of": "signal-trading",
    "app.kubernetes.io/managed-by": "pulumi",
};
const SECRETS = "/var/run/secrets/signal-trading";
const client = (name: string, pods: Record<string, string>, keyPrefix: string): RedisClient => ({ name, pods, access: { keyPrefixes: [keyPrefix], channelPrefixes: [], commands: ["get", "set"] } });
const CLIENTS = [client("gateway", GATEWAY, "session"), client("data", DATA, "quote")];

function redisSpec(change: (spec: RedisSpec) => void = () => undefined): RedisSpec {
    const spec: RedisSpec = {
        namespace: "signal-trading",
        image: { tag: "8.10.1-alpine", digest: DIGEST },
        exporterImage: { tag: "v1.88.0", digest: DIGEST },
        storageGiB: 20,
        storageClassName: "gp3-encrypted",
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        priorityClassName: "signal-trading-critical",
        clients: structuredClone(CLIENTS),
    };
    change(spec);
    return spec;
}

const statefulSet = () => renderRedisStatefulSet(redisSpec(), REGISTRY);
const pod = () => statefulSet().spec.template.spec;
const container = (name: string) => {
    const found = pod().containers.find((c) => c.name === name);
    assert.ok(found, `no container ${name}`);
    return found;
};
const redisContainer = () => {
    const redis = container("redis");
    assert.ok("startupProbe" in redis);
    return redis;
};

/** The Secret key behind a file path of a container: its mount, then the pod's volume and item. */
function secretFileAt(containerName: string, filePath: string): { secretName: string; key: string } | undefined {
    for (const mount of container(containerName).volumeMounts) {
        if (!filePath.startsWith(`${mount.mountPath}/`)) continue;
        const volume = pod().volumes.find((v) => v.name === mount.name);
        if (!volume || !("secret" in volume) || !volume.secret) continue;
        const items = "items" in volume.secret ? volume.secret.items : undefined;
        // Without items, every key of the Secret is a file named after it.
        const key = items ? items.find((i) => `${mount.mountPath}/${i.path}` === filePath)?.key : filePath.slice(mount.mountPath.length + 1);
        if (key) return { secretName: volume.secret.secretName, key };
    }
    return undefined;
}

describe("Redis objects", () => {
    describe("spec", () => {
        it("accepts the images pinned by tag and digest, or by tag alone", () => {
            assert.deepEqual(validateRedisSpec(redisSpec()), []);
            assert.deepEqual(validateRedisSpec(redisSpec((s) => {
                s.image = { tag: "8.10.1-alpine" };
                s.exporterImage = { tag: "v1.88.0" };
            })), []);
        });

        it("pulls the official image from the account's ECR Public cache and the exporter from its Quay cache, by tag and digest", () => {
            assert.deepEqual(redisImages(redisSpec(), REGISTRY), {
                redis: `${REGISTRY}/ecr-public/docker/library/redis:8.10.1-alpine@${DIGEST}`,
                exporter: `${REGISTRY}/quay/oliver006/redis_exporter:v1.88.0@${DIGEST}`,
            });
            assert.deepEqual(redisImages(redisSpec((s) => { s.image = { tag: "8.10.2-alpine" }; }), REGISTRY).redis, `${REGISTRY}/ecr-public/docker/library/redis:8.10.2-alpine`);
        });

        it("names every problem of an unsound spec", () => {
            assert.deepEqual(validateRedisSpec(redisSpec((s) => {
                s.namespace = "Signal_Trading";
                s.image = { tag: "latest" };
                s.exporterImage = { tag: "v1.88.0", digest: "sha256:abc" };
                s.storageGiB = 0.5;
                s.storageClassName = "";
                s.resources.limits.memory = "64Mi";
                s.clients = [CLIENTS[0], { ...CLIENTS[1], pods: {} }];
            })), [
                'namespace "Signal_Trading" is not a DNS label',
                'image.tag "latest" is not a pinned image tag',
                'exporterImage.digest "sha256:abc" is not sha256:<64 hex digits>',
                "storageGiB 0.5 is not a whole number of GiB of at least 1",
                'storageClassName "" is not a StorageClass name',
                'resources.limits.memory "64Mi" is not a memory quantity of at least 128Mi',
                "stacks/services/data.ts:uses.redis: the service's pods have no labels to select; name them",
            ]);
        });

        it("refuses an empty tag and labels the objects with the version the tag names", () => {
            assert.deepEqual(validateRedisSpec(redisSpec((s) => { s.image = { tag: "", digest: DIGEST }; })), ['image.tag "" is not a pinned image tag']);
            assert.equal(statefulSet().metadata.labels["app.kubernetes.io/version"], "8.10.1-alpine");
        });

        it("gives the services the Service's address, the port, each its own Secret's files and the CA certificate's Secret and key", () => {
            const endpoint = redisEndpoint("signal-trading");
            assert.deepEqual({ ...endpoint, secretName: undefined }, {
                host: "redis.signal-trading.svc.cluster.local", port: 6379, secretName: undefined,
                files: { username: "username", password: "password" }, ca: { secretName: "redis-tls", key: "ca.crt" },
            });
            assert.equal(endpoint.secretName("gateway"), "redis-gateway-auth");
        });

        it("refuses a client whose Redis rights are unsound, naming the definition field", () => {
            assert.deepEqual(validateRedisSpec(redisSpec((s) => { s.clients[0].access.commands.push("keys"); })), [
                'stacks/services/gateway.ts:uses.redis.commands[2]: "keys" reaches beyond the service\'s own keys or controls the server; list single commands, or give the reason in justifications["keys"]',
            ]);
        });
    });

    describe("StatefulSet", () => {
        it("runs one Redis pod behind the headless Service, selected by name and instance only", () => {
            const s = statefulSet();
            assert.deepEqual(s.metadata, { name: "redis", namespace: "signal-trading", labels: LABELS });
            assert.equal(s.spec.replicas, 1);
            assert.equal(s.spec.serviceName, "redis-headless");
            assert.deepEqual(s.spec.selector, { matchLabels: SELECTOR });
            assert.deepEqual(s.spec.template.metadata.labels, LABELS);
        });

        it("claims a ReadWriteOnce volume of the configured size on the encrypted class, labelled for Velero's Redis schedule without a version, and keeps it when the set goes", () => {
            const s = statefulSet();
            const { "app.kubernetes.io/version": _version, ...unversioned } = LABELS;
            assert.deepEqual(s.spec.volumeClaimTemplates, [{
                metadata: { name: "data", labels: unversioned },
                spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3-encrypted", resources: { requests: { storage: "20Gi" } } },
            }]);
            assert.equal(s.spec.volumeClaimTemplates[0].metadata.labels["app.kubernetes.io/name"], "redis");
            assert.deepEqual(s.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
            assert.deepEqual(container("redis").volumeMounts[0], { name: "data", mountPath: "/data" });
        });

        it("grows the claim the controller makes from the template, data-redis-0, by patching its storage request only", () => {
            assert.deepEqual(redisDataClaim("signal-trading"), { namespace: "signal-trading", name: "data-redis-0" });
            assert.deepEqual(renderRedisDataVolumeSize(redisSpec(), "30Gi"), {
                metadata: { name: "data-redis-0", namespace: "signal-trading", annotations: { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" } },
                spec: { resources: { requests: { storage: "30Gi" } } },
            });
        });

        it("runs as the image's redis user with the volume's group, restricted, without a token or service links", () => {
            const spec = pod();
            assert.deepEqual(spec.securityContext, {
                runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" },
            });
            assert.equal(spec.serviceAccountName, "redis");
            assert.equal(spec.automountServiceAccountToken, false);
            assert.equal(spec.enableServiceLinks, false);
            for (const c of spec.containers) assert.deepEqual(c.securityContext, RESTRICTED_CONTAINER, c.name);
        });

        it("is scheduled with the trading priority, kept off the autoscaler's scale-in and given a minute to flush the AOF", () => {
            const s = statefulSet();
            assert.equal(pod().priorityClassName, "signal-trading-critical");
            assert.equal(pod().terminationGracePeriodSeconds, 60);
            assert.equal(s.spec.template.metadata.annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"], "false");
        });

        it("starts redis-server with the mounted config through the image's entrypoint", () => {
            const redis = container("redis");
            assert.equal(redis.image, `${REGISTRY}/ecr-public/docker/library/redis:8.10.1-alpine@${DIGEST}`);
            assert.equal("command" in redis, false);
            assert.deepEqual(redis.args, ["redis-server", "/etc/redis/redis.conf"]);
            assert.deepEqual(redis.volumeMounts[1], { name: "config", mountPath: "/etc/redis", readOnly: true });
            assert.deepEqual(redis.volumeMounts[2], { name: "tls", mountPath: "/etc/redis/tls", readOnly: true });
            assert.deepEqual(pod().volumes[0], { name: "config", configMap: { name: "redis-config" } });
            assert.deepEqual(redis.ports, [{ name: "redis", containerPort: 6379 }]);
        });

        it("restarts the pod when the config changes, through the config's checksum on the template", () => {
            const config = renderRedisConfigMap(redisSpec()).data["redis.conf"];
            assert.equal(statefulSet().spec.template.metadata.annotations["checksum/config"], configChecksum(config));
            const bigger = renderRedisStatefulSet(redisSpec((s) => { s.resources.limits.memory = "1Gi"; }), REGISTRY);
            assert.notEqual(bigger.spec.template.metadata.annotations["checksum/config"], configChecksum(config));
        });

        it("restarts the pod when a user's rules change, since Redis reads its users at start", () => {
            assert.equal(statefulSet().spec.template.metadata.annotations["checksum/users"], userRulesChecksum(CLIENTS));
            const more = renderRedisStatefulSet(redisSpec((s) => { s.clients[1].access.commands.push("del"); }), REGISTRY);
            assert.notEqual(more.spec.template.metadata.annotations["checksum/users"], userRulesChecksum(CLIENTS));
        });

        it("sizes Redis from the spec and the exporter from its own constants, with memory limits and no CPU limit for the exporter", () => {
            assert.deepEqual(container("redis").resources, { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
            assert.deepEqual(container("exporter").resources, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } });
        });

        it("gives Redis ten minutes to load its AOF before liveness applies, then a minute without an answer before a restart", () => {
            const redis = redisContainer();
            assert.deepEqual({ ...redis.startupProbe, exec: undefined }, { exec: undefined, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 120 });
            assert.deepEqual({ ...redis.readinessProbe, exec: undefined }, { exec: undefined, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 });
            assert.deepEqual({ ...redis.livenessProbe, exec: undefined }, { exec: undefined, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 });
        });
    });

    describe("passwords", () => {
        it("reads the users from the Redis pod's Secret, through the config's include", () => {
            const include = /^include (.+)$/m.exec(renderRedisConfigMap(redisSpec()).data["redis.conf"]);
            assert.ok(include);
            assert.deepEqual(secretFileAt("redis", include[1]), { secretName: "redis-server-auth", key: "users.conf" });
        });

        it("probes with a PING over TLS, verified against the mounted CA, as the probe user with its password from its mounted file, never from the spec", () => {
            const redis = redisContainer();
            for (const probe of [redis.startupProbe, redis.readinessProbe, redis.livenessProbe]) assert.deepEqual(probe.exec.command, REDIS_PING_COMMAND);
            const file = /cat ([^)]+)\)/.exec(REDIS_PING_COMMAND[2]);
            assert.ok(file);
            assert.deepEqual(secretFileAt("redis", file[1]), { secretName: "redis-server-auth", key: "probe-password" });
            assert.equal(file[1], `${SECRETS}/probe-auth/probe-password`);
            assert.match(REDIS_PING_COMMAND[2], / redis-cli --tls --cacert \/etc\/redis\/tls\/ca\.crt -h 127\.0\.0\.1 -p 6379 --user probe ping /);
            assert.deepEqual(secretFileAt("redis", "/etc/redis/tls/ca.crt"), { secretName: "redis-tls", key: "ca.crt" });
        });

        it("serves the certificate and key of cert-manager's Secret", () => {
            const config = renderRedisConfigMap(redisSpec()).data["redis.conf"];
            for (const [setting, key] of [["tls-cert-file", "tls.crt"], ["tls-key-file", "tls.key"]]) {
                const file = new RegExp(`^${setting} (.+)$`, "m").exec(config);
                assert.ok(file, setting);
                assert.deepEqual(secretFileAt("redis", file[1]), { secretName: "redis-tls", key });
            }
        });

        it("passes no password, secret reference or environment to any container", () => {
            for (const c of pod().containers) {
                assert.equal("env" in c, false, c.name);
                assert.equal("envFrom" in c, false, c.name);
            }
            const text = JSON.stringify(statefulSet());
            assert.doesNotMatch(text, /secretKeyRef|requirepass|--redis\.password=|redis-cli -a|--pass/);
        });

        it("has the exporter sign in as its own user with the password map from the Redis pod's Secret", () => {
            const exporter = container("exporter");
            assert.deepEqual(exporter.args, [
                "--redis.addr=rediss://127.0.0.1:6379",
                "--redis.user=exporter",
                `--redis.password-file=${SECRETS}/exporter-auth/exporter-passwords.json`,
                `--tls-ca-cert-file=${SECRETS}/redis-ca/ca.crt`,
                "--disable-scrape-endpoint",
                "--web.listen-address=:9121",
                "--log-format=json",
            ]);
            assert.deepEqual(secretFileAt("exporter", `${SECRETS}/exporter-auth/exporter-passwords.json`), { secretName: "redis-server-auth", key: "exporter-passwords.json" });
            assert.deepEqual(secretFileAt("exporter", `${SECRETS}/redis-ca/ca.crt`), { secretName: "redis-tls", key: "ca.crt" });
        });

        it("mounts each container only the files it reads, read-only and owner-and-group readable", () => {
            assert.deepEqual(container("redis").volumeMounts.map((m) => m.name), ["data", "config", "tls", "redis-users", "probe-auth"]);
            assert.deepEqual(container("exporter").volumeMounts, [
                { name: "exporter-auth", mountPath: `${SECRETS}/exporter-auth`, readOnly: true },
                { name: "redis-ca", mountPath: `${SECRETS}/redis-ca`, readOnly: true },
            ]);
            for (const volume of pod().volumes) {
                if (!("secret" in volume) || !volume.secret) continue;
                assert.equal(volume.secret.defaultMode, 0o440, volume.name);
                // Only Redis's own container sees its whole certificate Secret (certificate, key, CA).
                if (volume.name !== "tls") assert.equal("items" in volume.secret ? volume.secret.items.length : 0, 1, volume.name);
            }
            for (const mount of container("redis").volumeMounts.slice(1)) assert.equal(mount.readOnly, true, mount.name);
        });

        describe("the probe's shell command, run against a stand-in redis-cli", () => {
            let dir: string;
            const run = (reply: string, password = "s3cret") => {
                fs.writeFileSync(path.join(dir, "password"), password);
                // The stand-in answers PONG only to a TLS PING as the probe user with the password in REDISCLI_AUTH.
                const expected = "--tls --cacert /etc/redis/tls/ca.crt -h 127.0.0.1 -p 6379 --user probe ping";
                fs.writeFileSync(path.join(dir, "redis-cli"), `#!/bin/sh\n[ "$REDISCLI_AUTH" = s3cret ] && [ "$*" = "${expected}" ] && echo ${reply} || echo "WRONGPASS invalid username-password pair" >&2\n`, { mode: 0o755 });
                const command = REDIS_PING_COMMAND[2].replace(`${SECRETS}/probe-auth/probe-password`, path.join(dir, "password"));
                try {
                    execFileSync(REDIS_PING_COMMAND[0], [REDIS_PING_COMMAND[1], command], { env: { PATH: `${dir}:/usr/bin:/bin` }, stdio: "pipe" });
                    return true;
                } catch {
                    return false;
                }
            };
            before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "redis-probe-")); });
            after(() => fs.rmSync(dir, { recursive: true, force: true }));

            it("passes on PONG with the password from the file", () => assert.equal(run("PONG"), true));
            it("fails while Redis loads its AOF", () => assert.equal(run("LOADING Redis is loading the dataset in memory"), false));
            it("fails when the password is refused", () => assert.equal(run("PONG", "wrong"), false));
        });
    });

    describe("exporter", () => {
        it("serves metrics on port 9121 named metrics and is probed on its /health endpoint", () => {
            const exporter = container("exporter");
            assert.equal(exporter.image, `${REGISTRY}/quay/oliver006/redis_exporter:v1.88.0@${DIGEST}`);
            assert.deepEqual(exporter.ports, [{ name: "metrics", containerPort: 9121 }]);
            assert.deepEqual(exporter.readinessProbe, { httpGet: { path: "/health", port: "metrics" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
            assert.deepEqual(exporter.livenessProbe, { httpGet: { path: "/health", port: "metrics" }, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3 });
        });
    });

    describe("other objects", () => {
        it("gives Redis its own account without an API token", () => {
            assert.deepEqual(renderRedisServiceAccount(redisSpec()), { metadata: { name: "redis", namespace: "signal-trading", labels: LABELS }, automountServiceAccountToken: false });
        });

        it("keeps each service's user and password in its own Secret, and the users, exporter and probe files in redis-server-auth", () => {
            assert.deepEqual(renderRedisClientSecret(redisSpec(), CLIENTS[0], "pw"), {
                metadata: { name: "redis-gateway-auth", namespace: "signal-trading", labels: LABELS }, type: "Opaque", immutable: false,
                stringData: { username: "gateway", password: "pw" },
            });
            assert.deepEqual(renderRedisServerSecret(redisSpec(), { users: "user default ...", exporterPasswords: "{}", probePassword: "probe" }), {
                metadata: { name: "redis-server-auth", namespace: "signal-trading", labels: LABELS }, type: "Opaque", immutable: false,
                stringData: { "users.conf": "user default ...", "exporter-passwords.json": "{}", "probe-password": "probe" },
            });
        });

        it("issues Redis's certificate from a private CA of the namespace: a self-signed Issuer signs the CA, whose Issuer signs Redis's names and loopback", () => {
            const tls = renderRedisTls(redisSpec());
            assert.deepEqual(tls.selfSignedIssuer.spec, { selfSigned: {} });
            assert.deepEqual(tls.caCertificate.spec, {
                isCA: true, commonName: "redis.signal-trading CA", secretName: "redis-ca", duration: "87600h",
                privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
                issuerRef: { name: "redis-self-signed", kind: "Issuer", group: "cert-manager.io" },
            });
            assert.deepEqual(tls.caIssuer.spec, { ca: { secretName: "redis-ca" } });
            assert.deepEqual(tls.certificate.spec, {
                secretName: "redis-tls",
                dnsNames: [
                    "redis", "redis.signal-trading", "redis.signal-trading.svc", "redis.signal-trading.svc.cluster.local",
                    "redis-0.redis-headless.signal-trading.svc.cluster.local", "localhost",
                ],
                ipAddresses: ["127.0.0.1"],
                duration: "2160h", renewBefore: "720h",
                usages: ["server auth", "digital signature"],
                privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
                issuerRef: { name: "redis-ca", kind: "Issuer", group: "cert-manager.io" },
            });
            assert.ok(tls.certificate.spec.dnsNames.includes(redisEndpoint("signal-trading").host), "the name the services dial");
            for (const object of Object.values(tls)) assert.equal(object.metadata.namespace, "signal-trading");
        });

        it("mounts the CA's own Secret, which holds its key, into no pod", () => {
            assert.doesNotMatch(JSON.stringify(statefulSet()), /"secretName":"redis-ca"/);
        });

        it("holds the rendered redis.conf in the redis-config ConfigMap", () => {
            assert.deepEqual(renderRedisConfigMap(redisSpec()), {
                metadata: { name: "redis-config", namespace: "signal-trading", labels: LABELS },
                data: { "redis.conf": redisConfig("512Mi", `${SECRETS}/redis-users/users.conf`) },
            });
        });

        it("exposes Redis and its metrics on the redis Service, and only Redis on the headless one", () => {
            const { service, headless } = renderRedisServices(redisSpec());
            assert.deepEqual(service, {
                metadata: { name: "redis", namespace: "signal-trading", labels: LABELS },
                spec: {
                    type: "ClusterIP", selector: SELECTOR,
                    ports: [{ name: "redis", port: 6379, targetPort: "redis" }, { name: "metrics", port: 9121, targetPort: "metrics" }],
                },
            });
            assert.deepEqual(headless, {
                metadata: { name: "redis-headless", namespace: "signal-trading", labels: LABELS },
                spec: { clusterIP: "None", selector: SELECTOR, ports: [{ name: "redis", port: 6379, targetPort: "redis" }] },
            });
        });

        it("lets a drain evict the one pod", () => {
            assert.deepEqual(renderRedisPodDisruptionBudget(redisSpec()), {
                metadata: { name: "redis", namespace: "signal-trading", labels: LABELS },
                spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
            });
        });

        it("lets the clients in on 6379 and Prometheus on 9121, and Redis out to nowhere", () => {
            assert.deepEqual(renderRedisNetworkPolicy(redisSpec()), {
                metadata: { name: "redis", namespace: "signal-trading", labels: LABELS },
                spec: {
                    podSelector: { matchLabels: SELECTOR },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [
                        { from: [{ podSelector: { matchLabels: GATEWAY } }, { podSelector: { matchLabels: DATA } }], ports: [{ port: 6379, protocol: "TCP" }] },
                        {
                            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading-monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
                            ports: [{ port: 9121, protocol: "TCP" }],
                        },
                    ],
                    egress: [],
                },
            });
        });

        it("opens no Redis port at all without clients, rather than a rule with no peers, which would allow every source", () => {
            const policy = renderRedisNetworkPolicy(redisSpec((s) => { s.clients = []; }));
            assert.equal(policy.spec.ingress!.length, 1);
            assert.deepEqual(policy.spec.ingress![0].ports, [{ port: 9121, protocol: "TCP" }]);
        });

        it("has Prometheus scrape the metrics port of the one Service that has it", () => {
            const monitor = renderRedisServiceMonitor(redisSpec());
            assert.deepEqual(monitor, {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { name: "redis", namespace: "signal-trading", labels: LABELS },
                spec: {
                    selector: { matchLabels: SELECTOR },
                    namespaceSelector: { matchNames: ["signal-trading"] },
                    endpoints: [{ port: "metrics", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
                },
            });
            const selected = Object.values(renderRedisServices(redisSpec()))
                .filter((s) => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k as keyof typeof LABELS] === v));
            assert.deepEqual(selected.filter((s) => s.spec.ports.some((p) => p.name === "metrics")).map((s) => s.metadata.name), ["redis"]);
        });

        it("selects the StatefulSet's pods from every Service, the budget, the NetworkPolicy and the ServiceMonitor", () => {
            const podLabels: Record<string, string> = statefulSet().spec.template.metadata.labels;
            const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
            const { service, headless } = renderRedisServices(redisSpec());
            for (const selector of [service.spec.selector, headless.spec.selector, renderRedisPodDisruptionBudget(redisSpec()).spec.selector.matchLabels,
                renderRedisNetworkPolicy(redisSpec()).spec.podSelector.matchLabels, renderRedisServiceMonitor(redisSpec()).spec.selector.matchLabels]) {
                assert.deepEqual(selector, SELECTOR);
                assert.ok(selects(selector));
            }
        });
    });

    it("validates against the Kubernetes and Prometheus Operator schemas", async () => {
        const spec = redisSpec();
        const { service, headless } = renderRedisServices(spec);
        const objects: [string, string, object][] = [
            ["kubernetes-models/apps/v1/StatefulSet", "StatefulSet", statefulSet()],
            ["kubernetes-models/v1/Service", "Service", service],
            ["kubernetes-models/v1/Service", "Service", headless],
            ["kubernetes-models/v1/ServiceAccount", "ServiceAccount", renderRedisServiceAccount(spec)],
            ["kubernetes-models/v1/ConfigMap", "ConfigMap", renderRedisConfigMap(spec)],
            ["kubernetes-models/v1/Secret", "Secret", renderRedisClientSecret(spec, CLIENTS[0], "pw")],
            ["@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer", "Issuer", renderRedisTls(spec).selfSignedIssuer],
            ["@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer", "Issuer", renderRedisTls(spec).caIssuer],
            ["@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate", "Certificate", renderRedisTls(spec).caCertificate],
            ["@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate", "Certificate", renderRedisTls(spec).certificate],
            ["kubernetes-models/policy/v1/PodDisruptionBudget", "PodDisruptionBudget", renderRedisPodDisruptionBudget(spec)],
            ["kubernetes-models/networking.k8s.io/v1/NetworkPolicy", "NetworkPolicy", renderRedisNetworkPolicy(spec)],
            ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor", "ServiceMonitor", renderRedisServiceMonitor(spec)],
        ];
        for (const [module, kind, object] of objects) {
            const Model = (await import(module))[kind];
            assert.doesNotThrow(() => new Model(object).validate(), `${kind} ${(object as { metadata: { name: string } }).metadata.name}`);
        }
    });
});
