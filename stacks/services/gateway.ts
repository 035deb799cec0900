import { ServiceDefinition } from "../../components/workload/spec";

/** The public API: authenticates clients (JWT) and routes their requests to the other services. */
export const gateway: ServiceDefinition = {
    name: "gateway",
    description: "Public API: authenticates clients with JWTs it signs, rate-limits them and routes requests to data, signal and ml.",
    component: "api-gateway",
    port: 8080,
    metricsPort: 9090,
    metrics: [
        { name: "trading_orders_placed_total", type: "counter", help: "Orders the gateway accepted from clients and passed on.", labels: ["order_type", "side"] },
        { name: "trading_orders_failed_total", type: "counter", help: "Orders refused or failed after acceptance, by reason.", labels: ["reason"] },
        { name: "trading_volume_usd_total", type: "counter", help: "Notional value of the accepted orders, in US dollars.", labels: ["side"] },
        { name: "auth_failures_total", type: "counter", help: "Requests refused for their credentials (bad, expired or revoked token, bad API key), by reason.", labels: ["reason"] },
    ],
    probes: { readinessPath: "/ready", livenessPath: "/healthz" },
    priority: "trading",
    interruptible: false,
    calls: ["data", "signal", "ml"],
    uses: {
        // Redis holds sessions and token revocations shared by every replica, and brings the signal
        // engine's signals to the clients it streams them to. It reads and writes only its own keys
        // and may listen to signals but never publish one.
        redis: {
            keyPrefixes: ["session", "revoked-token"],
            channelPrefixes: ["signal"],
            commands: ["get", "set", "del", "exists", "expire", "ttl", "subscribe", "unsubscribe", "psubscribe", "punsubscribe"],
        },
        database: false,
        jwt: "sign",
        apiKeys: [],
    },
    ingress: {
        // Per client address; the burst absorbs a dashboard's parallel requests at page load.
        rateLimit: { ratePerSecond: 20, burst: 40 },
        // Orders and queries are small JSON documents.
        maxBodySize: "1m",
    },
    writablePaths: ["/tmp"],
    terminationGracePeriodSeconds: 30,
};
