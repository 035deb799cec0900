import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { unknownValuesKeys } from "../../../test/chart-values";
import { nodeGroupPlacement } from "../../cluster/placement";
import { collectorConfig, OTEL_COLLECTOR_PODS, otelCollectorValues, OtelCollectorValuesInputs } from "./values";

const CHART_VERSION = "0.170.0";
const chartValuesYaml = () => readFileSync(join(__dirname, "../../../test/fixtures/charts", `opentelemetry-collector-${CHART_VERSION}-values.yaml`), "utf8");
const chartSchema = () => JSON.parse(readFileSync(join(__dirname, "../../../test/schemas/charts", `opentelemetry-collector-${CHART_VERSION}.values.schema.json`), "utf8"));

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const INPUTS: OtelCollectorValuesInputs = { region: "us-east-1", samplingPercent: 10, slowTraceMs: 500, replicas: 2, placement: PLACEMENT, registry: REGISTRY };
const values = (inputs: Partial<OtelCollectorValuesInputs> = {}) => otelCollectorValues({ ...INPUTS, ...inputs });

/**
 * Keys the chart's templates read that its values.yaml only mentions in a comment or leaves to a
 * map of its own: the PDB's budget (templates/pdb.yaml) and a port of our own (the ports loop of
 * templates/_config.tpl, which the schema's patternProperties allow).
 */
const READ_BY_TEMPLATES = ["podDisruptionBudget.maxUnavailable", "ports.spanmetrics"];

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
/** Helm's coalescing of values: maps merge key by key, anything else (lists included) replaces the default. */
function helmMerge(defaults: unknown, given: unknown): unknown {
    if (!isMap(defaults) || !isMap(given)) return given;
    return Object.fromEntries([...new Set([...Object.keys(defaults), ...Object.keys(given)])].map((k) => [k, k in given ? helmMerge(defaults[k], given[k]) : defaults[k]]));
}

describe("OpenTelemetry Collector values", () => {
    it("sets only keys the pinned chart reads, and passes its values schema", () => {
        for (const stack of ["dev", "prod"] as const) assert.equal(parsedConfig(stack).addons.openTelemetryCollector.version, CHART_VERSION, `${stack} pins another chart: replace the fixtures`);
        const v = values();
        assert.deepEqual(unknownValuesKeys(v, chartValuesYaml(), { paths: READ_BY_TEMPLATES }), []);
        const schema = chartSchema();
        delete schema.$schema;
        const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
        // Helm checks the schema against the chart's defaults with the release's values merged in.
        const defaults = parse(chartValuesYaml());
        assert.ok(validate(helmMerge(defaults, v)), JSON.stringify(validate.errors));
        assert.equal(validate(helmMerge(defaults, { ...v, replicas: 2 })), false, "a misspelt key passes the schema");
    });

    it("the key check catches a misspelt or misplaced key", () => {
        assert.deepEqual(unknownValuesKeys({ ...values(), serviceMonitor: { enabled: true, interval: "30s" }, replicas: 2 }, chartValuesYaml(), { paths: READ_BY_TEMPLATES }),
            ["serviceMonitor.interval", "replicas"]);
    });

    it("runs the contrib collector from the account's Docker Hub cache, as a Deployment named otel-collector", () => {
        const v = values();
        assert.deepEqual(v.image, { repository: `${REGISTRY}/docker-hub/otel/opentelemetry-collector-contrib`, tag: "0.158.0" });
        assert.equal(v.mode, "deployment");
        assert.equal(v.fullnameOverride, "otel-collector");
        assert.deepEqual(OTEL_COLLECTOR_PODS, { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": "otel-collector" });
    });

    it("replaces the chart's default configuration with the checked one instead of merging into it", () => {
        const v = values();
        assert.deepEqual(v.alternateConfig, collectorConfig(INPUTS));
        assert.equal("config" in v, false);
        // What `config` would have merged in from the chart's defaults, and `alternateConfig` leaves out.
        const defaults = parse(chartValuesYaml()).config;
        assert.deepEqual(Object.keys(defaults.receivers).sort(), ["jaeger", "otlp", "prometheus", "zipkin"]);
        assert.deepEqual(Object.keys(v.alternateConfig.receivers).sort(), ["otlp", "otlp/sampling"]);
    });

    it("opens OTLP gRPC and HTTP and both metrics ports, and turns the chart's Jaeger and Zipkin ports off", () => {
        assert.deepEqual(values().ports, {
            "otlp": { enabled: true, containerPort: 4317, servicePort: 4317, protocol: "TCP", appProtocol: "grpc" },
            "otlp-http": { enabled: true, containerPort: 4318, servicePort: 4318, protocol: "TCP" },
            "metrics": { enabled: true, containerPort: 8888, servicePort: 8888, protocol: "TCP" },
            "spanmetrics": { enabled: true, containerPort: 8889, servicePort: 8889, protocol: "TCP" },
            "jaeger-compact": { enabled: false },
            "jaeger-thrift": { enabled: false },
            "jaeger-grpc": { enabled: false },
            "zipkin": { enabled: false },
        });
    });

    it("is scraped through the chart's ServiceMonitor on both metrics ports", () => {
        assert.deepEqual(values().serviceMonitor, { enabled: true, metricsEndpoints: [{ port: "metrics" }, { port: "spanmetrics" }] });
    });

    it("in prod: spread over zones with a disruption budget; in dev: one replica, neither", () => {
        const prod = values({ replicas: 2 });
        assert.equal(prod.replicaCount, 2);
        assert.deepEqual(prod.topologySpreadConstraints, [{
            maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: OTEL_COLLECTOR_PODS }, matchLabelKeys: ["pod-template-hash"],
        }]);
        assert.deepEqual(prod.podDisruptionBudget, { enabled: true, maxUnavailable: 1 });
        const dev = values({ replicas: 1 });
        assert.equal(dev.replicaCount, 1);
        assert.deepEqual(dev.topologySpreadConstraints, []);
        assert.deepEqual(dev.podDisruptionBudget, { enabled: false });
        assert.deepEqual(prod.rollout, { strategy: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    });

    it("uses the service account created with its IRSA role, without a Kubernetes API token", () => {
        assert.deepEqual(values().serviceAccount, { create: false, name: "otel-collector", automountServiceAccountToken: false });
    });

    it("runs as a non-root user with a read-only root filesystem, no privilege escalation and no capabilities, on the system nodes", () => {
        const v = values();
        assert.deepEqual(v.podSecurityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(v.securityContext, {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(v.nodeSelector, { "node-group": "system" });
        assert.deepEqual(v.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        assert.deepEqual(v.resources, { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } });
    });
});

describe("OpenTelemetry Collector pipelines", () => {
    const config = collectorConfig(INPUTS);

    it("counts every span into span metrics before sampling, and routes each span by trace ID to the replica that samples its trace", () => {
        assert.deepEqual(config.service.pipelines["traces/ingest"], { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["spanmetrics", "loadbalancing"] });
        assert.deepEqual(config.exporters.loadbalancing, {
            routing_key: "traceID",
            protocol: { otlp: { tls: { insecure: true } } },
            resolver: { dns: { hostname: "otel-collector-sampling.opentelemetry.svc.cluster.local", port: "4319" } },
        });
        assert.deepEqual(config.receivers["otlp/sampling"], { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4319" } } });
    });

    it("keeps every failed and every slow trace and the configured share of the rest, and sends them to X-Ray in the stack's region", () => {
        assert.deepEqual(config.service.pipelines["traces/sample"], { receivers: ["otlp/sampling"], processors: ["memory_limiter", "tail_sampling", "batch"], exporters: ["awsxray"] });
        const sampling = collectorConfig({ region: "eu-west-1", samplingPercent: 25, slowTraceMs: 750 });
        assert.deepEqual(sampling.processors.tail_sampling.policies, [
            { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
            { name: "slow", type: "latency", latency: { threshold_ms: 750 } },
            { name: "share-of-the-rest", type: "probabilistic", probabilistic: { sampling_percentage: 25 } },
        ]);
        assert.deepEqual(sampling.exporters.awsxray, { region: "eu-west-1", telemetry: { enabled: true } });
    });

    it("exposes RED span metrics per service and route to Prometheus, in seconds", () => {
        assert.deepEqual(config.service.pipelines["metrics/spans"], { receivers: ["spanmetrics"], processors: ["memory_limiter", "batch"], exporters: ["prometheus"] });
        assert.deepEqual(config.connectors.spanmetrics.dimensions, [{ name: "http.route" }]);
        assert.equal((config.connectors.spanmetrics.histogram as any).unit, "s");
        assert.equal(config.exporters.prometheus.endpoint, "${env:MY_POD_IP}:8889");
    });

    it("listens on the pod's address only, and serves the chart's probes from the health_check extension", () => {
        assert.deepEqual(config.receivers.otlp, { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4317" }, http: { endpoint: "${env:MY_POD_IP}:4318" } } });
        assert.deepEqual(config.extensions.health_check, { endpoint: "${env:MY_POD_IP}:13133" });
        assert.deepEqual(config.service.extensions, ["health_check"]);
    });

    it("limits memory as a share of the container's limit, first in every pipeline", () => {
        assert.deepEqual(config.processors.memory_limiter, { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 });
        for (const pipeline of Object.values(config.service.pipelines)) assert.equal(pipeline.processors?.[0], "memory_limiter");
    });
});
