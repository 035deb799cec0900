/**
 * Redis for the trading services as plain Kubernetes objects: one primary with its AOF on an
 * encrypted EBS volume, restored from Velero's 15-minute snapshots when its zone is lost
 * (the decision and its recovery times: docs/decisions.md), with a metrics exporter beside it.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER, restrictedPodSecurity } from "../../addons/pod-security";
import { renderWorkloadNetworkPolicy, TrafficRule } from "../../namespace/baseline";
import { fromPrometheus } from "../../namespace/traffic";
import { cachedImage, CONFIGURED_IMAGES, imageReference } from "../../shared/images";
import { isDnsLabel } from "../../shared/naming";
import { memoryBytes } from "../../shared/quantity";
import { containerLimits, SECRET_FILE_MODE } from "../render/deployment";
import { APPLICATION_LABELS, workloadLabels } from "../render/labels";
import { METRICS_PORT_NAME } from "../render/service";
import { metricsServiceMonitor } from "../render/service-monitor";
import { secretObject } from "../secrets";
import { SECRETS_ROOT } from "../services";
import { ResourceRequirements } from "../spec";
import { RedisClient, validateRedisClients } from "./acl";
import {
    CONFIG_DIR, CONFIG_FILE, configChecksum, DATA_DIR, EXPORTER_PASSWORDS_KEY, EXPORTER_REDIS_ADDRESS, EXPORTER_USER, PROBE_PASSWORD_KEY, PROBE_USER,
    REDIS_METRICS_PORT, REDIS_PORT, redisConfig, TLS_DIR, TLS_FILES, USERS_KEY, userRulesChecksum,
} from "./config";

/** The name of the StatefulSet, its Service, ServiceAccount, PodDisruptionBudget, NetworkPolicy and ServiceMonitor. */
export const REDIS_NAME = "redis";
/** The headless Service that gives the StatefulSet's pod its stable DNS name. */
export const REDIS_HEADLESS_SERVICE = "redis-headless";
export const REDIS_CONFIG_MAP = "redis-config";
/** The keys of a service's Redis Secret (redisClientSecretName): its Redis user name and password. */
export const REDIS_CLIENT_FILES = { username: "username", password: "password" } as const;
/** The Secret only the Redis pod mounts: the users file, the exporter's and the probe's passwords. */
export const REDIS_SERVER_SECRET = "redis-server-auth";
/**
 * cert-manager's Secrets: the private CA (its key never leaves this Secret, which no pod
 * mounts) and Redis's serving certificate, whose `ca.crt` is the CA certificate the clients trust.
 */
export const REDIS_CA_SECRET = "redis-ca";
export const REDIS_TLS_SECRET = "redis-tls";
/** The namespace's issuers: a self-signed one that signs only the CA, and the CA's, which signs Redis's certificate. */
export const REDIS_SELF_SIGNED_ISSUER = "redis-self-signed";
export const REDIS_CA_ISSUER = "redis-ca";
/**
 * The serving certificate lives 90 days and is renewed 30 days before it ends. Redis reads its
 * certificate only at start (no file watch; `CONFIG SET tls-cert-file` would reload it, but that
 * needs a user allowed to change any setting, which none is): any restart in those 30 days (a
 * deploy, a node upgrade) picks the new one up. Should none happen, the liveness probe, which
 * verifies the certificate as clients do, fails once the old one expires and the kubelet
 * restarts Redis: an outage of 1-2 minutes that a planned restart avoids (docs/workloads.md).
 */
export const REDIS_CERTIFICATE_DURATION = "2160h";
export const REDIS_CERTIFICATE_RENEW_BEFORE = "720h";
/** The CA lives ten years: the clients trust it, so replacing it is a planned change (docs/workloads.md). */
export const REDIS_CA_DURATION = "87600h";
export const REDIS_PORT_NAME = "redis";
/** The claim template of the AOF volume; the StatefulSet controller names its one claim `data-redis-0`. */
export const REDIS_DATA_VOLUME = "data";
/** The official image's `redis` user (uid 999). The pod runs with group and fsGroup 999 too (the alpine image's own group is 1000): the volume only needs to be the pod's. */
export const REDIS_USER = 999;
export const REDIS_COMPONENT = "cache";
export const REDIS_SELECTOR_LABELS = { "app.kubernetes.io/name": REDIS_NAME, "app.kubernetes.io/instance": REDIS_NAME };
/**
 * Seconds between SIGTERM and SIGKILL: Redis fsyncs the AOF and exits on SIGTERM, which takes
 * well under this even on a slow volume; being killed instead would lose the last second.
 */
export const REDIS_TERMINATION_GRACE_SECONDS = 60;
/**
 * How long Redis may take to load its AOF before liveness applies: a volume restored from a
 * snapshot reads its blocks from S3 on first access, so a restore loads far slower than a restart.
 */
export const REDIS_STARTUP_SECONDS = 600;
/** redis_exporter uses about 20 MiB; it scrapes one instance every 30 s. */
export const EXPORTER_RESOURCES: ResourceRequirements = { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } };

/** Everything the platform sets for its Redis. */
export interface RedisSpec {
    namespace: string;
    /** The official image's tag (the Redis version), and its digest where pinned. */
    image: PinnedTag;
    /** redis_exporter's tag, and its digest where pinned. */
    exporterImage: PinnedTag;
    /** Size of the AOF volume. */
    storageGiB: number;
    /** An encrypted StorageClass: the cluster's default, gp3-encrypted. */
    storageClassName: string;
    /** Of the Redis container; maxmemory is derived from its memory limit. */
    resources: ResourceRequirements;
    priorityClassName: string;
    /** The services that use Redis: each gets its own user and Secret, and its pods may connect. */
    clients: RedisClient[];
}

/** An image of a fixed repository, pinned by its tag and, where known, its digest. */
export interface PinnedTag {
    tag: string;
    digest?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * The images the pod runs, from this account's ECR `registry` through its pull-through caches:
 * Docker's official redis image (from ECR Public, where Docker publishes it too) and
 * redis_exporter (from the project's own Quay repository).
 */
export function redisImages(spec: Pick<RedisSpec, "image" | "exporterImage">, registry: string): { redis: string; exporter: string } {
    return {
        redis: imageReference(cachedImage(registry, { ...CONFIGURED_IMAGES.redis, ...spec.image })),
        exporter: imageReference(cachedImage(registry, { ...CONFIGURED_IMAGES.redisExporter, ...spec.exporterImage })),
    };
}
/** Redis's maxmemory must leave room beside the data; below this there is none to speak of. */
const MIN_MEMORY_LIMIT = 128 * 2 ** 20;

/** Every problem with a spec, as sentences; empty when it is sound. */
export function validateRedisSpec(spec: RedisSpec): string[] {
    const problems: string[] = [];
    if (!isDnsLabel(spec.namespace)) problems.push(`namespace ${JSON.stringify(spec.namespace)} is not a DNS label`);
    for (const field of ["image", "exporterImage"] as const) {
        const { tag, digest } = spec[field];
        if (!TAG.test(tag) || tag === "latest") problems.push(`${field}.tag ${JSON.stringify(tag)} is not a pinned image tag`);
        if (digest !== undefined && !DIGEST.test(digest)) problems.push(`${field}.digest ${JSON.stringify(digest)} is not sha256:<64 hex digits>`);
    }
    if (!Number.isInteger(spec.storageGiB) || spec.storageGiB < 1) problems.push(`storageGiB ${spec.storageGiB} is not a whole number of GiB of at least 1`);
    if (!isDnsLabel(spec.storageClassName)) problems.push(`storageClassName ${JSON.stringify(spec.storageClassName)} is not a StorageClass name`);
    const limit = memoryBytes(spec.resources.limits.memory);
    if (limit === undefined || limit < MIN_MEMORY_LIMIT) problems.push(`resources.limits.memory ${JSON.stringify(spec.resources.limits.memory)} is not a memory quantity of at least 128Mi`);
    problems.push(...validateRedisClients(spec.clients));
    return problems;
}

export function redisLabels(spec: RedisSpec): Record<string, string> {
    return workloadLabels(REDIS_SELECTOR_LABELS, spec.image.tag, REDIS_COMPONENT);
}

/**
 * The labels of the volume claim template: a StatefulSet's claim templates cannot change, so
 * no version here. `app.kubernetes.io/name=redis` is what Velero's `stateful-15m` selects.
 */
export function redisClaimLabels(): Record<string, string> {
    return { ...REDIS_SELECTOR_LABELS, "app.kubernetes.io/component": REDIS_COMPONENT, ...APPLICATION_LABELS };
}

const metadata = (spec: RedisSpec, name: string) => ({ name, namespace: spec.namespace, labels: redisLabels(spec) });

/** The Secret of a service's Redis user name and password. */
export function redisClientSecretName(service: string): string {
    return `redis-${service}-auth`;
}

/** The names the serving certificate is valid for: the Service's, the pod's stable name, and loopback for the pod's own probes and exporter. */
export function redisCertificateNames(namespace: string): { dnsNames: string[]; ipAddresses: string[] } {
    return {
        dnsNames: [
            REDIS_NAME, `${REDIS_NAME}.${namespace}`, `${REDIS_NAME}.${namespace}.svc`, `${REDIS_NAME}.${namespace}.svc.cluster.local`,
            `${REDIS_NAME}-0.${REDIS_HEADLESS_SERVICE}.${namespace}.svc.cluster.local`, "localhost",
        ],
        ipAddresses: ["127.0.0.1"],
    };
}

/** How the services reach Redis: its TLS address, their own Secret, and the CA certificate that verifies Redis's. */
export function redisEndpoint(namespace: string) {
    return {
        host: `${REDIS_NAME}.${namespace}.svc.cluster.local`,
        port: REDIS_PORT,
        secretName: redisClientSecretName,
        files: REDIS_CLIENT_FILES,
        ca: { secretName: REDIS_TLS_SECRET, key: TLS_FILES.ca },
    };
}

/** A Secret item mounted read-only as a file under SECRETS_ROOT/<volume>. */
interface SecretFile { volume: string; secretName: string; key: string }
const PROBE_PASSWORD_FILE: SecretFile = { volume: "probe-auth", secretName: REDIS_SERVER_SECRET, key: PROBE_PASSWORD_KEY };
const USERS_FILE: SecretFile = { volume: "redis-users", secretName: REDIS_SERVER_SECRET, key: USERS_KEY };
/** Only the exporter's: the CA certificate, without Redis's key. */
const EXPORTER_CA_FILE: SecretFile = { volume: "redis-ca", secretName: REDIS_TLS_SECRET, key: TLS_FILES.ca };
const EXPORTER_PASSWORDS_FILE: SecretFile = { volume: "exporter-auth", secretName: REDIS_SERVER_SECRET, key: EXPORTER_PASSWORDS_KEY };
const pathOf = (file: SecretFile) => `${SECRETS_ROOT}/${file.volume}/${file.key}`;
const secretVolume = (file: SecretFile) =>
    ({ name: file.volume, secret: { secretName: file.secretName, items: [{ key: file.key, path: file.key }], defaultMode: SECRET_FILE_MODE } }) satisfies k8s.types.input.core.v1.Volume;
const secretMount = (file: SecretFile) =>
    ({ name: file.volume, mountPath: `${SECRETS_ROOT}/${file.volume}`, readOnly: true }) satisfies k8s.types.input.core.v1.VolumeMount;

/**
 * PING as a client does: over TLS, verifying the certificate against the CA, as the probe user,
 * with the password read from the mounted file inside the command, so it sits in neither the
 * pod spec nor a process's arguments. Only PONG passes: LOADING (the AOF is still being read),
 * certificate and authentication errors fail.
 */
export const REDIS_PING_COMMAND = ["sh", "-c",
    `[ "$(REDISCLI_AUTH="$(cat ${pathOf(PROBE_PASSWORD_FILE)})" redis-cli --tls --cacert ${TLS_DIR}/${TLS_FILES.ca} -h 127.0.0.1 -p ${REDIS_PORT} --user ${PROBE_USER} ping 2>&1)" = PONG ]`];

export function renderRedisServiceAccount(spec: RedisSpec) {
    // Redis never calls the Kubernetes API.
    return { metadata: metadata(spec, REDIS_NAME), automountServiceAccountToken: false } satisfies k8s.core.v1.ServiceAccountArgs;
}

export function renderRedisConfigMap(spec: RedisSpec) {
    return {
        metadata: metadata(spec, REDIS_CONFIG_MAP),
        data: { [CONFIG_FILE]: redisConfig(spec.resources.limits.memory, pathOf(USERS_FILE)) },
    } satisfies k8s.core.v1.ConfigMapArgs;
}

/** A service's Secret: its Redis user and password, for its pods only; the password stays an Output, and so secret. */
export function renderRedisClientSecret(spec: RedisSpec, client: RedisClient, password: pulumi.Input<string>) {
    return secretObject(redisClientSecretName(client.name), spec.namespace, {
        [REDIS_CLIENT_FILES.username]: client.name,
        [REDIS_CLIENT_FILES.password]: password,
    }, redisLabels(spec)) satisfies k8s.core.v1.SecretArgs;
}

/** The Redis pod's Secret: the users file (usersFile), the exporter's password map (exporterPasswordFile) and the probe's password. */
export function renderRedisServerSecret(spec: RedisSpec, files: { users: pulumi.Input<string>; exporterPasswords: pulumi.Input<string>; probePassword: pulumi.Input<string> }) {
    return secretObject(REDIS_SERVER_SECRET, spec.namespace, {
        [USERS_KEY]: files.users, [EXPORTER_PASSWORDS_KEY]: files.exporterPasswords, [PROBE_PASSWORD_KEY]: files.probePassword,
    }, redisLabels(spec)) satisfies k8s.core.v1.SecretArgs;
}

/**
 * The private CA of Redis's certificate, in the application namespace (cert-manager.io/v1): a
 * self-signed Issuer that signs only the CA certificate, the CA's Issuer, and the serving
 * certificate it signs for the Service's names. Namespaced Issuers, so no other namespace can
 * have certificates signed by this CA. ECDSA P-256 keys; the serving key is new at every renewal.
 */
export function renderRedisTls(spec: RedisSpec) {
    const meta = (name: string) => metadata(spec, name);
    const issuerRef = (name: string) => ({ name, kind: "Issuer", group: "cert-manager.io" });
    const privateKey = (rotationPolicy: "Always" | "Never") => ({ algorithm: "ECDSA", size: 256, rotationPolicy });
    return {
        selfSignedIssuer: { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(REDIS_SELF_SIGNED_ISSUER), spec: { selfSigned: {} } },
        caCertificate: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: meta(REDIS_CA_SECRET),
            spec: {
                isCA: true,
                commonName: `${REDIS_NAME}.${spec.namespace} CA`,
                secretName: REDIS_CA_SECRET,
                duration: REDIS_CA_DURATION,
                // A new CA key at renewal would invalidate what every client trusts at once; the CA is replaced as a planned change instead.
                privateKey: privateKey("Never"),
                issuerRef: issuerRef(REDIS_SELF_SIGNED_ISSUER),
            },
        },
        caIssuer: { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(REDIS_CA_ISSUER), spec: { ca: { secretName: REDIS_CA_SECRET } } },
        certificate: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: meta(REDIS_TLS_SECRET),
            spec: {
                secretName: REDIS_TLS_SECRET,
                ...redisCertificateNames(spec.namespace),
                duration: REDIS_CERTIFICATE_DURATION,
                renewBefore: REDIS_CERTIFICATE_RENEW_BEFORE,
                usages: ["server auth", "digital signature"],
                privateKey: privateKey("Always"),
                issuerRef: issuerRef(REDIS_CA_ISSUER),
            },
        },
    };
}

/**
 * `redis` for the services (and Prometheus, through the ServiceMonitor) and the headless
 * Service the StatefulSet requires; the latter has no metrics port, so Prometheus scrapes once.
 */
export function renderRedisServices(spec: RedisSpec) {
    const redisPort = { name: REDIS_PORT_NAME, port: REDIS_PORT, targetPort: REDIS_PORT_NAME };
    return {
        service: {
            metadata: metadata(spec, REDIS_NAME),
            spec: {
                type: "ClusterIP",
                selector: REDIS_SELECTOR_LABELS,
                ports: [redisPort, { name: METRICS_PORT_NAME, port: REDIS_METRICS_PORT, targetPort: METRICS_PORT_NAME }],
            },
        } satisfies k8s.core.v1.ServiceArgs,
        headless: {
            metadata: metadata(spec, REDIS_HEADLESS_SERVICE),
            spec: { clusterIP: "None", selector: REDIS_SELECTOR_LABELS, ports: [redisPort] },
        } satisfies k8s.core.v1.ServiceArgs,
    };
}

function redisContainer(spec: RedisSpec, image: string) {
    const probe = (periodSeconds: number, timeoutSeconds: number, failureThreshold: number) =>
        ({ exec: { command: REDIS_PING_COMMAND }, periodSeconds, timeoutSeconds, failureThreshold }) satisfies k8s.types.input.core.v1.Probe;
    return {
        name: REDIS_NAME,
        image,
        // The image's entrypoint stays: it sets a private umask and loads the image's modules.
        args: ["redis-server", `${CONFIG_DIR}/${CONFIG_FILE}`],
        ports: [{ name: REDIS_PORT_NAME, containerPort: REDIS_PORT }],
        resources: { requests: spec.resources.requests, limits: containerLimits(spec.resources) },
        securityContext: RESTRICTED_CONTAINER,
        startupProbe: probe(5, 3, REDIS_STARTUP_SECONDS / 5),
        readinessProbe: probe(5, 3, 2),
        // A minute without an answer: a restart costs a reload of the AOF, so only a hung server gets one.
        livenessProbe: probe(10, 5, 6),
        volumeMounts: [
            { name: REDIS_DATA_VOLUME, mountPath: DATA_DIR },
            { name: "config", mountPath: CONFIG_DIR, readOnly: true },
            { name: "tls", mountPath: TLS_DIR, readOnly: true },
            secretMount(USERS_FILE),
            secretMount(PROBE_PASSWORD_FILE),
        ],
    } satisfies k8s.types.input.core.v1.Container;
}

function exporterContainer(image: string) {
    const health = (periodSeconds: number) =>
        ({ httpGet: { path: "/health", port: METRICS_PORT_NAME }, periodSeconds, timeoutSeconds: 2, failureThreshold: 3 }) satisfies k8s.types.input.core.v1.Probe;
    return {
        name: "exporter",
        image,
        args: [
            `--redis.addr=${EXPORTER_REDIS_ADDRESS}`,
            `--redis.user=${EXPORTER_USER}`,
            `--redis.password-file=${pathOf(EXPORTER_PASSWORDS_FILE)}`,
            `--tls-ca-cert-file=${pathOf(EXPORTER_CA_FILE)}`,
            // /scrape would dial any address a caller names, with these credentials.
            "--disable-scrape-endpoint",
            `--web.listen-address=:${REDIS_METRICS_PORT}`,
            "--log-format=json",
        ],
        ports: [{ name: METRICS_PORT_NAME, containerPort: REDIS_METRICS_PORT }],
        resources: { requests: EXPORTER_RESOURCES.requests, limits: containerLimits(EXPORTER_RESOURCES) },
        securityContext: RESTRICTED_CONTAINER,
        readinessProbe: health(10),
        livenessProbe: health(20),
        volumeMounts: [secretMount(EXPORTER_PASSWORDS_FILE), secretMount(EXPORTER_CA_FILE)],
    } satisfies k8s.types.input.core.v1.Container;
}

/** The claim the StatefulSet controller creates from the claim template for Redis's one pod. */
export function redisDataClaim(namespace: string): { namespace: string; name: string } {
    return { namespace, name: `${REDIS_DATA_VOLUME}-${REDIS_NAME}-0` };
}

/** The AOF volume's size as a storage request. */
export function redisStorage(spec: RedisSpec): string {
    return `${spec.storageGiB}Gi`;
}

/**
 * One replica, always: a second would be an independent Redis behind the same Service, not a
 * replica. The volume claim carries Redis's labels so that Velero's `stateful-15m` schedule,
 * which selects app.kubernetes.io/name=redis, snapshots it. The claim template is immutable:
 * its size is the size the claim is created with, and growth goes through
 * renderRedisDataVolumeSize.
 */
export function renderRedisStatefulSet(spec: RedisSpec, registry: string) {
    const labels = redisLabels(spec);
    const images = redisImages(spec, registry);
    const config = renderRedisConfigMap(spec).data[CONFIG_FILE];
    return {
        metadata: metadata(spec, REDIS_NAME),
        spec: {
            replicas: 1,
            serviceName: REDIS_HEADLESS_SERVICE,
            selector: { matchLabels: REDIS_SELECTOR_LABELS },
            // A new image or config replaces the pod; the checksum below makes a config change a new revision.
            updateStrategy: { type: "RollingUpdate" },
            // The volume outlives the StatefulSet (a rename, a destroyed workload layer): Velero's snapshots are not the only copy.
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            template: {
                metadata: {
                    labels,
                    annotations: {
                        "checksum/config": configChecksum(config),
                        // Redis reads its users at start: a changed rule is a new revision too (passwords are not part of it).
                        "checksum/users": userRulesChecksum(spec.clients),
                        // Each move costs a volume detach, attach and AOF load: let the autoscaler free other nodes instead.
                        "cluster-autoscaler.kubernetes.io/safe-to-evict": "false",
                    },
                },
                spec: {
                    serviceAccountName: REDIS_NAME,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    priorityClassName: spec.priorityClassName,
                    terminationGracePeriodSeconds: REDIS_TERMINATION_GRACE_SECONDS,
                    securityContext: {
                        ...restrictedPodSecurity({ user: REDIS_USER, fsGroup: REDIS_USER }),
                        // Only a fresh or restored volume needs its ownership changed; a walk of every file at each start would delay it.
                        fsGroupChangePolicy: "OnRootMismatch",
                    },
                    containers: [redisContainer(spec, images.redis), exporterContainer(images.exporter)],
                    volumes: [
                        { name: "config", configMap: { name: REDIS_CONFIG_MAP } },
                        { name: "tls", secret: { secretName: REDIS_TLS_SECRET, defaultMode: SECRET_FILE_MODE } },
                        secretVolume(USERS_FILE),
                        secretVolume(PROBE_PASSWORD_FILE),
                        secretVolume(EXPORTER_PASSWORDS_FILE),
                        secretVolume(EXPORTER_CA_FILE),
                    ],
                },
            },
            volumeClaimTemplates: [{
                metadata: { name: REDIS_DATA_VOLUME, labels: redisClaimLabels() },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    storageClassName: spec.storageClassName,
                    resources: { requests: { storage: redisStorage(spec) } },
                },
            }],
        },
    } satisfies k8s.apps.v1.StatefulSetArgs;
}

/**
 * A server-side apply patch of the live claim's storage request: the claim grows in place (the
 * class allows expansion; the EBS CSI driver grows the volume and the filesystem online). Only
 * the request is applied, so the patch never creates a claim of its own.
 */
export function renderRedisDataVolumeSize(spec: RedisSpec, storage: pulumi.Input<string>) {
    return {
        metadata: {
            ...redisDataClaim(spec.namespace),
            annotations: {
                // The StatefulSet controller created the claim and owns its request: the first growth takes the field over.
                "pulumi.com/patchForce": "true",
                // The provider awaits a claim of a WaitForFirstConsumer class as a new, Pending one; this one is bound to the running pod.
                "pulumi.com/skipAwait": "true",
            },
        },
        spec: { resources: { requests: { storage } } },
    } satisfies k8s.core.v1.PersistentVolumeClaimPatchArgs;
}

/** Lets a drain evict the one pod (a budget over a single pod that allowed none would stall every node upgrade). */
export function renderRedisPodDisruptionBudget(spec: RedisSpec) {
    return { metadata: metadata(spec, REDIS_NAME), spec: { maxUnavailable: 1, selector: { matchLabels: REDIS_SELECTOR_LABELS } } } satisfies k8s.policy.v1.PodDisruptionBudgetArgs;
}

/** The clients on the Redis port, Prometheus on the exporter's; Redis calls nothing (DNS comes from the namespace). */
export function renderRedisNetworkPolicy(spec: RedisSpec) {
    const ingress: TrafficRule[] = [
        // Without clients, no rule: one with no peers would be rendered as `from: []`, which allows every source.
        ...(spec.clients.length > 0 ? [{ name: "clients", peers: spec.clients.map((client) => ({ pods: client.pods })), ports: [REDIS_PORT] }] : []),
        fromPrometheus([REDIS_METRICS_PORT]),
    ];
    const policy = renderWorkloadNetworkPolicy(spec.namespace, REDIS_NAME, REDIS_SELECTOR_LABELS, { ingress, egress: [] });
    return { ...policy, metadata: { ...policy.metadata, labels: redisLabels(spec) } } satisfies k8s.networking.v1.NetworkPolicyArgs;
}

export function renderRedisServiceMonitor(spec: RedisSpec) {
    return metricsServiceMonitor(metadata(spec, REDIS_NAME), REDIS_SELECTOR_LABELS);
}
