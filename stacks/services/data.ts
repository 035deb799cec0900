import { ServiceDefinition } from "../../components/workload/spec";

/** Market data: ingests quotes from the external provider and serves history from PostgreSQL. */
export const data: ServiceDefinition = {
    name: "data",
    description: "Market data: ingests quotes from the external provider, stores them in PostgreSQL and serves current and historical prices.",
    component: "market-data",
    port: 8080,
    metricsPort: 9090,
    probes: { readinessPath: "/ready", livenessPath: "/healthz" },
    priority: "trading",
    interruptible: false,
    calls: [],
    // Redis caches the latest quotes; the provider's key pays for the feed.
    uses: { redis: true, database: true, apiKeys: ["marketData"], externalApis: ["market data provider"] },
    writablePaths: ["/tmp"],
    terminationGracePeriodSeconds: 30,
};
