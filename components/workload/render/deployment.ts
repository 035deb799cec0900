/**
 * A service's Deployment: restricted pods under their own identity, spread over zones and
 * nodes, probed, and drained before they stop. The HPA owns the replica count.
 */
import type * as k8s from "@pulumi/kubernetes";
import { RESTRICTED_CONTAINER, restrictedPodSecurity, zoneSpread } from "../../addons/pod-security";
import { isDnsLabel } from "../../shared/naming";
import { ResourceRequirements, ServiceSpec } from "../spec";
import { selectorLabels, serviceLabels, serviceMetadata } from "./labels";
import { HTTP_PORT_NAME, METRICS_PORT_NAME } from "./service";
import { callsKubernetesApi } from "./service-account";

/** The uid, gid and fsGroup of every service's pods. */
export const SERVICE_USER = 10001;
/** Room per writable directory; past it the kubelet evicts the pod instead of filling the node's disk. */
export const WRITABLE_SIZE_LIMIT = "256Mi";
/** Read by the owner (the service's user) and the fsGroup; nobody writes. */
export const SECRET_FILE_MODE = 0o440;
/**
 * Seconds a stopping pod keeps serving before SIGTERM: endpoint removal reaches kube-proxy and
 * the ingress controller asynchronously, so without the pause new requests hit a closed socket.
 */
export const PRE_STOP_SLEEP_SECONDS = 5;
const STARTUP_PERIOD_SECONDS = 5;

/** A container's limits as configured: memory always, CPU only where set (no CPU limit lets pods burst on idle CPU). */
export function containerLimits(resources: ResourceRequirements): Record<string, string> {
    return resources.limits.cpu === undefined ? { memory: resources.limits.memory } : { cpu: resources.limits.cpu, memory: resources.limits.memory };
}

/** The emptyDir volume's name of a writable path: `/var/cache/app` → `writable-var-cache-app`. */
export function writableVolumeName(path: string): string {
    return `writable-${path.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}`;
}

function volumes(spec: ServiceSpec) {
    const writable = spec.definition.writablePaths.map((path) => ({ name: writableVolumeName(path), mountPath: path }));
    const names = [...writable, ...spec.secretMounts].map((v) => v.name);
    for (const name of names) {
        if (!isDnsLabel(name)) throw new Error(`service ${spec.definition.name}: volume name ${JSON.stringify(name)} is not a DNS label`);
    }
    for (const duplicate of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
        throw new Error(`service ${spec.definition.name}: two volumes are named ${duplicate}`);
    }
    return {
        volumes: [
            ...writable.map((v) => ({ name: v.name, emptyDir: { sizeLimit: WRITABLE_SIZE_LIMIT } }) satisfies k8s.types.input.core.v1.Volume),
            ...spec.secretMounts.map((m) => ({
                name: m.name,
                secret: { secretName: m.secretName, defaultMode: SECRET_FILE_MODE, ...(m.keys ? { items: m.keys.map((key) => ({ key, path: key })) } : {}) },
            }) satisfies k8s.types.input.core.v1.Volume),
        ],
        volumeMounts: [
            ...writable.map((v) => ({ name: v.name, mountPath: v.mountPath }) satisfies k8s.types.input.core.v1.VolumeMount),
            ...spec.secretMounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: true }) satisfies k8s.types.input.core.v1.VolumeMount),
        ],
    };
}

function probes(spec: ServiceSpec) {
    const { readinessPath, livenessPath, startupSeconds } = spec.definition.probes;
    const probe = (path: string, periodSeconds: number, failureThreshold: number) =>
        ({ httpGet: { path, port: HTTP_PORT_NAME }, periodSeconds, failureThreshold, timeoutSeconds: 2 }) satisfies k8s.types.input.core.v1.Probe;
    return {
        readinessProbe: probe(readinessPath, 5, 3),
        livenessProbe: probe(livenessPath, 10, 3),
        // Liveness only starts once this passes, so a slow start is not taken for a hung process.
        ...(startupSeconds === undefined ? {} : {
            startupProbe: probe(livenessPath, STARTUP_PERIOD_SECONDS, Math.ceil(startupSeconds / STARTUP_PERIOD_SECONDS)),
        }),
    };
}

/** Interruptible services tolerate the interruptible nodes' taints and prefer those nodes. */
function placement(spec: ServiceSpec) {
    const preferred = Object.entries(spec.preferredNodeLabels).sort(([a], [b]) => a.localeCompare(b));
    return {
        ...(spec.tolerations.length > 0 ? { tolerations: spec.tolerations } : {}),
        ...(preferred.length > 0 ? {
            affinity: {
                nodeAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [{
                        weight: 100,
                        preference: { matchExpressions: preferred.map(([key, value]) => ({ key, operator: "In", values: [value] })) },
                    }],
                },
            } satisfies k8s.types.input.core.v1.Affinity,
        } : {}),
    };
}

export function renderDeployment(spec: ServiceSpec) {
    const { definition, resources } = spec;
    if (definition.terminationGracePeriodSeconds <= PRE_STOP_SLEEP_SECONDS) {
        throw new Error(`service ${definition.name}: terminationGracePeriodSeconds ${definition.terminationGracePeriodSeconds} leaves no time to finish requests after the ${PRE_STOP_SLEEP_SECONDS} s preStop pause`);
    }
    const selector = selectorLabels(definition);
    const { volumes: podVolumes, volumeMounts } = volumes(spec);
    return {
        metadata: serviceMetadata(spec),
        spec: {
            selector: { matchLabels: selector },
            // Capacity never drops during a rollout: a new pod is ready before an old one goes.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
            revisionHistoryLimit: 5,
            template: {
                metadata: { labels: serviceLabels(spec), ...(spec.podAnnotations ? { annotations: spec.podAnnotations } : {}) },
                spec: {
                    serviceAccountName: definition.name,
                    automountServiceAccountToken: callsKubernetesApi(definition),
                    // Services find each other through DNS; a variable per Service in the namespace is noise.
                    enableServiceLinks: false,
                    priorityClassName: spec.priorityClassName,
                    terminationGracePeriodSeconds: definition.terminationGracePeriodSeconds,
                    securityContext: restrictedPodSecurity({ user: SERVICE_USER, fsGroup: SERVICE_USER }),
                    // Each spread counts only the pods of one ReplicaSet, so a rollout's old pods do not skew the new ones.
                    topologySpreadConstraints: [
                        { ...zoneSpread(selector, spec.zoneSpread), matchLabelKeys: ["pod-template-hash"] },
                        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector }, matchLabelKeys: ["pod-template-hash"] },
                    ],
                    ...placement(spec),
                    containers: [{
                        name: definition.name,
                        image: spec.image,
                        ports: [{ name: HTTP_PORT_NAME, containerPort: definition.port }, { name: METRICS_PORT_NAME, containerPort: definition.metricsPort }],
                        env: Object.keys(spec.env).sort().map((name) => ({ name, value: spec.env[name] })),
                        resources: {
                            requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
                            limits: containerLimits(resources),
                        },
                        securityContext: RESTRICTED_CONTAINER,
                        ...probes(spec),
                        lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
                        volumeMounts,
                    }],
                    volumes: podVolumes,
                },
            },
        },
    } satisfies k8s.apps.v1.DeploymentArgs;
}
