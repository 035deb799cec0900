import { strict as assert } from "node:assert";
import { renderDeployment, writableVolumeName } from "./deployment";
import { serviceSpec } from "./fixture";
import { selectorLabels, serviceLabels } from "./labels";
import { ServiceSpec } from "../spec";

const podOf = (spec: ServiceSpec) => renderDeployment(spec).spec.template.spec;
const containerOf = (spec: ServiceSpec) => podOf(spec).containers[0];
const SPOT_TOLERATION = { key: "workload-class", operator: "Equal", value: "interruptible", effect: "NoSchedule" } as const;

describe("Deployment of a service", () => {
    it("leaves the replica count to the HPA and rolls out without losing capacity", () => {
        const deployment = renderDeployment(serviceSpec());
        assert.equal("replicas" in deployment.spec, false);
        assert.deepEqual(deployment.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } });
        assert.equal(deployment.spec.revisionHistoryLimit, 5);
        assert.deepEqual([deployment.metadata.name, deployment.metadata.namespace], ["quotes", "signal-trading"]);
    });

    it("selects exactly its pods: the selector matches the template's labels, which carry every service label", () => {
        const spec = serviceSpec();
        const deployment = renderDeployment(spec);
        assert.deepEqual(deployment.spec.selector.matchLabels, selectorLabels(spec.definition));
        assert.deepEqual(deployment.spec.template.metadata.labels, serviceLabels(spec));
        for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) assert.equal(deployment.spec.template.metadata.labels[key], value, key);
    });

    it("runs its pods under the service's own account, without a token unless it calls the Kubernetes API, and without service links", () => {
        const pod = podOf(serviceSpec());
        assert.equal(pod.serviceAccountName, "quotes");
        assert.equal(pod.automountServiceAccountToken, false);
        assert.equal(pod.enableServiceLinks, false);
        const caller = podOf(serviceSpec((s) => { s.definition.uses.kubernetesApi = [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]; }));
        assert.equal(caller.automountServiceAccountToken, true);
    });

    it("meets the restricted standard as uid, gid and fsGroup 10001 with a read-only root and no capabilities", () => {
        assert.deepEqual(podOf(serviceSpec()).securityContext,
            { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(containerOf(serviceSpec()).securityContext,
            { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    });

    it("takes its priority class and grace period from the spec", () => {
        const pod = podOf(serviceSpec((s) => { s.priorityClassName = "signal-trading-standard"; s.definition.terminationGracePeriodSeconds = 60; }));
        assert.equal(pod.priorityClassName, "signal-trading-standard");
        assert.equal(pod.terminationGracePeriodSeconds, 60);
    });

    it("spreads the pods of each rollout over zones as the spec says, and over nodes when it can", () => {
        const selector = { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" };
        const ofOneReplicaSet = ["pod-template-hash"];
        assert.deepEqual(podOf(serviceSpec((s) => { s.zoneSpread = "ScheduleAnyway"; })).topologySpreadConstraints, [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector }, matchLabelKeys: ofOneReplicaSet },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector }, matchLabelKeys: ofOneReplicaSet },
        ]);
        assert.equal(podOf(serviceSpec()).topologySpreadConstraints[0].whenUnsatisfiable, "DoNotSchedule");
    });

    it("places an interruptible service on the tolerated spot nodes by preference, and any other service without tolerations or affinity", () => {
        const spot = podOf(serviceSpec((s) => {
            s.tolerations = [SPOT_TOLERATION];
            s.preferredNodeLabels = { "workload-class": "interruptible", "node-role": "spot" };
        }));
        assert.deepEqual(spot.tolerations, [SPOT_TOLERATION]);
        assert.deepEqual(spot.affinity, {
            nodeAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{
                    weight: 100,
                    preference: { matchExpressions: [{ key: "node-role", operator: "In", values: ["spot"] }, { key: "workload-class", operator: "In", values: ["interruptible"] }] },
                }],
            },
        });
        const onDemand = podOf(serviceSpec());
        assert.equal("tolerations" in onDemand, false);
        assert.equal("affinity" in onDemand, false);
    });

    it("runs one container named after the service with the image as given, its http and metrics ports, and its settings sorted by name", () => {
        const image = Promise.resolve("registry/quotes:1.2.3@sha256:abc");
        const container = containerOf(serviceSpec((s) => { s.image = image; s.env = { ZETA: "z", ALPHA: "a", MIDDLE: "m" }; }));
        assert.equal(podOf(serviceSpec()).containers.length, 1);
        assert.equal(container.name, "quotes");
        assert.equal(container.image, image);
        assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }]);
        assert.deepEqual(container.env, [{ name: "ALPHA", value: "a" }, { name: "MIDDLE", value: "m" }, { name: "ZETA", value: "z" }]);
    });

    it("requests and limits exactly the configured resources, with no CPU limit when none is configured", () => {
        assert.deepEqual(containerOf(serviceSpec()).resources, { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "500m", memory: "1Gi" } });
        assert.deepEqual(containerOf(serviceSpec((s) => { s.resources.limits = { memory: "1Gi" }; })).resources,
            { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } });
    });

    it("probes readiness every 5 s and liveness every 10 s on the http port, without a startup probe for a fast starter", () => {
        const container = containerOf(serviceSpec());
        assert.deepEqual(container.readinessProbe, { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 });
        assert.deepEqual(container.livenessProbe, { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 });
        assert.equal("startupProbe" in container, false);
    });

    it("gives a slow starter a startup probe on the liveness path covering at least its startup time", () => {
        const container = containerOf(serviceSpec((s) => { s.definition.probes.startupSeconds = 121; }));
        assert.deepEqual(container.startupProbe, { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5, failureThreshold: 25, timeoutSeconds: 2 });
    });

    it("pauses 5 s before SIGTERM so endpoints drain, and refuses a grace period that the pause would use up", () => {
        assert.deepEqual(containerOf(serviceSpec()).lifecycle, { preStop: { sleep: { seconds: 5 } } });
        assert.throws(() => renderDeployment(serviceSpec((s) => { s.definition.terminationGracePeriodSeconds = 5; })),
            /^Error: service quotes: terminationGracePeriodSeconds 5 leaves no time to finish requests after the 5 s preStop pause$/);
    });

    it("backs each writable path with a size-limited emptyDir and mounts each secret read-only as files readable by owner and group", () => {
        const spec = serviceSpec((s) => { s.definition.writablePaths = ["/tmp", "/var/cache/app"]; });
        assert.deepEqual(podOf(spec).volumes, [
            { name: "writable-tmp", emptyDir: { sizeLimit: "256Mi" } },
            { name: "writable-var-cache-app", emptyDir: { sizeLimit: "256Mi" } },
            { name: "database-credentials", secret: { secretName: "database-credentials", defaultMode: 0o440 } },
        ]);
        assert.deepEqual(containerOf(spec).volumeMounts, [
            { name: "writable-tmp", mountPath: "/tmp" },
            { name: "writable-var-cache-app", mountPath: "/var/cache/app" },
            { name: "database-credentials", mountPath: "/var/run/secrets/signal-trading/database-credentials", readOnly: true },
        ]);
    });

    it("annotates the pods as the spec asks, so a change of what they were admitted with rolls them, and adds no annotations otherwise", () => {
        const spec = serviceSpec((s) => { s.podAnnotations = { "signal-trading.io/security-groups": "sg-a,sg-b" }; });
        assert.deepEqual(renderDeployment(spec).spec.template.metadata.annotations, { "signal-trading.io/security-groups": "sg-a,sg-b" });
        assert.equal("annotations" in renderDeployment(serviceSpec()).spec.template.metadata, false);
    });

    it("projects only the listed keys of a Secret that is mounted in part", () => {
        const spec = serviceSpec((s) => { s.secretMounts = [{ name: "redis-ca", secretName: "redis-tls", mountPath: "/var/run/secrets/signal-trading/redis-ca", keys: ["ca.crt"] }]; });
        assert.deepEqual(podOf(spec).volumes.at(-1), { name: "redis-ca", secret: { secretName: "redis-tls", defaultMode: 0o440, items: [{ key: "ca.crt", path: "ca.crt" }] } });
    });

    it("names a writable path's volume after the path, the same way every time", () => {
        assert.equal(writableVolumeName("/tmp"), "writable-tmp");
        assert.equal(writableVolumeName("/home/app/.cache"), "writable-home-app-cache");
    });

    it("refuses volumes whose names collide or are not DNS labels, naming the service", () => {
        assert.throws(() => renderDeployment(serviceSpec((s) => { s.definition.writablePaths = ["/tmp", "/TMP/"]; })),
            /^Error: service quotes: two volumes are named writable-tmp$/);
        assert.throws(() => renderDeployment(serviceSpec((s) => { s.definition.writablePaths = [`/${"a".repeat(60)}`]; })),
            /^Error: service quotes: volume name "writable-a{60}" is not a DNS label$/);
    });
});
