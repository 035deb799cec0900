import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { unknownValuesKeys } from "../../../test/chart-values";
import { nodeGroupPlacement } from "../../cluster/placement";
import { PROMETHEUS_ADAPTER_PODS, prometheusAdapterValues } from "./values";

const CHART_VERSION = "5.3.0";
const CHART_VALUES = readFileSync(join(__dirname, "../../../test/fixtures/charts", `prometheus-adapter-${CHART_VERSION}-values.yaml`), "utf8");
/** templates/deployment.yaml writes `podSecurityContext` whole (toYaml), beyond the one key its default sets. */
const READ_BY_TEMPLATES = ["runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile"].map((k) => `podSecurityContext.${k}`);

/** The values the add-on gives the chart for a stack file's config. */
function valuesFor(stack: "dev" | "prod") {
    const config = parsedConfig(stack);
    return prometheusAdapterValues({ placement: nodeGroupPlacement("system", config.nodeGroups.system.taints), replicas: config.addons.prometheusAdapter.replicas, registry: REGISTRY });
}
const dev = valuesFor("dev");
const prod = valuesFor("prod");

describe("prometheus-adapter values", () => {
    it("sets only keys the pinned chart reads", () => {
        for (const stack of ["dev", "prod"] as const) assert.equal(parsedConfig(stack).addons.prometheusAdapter.version, CHART_VERSION, `${stack} pins another chart: replace the fixture`);
        assert.deepEqual(unknownValuesKeys(prod, CHART_VALUES, { paths: READ_BY_TEMPLATES }), []);
        assert.deepEqual(unknownValuesKeys(dev, CHART_VALUES, { paths: READ_BY_TEMPLATES }), []);
        assert.deepEqual(unknownValuesKeys({ ...prod, prometheusUrl: "x", rules: { ...prod.rules, customRules: [] } }, CHART_VALUES, { paths: READ_BY_TEMPLATES }), ["rules.customRules", "prometheusUrl"]);
    });

    it("runs the chart's adapter release from the account's registry.k8s.io cache", () => {
        assert.deepEqual(prod.image, { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s/prometheus-adapter/prometheus-adapter", tag: "v0.12.0" });
    });

    it("queries kube-prometheus-stack's Prometheus Service in the monitoring namespace on its web port", () => {
        assert.deepEqual(prod.prometheus, { url: "http://kube-prometheus-stack-prometheus.signal-trading-monitoring.svc", port: 9090, path: "" });
    });

    it("serves only the request-rate rule, not the chart's default rules over every series", () => {
        assert.equal(prod.rules.default, false);
        assert.deepEqual(prod.rules.custom.map((r) => r.name.as), ["http_server_requests_per_second"]);
    });

    it("has the API server verify its serving certificate through cert-manager rather than skip TLS verification", () => {
        assert.deepEqual(prod.certManager, { enabled: true });
    });

    it("runs two replicas in prod, never more than one down and strictly spread over zones", () => {
        assert.equal(prod.replicas, 2);
        assert.deepEqual(prod.podDisruptionBudget, { enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
        assert.deepEqual(prod.topologySpreadConstraints, [{
            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": "prometheus-adapter" } },
        }]);
    });

    it("runs one replica in dev, without a PodDisruptionBudget that would block every drain, and without a spread", () => {
        assert.equal(dev.replicas, 1);
        assert.deepEqual(dev.podDisruptionBudget, { enabled: false });
        assert.deepEqual(dev.topologySpreadConstraints, []);
    });

    it("spreads by the labels the chart gives its pods", () => {
        assert.deepEqual(PROMETHEUS_ADAPTER_PODS, { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": "prometheus-adapter" });
    });

    it("places the pods on the system nodes, tolerating their taint, as cluster-critical", () => {
        assert.deepEqual(prod.nodeSelector, { "node-group": "system" });
        assert.deepEqual(prod.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(dev.tolerations, []);
        assert.equal(prod.priorityClassName, "system-cluster-critical");
    });

    it("runs as non-root 10001 with a read-only root filesystem, no privilege escalation, no capabilities and the runtime's seccomp profile", () => {
        assert.deepEqual(prod.podSecurityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(prod.securityContext, {
            runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("requests resources, limits memory, and serves the API on 6443, the port the namespace opens to the control plane", () => {
        assert.deepEqual(prod.resources, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } });
        assert.equal(prod.listenPort, 6443);
    });
});
