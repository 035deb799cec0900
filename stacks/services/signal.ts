import { ServiceDefinition } from "../../components/workload/spec";

/** Signal generation: combines market data and model scores into trading signals. */
export const signal: ServiceDefinition = {
    name: "signal",
    description: "Signal engine: combines market data with model scores into trading signals and publishes them through Redis.",
    component: "signal-engine",
    port: 8080,
    metricsPort: 9090,
    metrics: [
        { name: "trading_signals_generated_total", type: "counter", help: "Signals published, by strategy and direction (buy, sell, hold).", labels: ["strategy", "direction"] },
        { name: "trading_signal_failures_total", type: "counter", help: "Signal computations that failed, by reason.", labels: ["strategy", "reason"] },
    ],
    probes: { readinessPath: "/ready", livenessPath: "/healthz" },
    priority: "trading",
    interruptible: false,
    calls: ["data", "ml"],
    uses: {
        // It keeps the latest signal per instrument and publishes each new one; only it may publish signals.
        redis: { keyPrefixes: ["signal"], channelPrefixes: ["signal"], commands: ["get", "mget", "set", "expire", "publish"] },
        database: false,
        apiKeys: [],
    },
    writablePaths: ["/tmp"],
    terminationGracePeriodSeconds: 30,
};
