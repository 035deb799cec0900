import { ServiceDefinition } from "../../components/workload/spec";

/** Market data: ingests quotes from the external provider and serves history from PostgreSQL. */
export const data: ServiceDefinition = {
    name: "data",
    description: "Market data: ingests quotes from the external provider, stores them in PostgreSQL and serves current and historical prices.",
    component: "market-data",
    port: 8080,
    metricsPort: 9090,
    metrics: [
        { name: "market_data_updates_total", type: "counter", help: "Quotes ingested from the market-data provider.", labels: ["provider"] },
        { name: "market_data_age_seconds", type: "gauge", help: "Age of the newest quote held, per provider: how stale prices are.", labels: ["provider"] },
        { name: "trading_portfolio_value_usd", type: "gauge", help: "Value of the portfolios under management at current prices, in US dollars.", labels: [] },
    ],
    probes: { readinessPath: "/ready", livenessPath: "/healthz" },
    priority: "trading",
    interruptible: false,
    calls: [],
    uses: {
        // Redis caches the latest quote per instrument, with a TTL so stale prices expire.
        redis: { keyPrefixes: ["quote"], channelPrefixes: [], commands: ["get", "mget", "set", "del", "expire"] },
        database: true,
        // The provider's key pays for the feed.
        apiKeys: ["marketData"],
        externalApis: ["market data provider"],
    },
    writablePaths: ["/tmp"],
    terminationGracePeriodSeconds: 30,
};
