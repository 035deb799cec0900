/**
 * Business: what the trading system produces. Signals by strategy and direction, orders and
 * their failures, the portfolio's value and the volume traded, and the freshness of the market
 * data and the models' scoring the signals rest on.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard, DashboardInputs, lowIsGood, namespaceVariable, ratio, statPanel, timeseriesPanel } from "./grafana";

export const BUSINESS_UID = "signal-trading-business";

export function businessDashboard(inputs: DashboardInputs): dashboard.Dashboard {
    const ns = 'namespace="$namespace"';
    const rate = (series: string) => `rate(${series}{${ns}}[$__rate_interval])`;
    const lastDay = (series: string) => `sum(increase(${series}{${ns}}[1d]))`;
    const errorRate = ratio(inputs.targets.errorRatePercent);
    return buildDashboard({
        uid: BUSINESS_UID,
        title: "Signal Trading / Business",
        description: "Signals, orders, portfolio value and trading volume, and the data they rest on.",
        variables: [namespaceVariable(inputs.namespace)],
        rows: [
            {
                title: "Last 24 hours",
                panels: [
                    statPanel({
                        title: "Signals",
                        description: "Signals published over the last 24 hours.",
                        unit: "short", base: "blue",
                        queries: [{ expr: lastDay("trading_signals_generated_total") }],
                    }),
                    statPanel({
                        title: "Orders placed",
                        description: "Orders accepted over the last 24 hours.",
                        unit: "short", base: "blue",
                        queries: [{ expr: lastDay("trading_orders_placed_total") }],
                    }),
                    statPanel({
                        title: "Trading volume",
                        description: "Notional value of the orders accepted over the last 24 hours.",
                        unit: "currencyUSD", base: "blue",
                        queries: [{ expr: lastDay("trading_volume_usd_total") }],
                    }),
                    statPanel({
                        title: "Portfolio value",
                        description: "Value of the portfolios under management at current prices (every data replica reports the same book, hence the maximum).",
                        unit: "currencyUSD", base: "blue",
                        queries: [{ expr: `max(trading_portfolio_value_usd{${ns}})` }],
                    }),
                ],
            },
            {
                title: "Signals",
                panels: [
                    timeseriesPanel({
                        title: "Signals by strategy and direction",
                        description: "Signals published per second.",
                        unit: "ops", min: 0, width: 12, stacked: true,
                        queries: [{ expr: `sum by (strategy, direction) (${rate("trading_signals_generated_total")})`, legend: "{{strategy}} {{direction}}" }],
                    }),
                    timeseriesPanel({
                        title: "Signal failures",
                        description: "Signal computations that failed per second, by strategy and reason.",
                        unit: "ops", min: 0, width: 12,
                        queries: [{ expr: `sum by (strategy, reason) (${rate("trading_signal_failures_total")})`, legend: "{{strategy}}: {{reason}}" }],
                    }),
                ],
            },
            {
                title: "Orders",
                panels: [
                    timeseriesPanel({
                        title: "Orders placed",
                        description: "Orders accepted per second, by side and type.",
                        unit: "ops", min: 0, stacked: true,
                        queries: [{ expr: `sum by (side, order_type) (${rate("trading_orders_placed_total")})`, legend: "{{side}} {{order_type}}" }],
                    }),
                    timeseriesPanel({
                        title: "Orders failed",
                        description: "Orders refused or failed after acceptance per second, by reason.",
                        unit: "ops", min: 0, stacked: true,
                        queries: [{ expr: `sum by (reason) (${rate("trading_orders_failed_total")})`, legend: "{{reason}}" }],
                    }),
                    timeseriesPanel({
                        title: "Order failure rate",
                        description: `Failed orders over all orders (failed and placed); the SLA's error rate is ${inputs.targets.errorRatePercent} %.`,
                        unit: "percentunit", min: 0,
                        queries: [{
                            expr: `(sum(${rate("trading_orders_failed_total")}) or vector(0)) / ((sum(${rate("trading_orders_failed_total")}) or vector(0)) + sum(${rate("trading_orders_placed_total")}))`,
                            legend: "failed",
                        }],
                        steps: lowIsGood(errorRate),
                    }),
                ],
            },
            {
                title: "Portfolio and volume",
                panels: [
                    timeseriesPanel({
                        title: "Portfolio value",
                        description: "Value of the portfolios under management at current prices.",
                        unit: "currencyUSD", width: 12,
                        queries: [{ expr: `max(trading_portfolio_value_usd{${ns}})`, legend: "portfolio" }],
                    }),
                    timeseriesPanel({
                        title: "Trading volume per hour",
                        description: "Notional value of the orders accepted over each past hour, by side.",
                        unit: "currencyUSD", min: 0, width: 12, stacked: true,
                        queries: [{ expr: `sum by (side) (increase(trading_volume_usd_total{${ns}}[1h]))`, legend: "{{side}}" }],
                    }),
                ],
            },
            {
                title: "Inputs",
                panels: [
                    timeseriesPanel({
                        title: "Market data age",
                        description: "Age of the newest quote held, per provider: how stale the prices behind signals and valuations are.",
                        unit: "s", min: 0, width: 6,
                        queries: [{ expr: `max by (provider) (market_data_age_seconds{${ns}})`, legend: "{{provider}}" }],
                    }),
                    timeseriesPanel({
                        title: "Market data updates",
                        description: "Quotes ingested per second, per provider.",
                        unit: "ops", min: 0, width: 6,
                        queries: [{ expr: `sum by (provider) (${rate("market_data_updates_total")})`, legend: "{{provider}}" }],
                    }),
                    timeseriesPanel({
                        title: "Model scoring p95",
                        description: "95th percentile of one model scoring's duration, per model.",
                        unit: "s", min: 0, width: 6,
                        queries: [{ expr: `histogram_quantile(0.95, sum by (model, le) (${rate("model_inference_duration_seconds_bucket")}))`, legend: "{{model}}" }],
                    }),
                    timeseriesPanel({
                        title: "Model scoring failures",
                        description: "Scorings that failed per second, per model and reason.",
                        unit: "ops", min: 0, width: 6,
                        queries: [{ expr: `sum by (model, reason) (${rate("model_inference_failures_total")})`, legend: "{{model}}: {{reason}}" }],
                    }),
                    timeseriesPanel({
                        title: "Authentication failures",
                        description: "Requests the gateway refused for their credentials per second, by reason; a surge is an attack or a broken client.",
                        unit: "ops", min: 0, width: 24,
                        queries: [{ expr: `sum by (reason) (${rate("auth_failures_total")})`, legend: "{{reason}}" }],
                    }),
                ],
            },
        ],
    });
}
