import { strict as assert } from "node:assert";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { nodeGroupPlacement } from "../../cluster/placement";
import { METRICS_SERVER_PODS, metricsServerValues } from "./values";

/** The values the add-on gives the chart for a stack file's config. */
function valuesFor(stack: "dev" | "prod") {
    const config = parsedConfig(stack);
    return metricsServerValues({ placement: nodeGroupPlacement("system", config.nodeGroups.system.taints), replicas: config.addons.metricsServer.replicas, registry: REGISTRY });
}
const dev = valuesFor("dev");
const prod = valuesFor("prod");

describe("metrics-server values", () => {
    it("runs the chart's metrics-server release from the account's registry.k8s.io cache", () => {
        assert.deepEqual(prod.image, { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/metrics-server/metrics-server", tag: "v0.8.1" });
    });

    it("runs two replicas in prod, never more than one down and strictly spread over zones", () => {
        assert.equal(prod.replicas, 2);
        assert.deepEqual(prod.podDisruptionBudget, { enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
        assert.deepEqual(prod.topologySpreadConstraints, [{
            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "metrics-server" } },
        }]);
    });

    it("runs one replica in dev, without a PodDisruptionBudget that would block every drain, and without a spread", () => {
        assert.equal(dev.replicas, 1);
        assert.deepEqual(dev.podDisruptionBudget, { enabled: false });
        assert.deepEqual(dev.topologySpreadConstraints, []);
    });

    it("spreads by the labels the chart gives its pods", () => {
        assert.deepEqual(METRICS_SERVER_PODS, { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "metrics-server" });
    });

    it("places the pods on the system nodes, tolerating their taint, as cluster-critical", () => {
        assert.deepEqual(prod.nodeSelector, { "node-group": "system" });
        assert.deepEqual(prod.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(dev.nodeSelector, { "node-group": "system" });
        assert.deepEqual(dev.tolerations, []);
        assert.equal(prod.priorityClassName, "system-cluster-critical");
    });

    it("runs as non-root 65534 with a read-only root filesystem, no privilege escalation, no capabilities and the runtime's seccomp profile", () => {
        assert.deepEqual(prod.podSecurityContext, { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(prod.securityContext, {
            runAsNonRoot: true, runAsUser: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("requests resources and limits memory", () => {
        assert.deepEqual(prod.resources, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "384Mi" } });
    });

    it("serves the metrics API on 10250, the port the namespace lets the control plane reach", () => {
        assert.equal(prod.containerPort, 10250);
    });

    it("creates no ServiceMonitor, which would need the Prometheus operator's CRDs", () => {
        assert.deepEqual(prod.serviceMonitor, { enabled: false });
        assert.deepEqual(prod.metrics, { enabled: false });
    });
});
