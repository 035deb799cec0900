import { ServiceDefinition } from "../../components/workload/spec";

/** Model inference: scores instruments for the signal engine; may run on spot capacity. */
export const ml: ServiceDefinition = {
    name: "ml",
    description: "Model inference: loads the trained models at start and scores instruments for the signal engine and the API.",
    component: "model-inference",
    port: 8080,
    metricsPort: 9090,
    metrics: [
        { name: "model_inference_duration_seconds", type: "histogram", help: "Duration of one model scoring.", labels: ["model"], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] },
        { name: "model_inference_failures_total", type: "counter", help: "Scorings that failed, by model and reason.", labels: ["model", "reason"] },
    ],
    // Loading the models takes up to two minutes; liveness waits until the startup probe passes.
    probes: { readinessPath: "/ready", livenessPath: "/healthz", startupSeconds: 120 },
    priority: "analytics",
    // Scores can be recomputed and callers retry, so a spot interruption costs latency, not data.
    interruptible: true,
    calls: [],
    uses: {
        // Redis caches scores, so a replica lost to a spot interruption is not a cold start for callers.
        redis: { keyPrefixes: ["score"], channelPrefixes: [], commands: ["get", "mget", "set", "del", "expire"] },
        database: false,
        apiKeys: [],
    },
    writablePaths: ["/tmp"],
    terminationGracePeriodSeconds: 60,
};
