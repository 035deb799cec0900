import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { disruptionBudget, restrictedContainerSecurity, restrictedPodSecurity, zoneSpread } from "../pod-security";
import { CollectorConfig, validateCollectorConfig } from "./pipeline";

export const OTEL_COLLECTOR_NAMESPACE = "opentelemetry";
export const OTEL_COLLECTOR_RELEASE = "otel-collector";
/** The chart's objects (Deployment, Service, ConfigMap) are named this, not `<release>-opentelemetry-collector`. */
export const OTEL_COLLECTOR_FULLNAME = "otel-collector";
/** Created with its IRSA role by the component; the chart only refers to it. */
export const OTEL_COLLECTOR_SERVICE_ACCOUNT = "otel-collector";
/** The headless Service whose DNS name lists every collector pod, for the trace-ID routing. */
export const SAMPLING_SERVICE = "otel-collector-sampling";
/** Its pods: the chart's selector labels for the release. */
export const OTEL_COLLECTOR_PODS = { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": OTEL_COLLECTOR_RELEASE };

export const PORTS = {
    /** OTLP from the services: gRPC and HTTP. */
    otlpGrpc: 4317,
    otlpHttp: 4318,
    /** OTLP between collector pods: spans routed by trace ID to the pod that samples the trace. */
    sampling: 4319,
    /** The collector's own metrics. */
    metrics: 8888,
    /** The span metrics (RED per service and route), for Prometheus. */
    spanMetrics: 8889,
    /** The health_check extension, the chart's probes' port. */
    health: 13133,
} as const;

/** The ports the services send OTLP to. */
export const OTLP_PORTS = [PORTS.otlpGrpc, PORTS.otlpHttp];

/** The contrib image's non-root user. */
const USER = 10001;

/** Latency buckets of the span metrics' histogram: around the 500 ms p95 target, up to the slowest calls worth telling apart. */
export const DURATION_BUCKETS = ["5ms", "10ms", "25ms", "50ms", "100ms", "250ms", "500ms", "750ms", "1s", "2500ms", "5s", "10s"];

export interface PipelineInputs {
    region: string;
    /** Share (0–100) of the traces that are neither failed nor slow kept. */
    samplingPercent: number;
    /** Traces lasting at least this long are always kept. */
    slowTraceMs: number;
}

/** `<host>:<port>` on the pod's own address (the chart sets MY_POD_IP), never on every interface. */
const onPodIp = (port: number) => `\${env:MY_POD_IP}:${port}`;

/**
 * The gateway's pipelines, on every replica alike:
 * - `traces/ingest` takes the services' spans, counts them into span metrics (every span, before
 *   sampling, so the RED numbers are exact) and routes each span by its trace ID to one replica;
 * - `traces/sample` on that replica holds the whole trace, keeps it when it failed, was slow or
 *   falls in the configured share, and sends it to X-Ray;
 * - `metrics/spans` exposes the span metrics to Prometheus.
 */
export function collectorConfig(inputs: PipelineInputs): CollectorConfig {
    const samplingHost = `${SAMPLING_SERVICE}.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local`;
    return {
        receivers: {
            otlp: { protocols: { grpc: { endpoint: onPodIp(PORTS.otlpGrpc) }, http: { endpoint: onPodIp(PORTS.otlpHttp) } } },
            "otlp/sampling": { protocols: { grpc: { endpoint: onPodIp(PORTS.sampling) } } },
        },
        processors: {
            // Percentages of the container's memory limit: the collector refuses data (the SDKs retry) before the kernel kills it.
            memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
            batch: { timeout: "5s", send_batch_size: 1024 },
            tail_sampling: {
                // A trace of the trading path ends well within this; late spans of a decided trace follow the decision.
                decision_wait: "10s",
                num_traces: 50000,
                // A trace is kept when any policy keeps it.
                policies: [
                    { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
                    { name: "slow", type: "latency", latency: { threshold_ms: inputs.slowTraceMs } },
                    { name: "share-of-the-rest", type: "probabilistic", probabilistic: { sampling_percentage: inputs.samplingPercent } },
                ],
            },
        },
        exporters: {
            loadbalancing: {
                routing_key: "traceID",
                // In-cluster hop between the collector's own pods, inside the namespace's network policies.
                protocol: { otlp: { tls: { insecure: true } } },
                resolver: { dns: { hostname: samplingHost, port: String(PORTS.sampling) } },
            },
            // The exporter's telemetry reports its own failures to X-Ray (PutTelemetryRecords).
            awsxray: { region: inputs.region, telemetry: { enabled: true } },
            prometheus: { endpoint: onPodIp(PORTS.spanMetrics), metric_expiration: "5m" },
        },
        connectors: {
            spanmetrics: {
                histogram: { unit: "s", explicit: { buckets: DURATION_BUCKETS } },
                // service.name, span.name, span.kind and status.code (errors) are always dimensions; the route groups a service's calls.
                dimensions: [{ name: "http.route" }],
                metrics_flush_interval: "15s",
            },
        },
        extensions: {
            health_check: { endpoint: onPodIp(PORTS.health) },
        },
        service: {
            extensions: ["health_check"],
            pipelines: {
                "traces/ingest": { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["spanmetrics", "loadbalancing"] },
                "traces/sample": { receivers: ["otlp/sampling"], processors: ["memory_limiter", "tail_sampling", "batch"], exporters: ["awsxray"] },
                "metrics/spans": { receivers: ["spanmetrics"], processors: ["memory_limiter", "batch"], exporters: ["prometheus"] },
            },
            telemetry: {
                metrics: { readers: [{ pull: { exporter: { prometheus: { host: "${env:MY_POD_IP}", port: PORTS.metrics } } } }] },
            },
        },
    };
}

export interface OtelCollectorValuesInputs extends PipelineInputs {
    replicas: number;
    placement: Placement;
    /** This account's ECR registry host, whose pull-through cache serves the image. */
    registry: string;
}

/** The chart's ports: OTLP and the two metrics ports; Jaeger and Zipkin, on by default, off. */
function chartPorts() {
    const tcp = (port: number) => ({ enabled: true, containerPort: port, servicePort: port, protocol: "TCP" });
    return {
        "otlp": { ...tcp(PORTS.otlpGrpc), appProtocol: "grpc" },
        "otlp-http": tcp(PORTS.otlpHttp),
        "metrics": tcp(PORTS.metrics),
        "spanmetrics": tcp(PORTS.spanMetrics),
        "jaeger-compact": { enabled: false },
        "jaeger-thrift": { enabled: false },
        "jaeger-grpc": { enabled: false },
        "zipkin": { enabled: false },
    };
}

/** Values of the opentelemetry-collector chart (0.170) for the gateway Deployment; refuses a pipeline configuration the collector would not run. */
export function otelCollectorValues(inputs: OtelCollectorValuesInputs) {
    const config = collectorConfig(inputs);
    const problems = validateCollectorConfig(config);
    if (problems.length > 0) throw new Error(`the OpenTelemetry Collector's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return {
        mode: "deployment",
        fullnameOverride: OTEL_COLLECTOR_FULLNAME,
        image: chartImage(inputs.registry, CHART_IMAGES.otelCollectorContrib),
        // `config` is merged with the chart's defaults (Jaeger, Zipkin and Prometheus receivers, a
        // debug exporter), so the collector would run more than was checked; `alternateConfig`
        // replaces them, and the collector runs exactly the configuration validated above.
        alternateConfig: config,
        replicaCount: inputs.replicas,
        serviceAccount: { create: false, name: OTEL_COLLECTOR_SERVICE_ACCOUNT, automountServiceAccountToken: false },
        ports: chartPorts(),
        // The fsGroup makes the projected IRSA token readable by the non-root user.
        podSecurityContext: restrictedPodSecurity({ user: USER, fsGroup: USER }),
        securityContext: restrictedContainerSecurity({ user: USER }),
        // GOMEMLIMIT (the chart's useGOMEMLIMIT) follows the limit; memory_limiter acts below it.
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
        topologySpreadConstraints: inputs.replicas > 1 ? [{ ...zoneSpread(OTEL_COLLECTOR_PODS, "DoNotSchedule"), matchLabelKeys: ["pod-template-hash"] }] : [],
        podDisruptionBudget: disruptionBudget(inputs.replicas, { maxUnavailable: 1 }),
        // A new pod is ready before an old one goes: the services' exporters always find a receiver.
        rollout: { strategy: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        serviceMonitor: { enabled: true, metricsEndpoints: [{ port: "metrics" }, { port: "spanmetrics" }] },
    };
}
