/**
 * The trading system's in-cluster alerts, one or more for each of four categories (availability,
 * performance, infrastructure, business), as rule groups generated from the
 * services' metric contract. Every alert about one service carries `service` (the service's
 * name, which is its Prometheus `job`) and `namespace`; `ApplicationNamespaceDown` carries only
 * `namespace`, so Alertmanager can let it silence the per-service alerts it explains. Each
 * alert's runbook is its own `## <alert name>` section of docs/runbooks.md.
 *
 * Ratio alerts stay silent below a minimum traffic (`minRequestsPerSecond`), where one failed
 * request would read as a high rate; `for` durations outlast a rolling deploy or one bad scrape.
 */
import { MetricDefinition } from "../../workload/metrics";
import { AlertingRule, RuleGroup, runbookUrl, Severity } from "../rules";

/** The thresholds (`monitoring.alerts` of the stack config). */
export interface AlertThresholds {
    errorRatePercent: number;
    latencyP95Ms: number;
    minRequestsPerSecond: number;
    cpuUtilizationPercent: number;
    cacheHitRatePercent: number;
    redisMemoryPercent: number;
    tradingFailurePercent: number;
    authFailuresPerSecond: number;
    marketDataMaxAgeSeconds: number;
}

export interface ServiceAlertsArgs {
    /** The application namespace, where the services and Redis run. */
    namespace: string;
    /** The trading services: each name is its Prometheus job, its Deployment's container and its HPA. */
    services: readonly { name: string; metrics: readonly MetricDefinition[] }[];
    /** Redis's Prometheus job (the name of the Service its ServiceMonitor scrapes). */
    redisJob: string;
    /** Where docs/runbooks.md is published (`monitoring.runbooksUrl`). */
    runbooksUrl: string;
    thresholds: AlertThresholds;
}

/** Every alert this module defines, by the category it answers; each name is also its runbook heading. */
export const SERVICE_ALERTS = {
    availability: ["ServiceDown", "ApplicationNamespaceDown", "HighErrorRate"],
    performance: ["HighResponseTime", "HighCPUUsage", "ServiceAtMaxReplicas"],
    infrastructure: ["LowCacheHitRate", "RedisDown", "RedisMemoryHigh", "ServiceCrashLooping"],
    business: ["TradingFailures", "SignalFailures", "MarketDataStale", "SecurityBreaches"],
} as const;

export type ServiceAlertName = (typeof SERVICE_ALERTS)[keyof typeof SERVICE_ALERTS][number];

/** The window rates and ratios are taken over: several 30 s scrapes, short enough to follow an incident. */
const RATE_WINDOW = "5m";

/** The value of a `=~` matcher inside a PromQL string that selects exactly `values` (Prometheus anchors it); metacharacters escaped twice, for the regex and the string. */
const oneOf = (values: readonly string[]) => values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|");

/** The service whose contract exposes `metric`; throws when none or several do, since the alert would watch nothing or the wrong job. */
function exposing(services: ServiceAlertsArgs["services"], metric: string): string {
    const found = services.filter((s) => s.metrics.some((m) => m.name === metric));
    if (found.length !== 1) throw new Error(`exactly one service must expose ${metric}; found ${found.length} (${found.map((s) => s.name).join(", ") || "none"})`);
    return found[0].name;
}

const percent = (value: number) => Number((value / 100).toPrecision(6));

export function serviceAlertGroups(args: ServiceAlertsArgs): RuleGroup[] {
    const { namespace, thresholds: t } = args;
    const names = args.services.map((s) => s.name);
    const jobs = `namespace="${namespace}", job=~"${oneOf(names)}"`;
    const requests = `http_server_request_duration_seconds_count{${jobs}}`;
    const requestRate = `sum by (namespace, job) (rate(${requests}[${RATE_WINDOW}]))`;
    const busy = `${requestRate} >= ${t.minRequestsPerSecond}`;

    /**
     * An alert with the house's labels and annotations. `labels` are the ones the expression's
     * result lacks: `service` as a template over the label that names the service, or, after
     * absent() (whose result has no labels), `service` and `namespace` written out.
     */
    const alert = (name: ServiceAlertName, rule: { expr: string; for: string; severity: Severity; labels: Record<string, string>; summary: string; description: string }): AlertingRule => ({
        alert: name,
        expr: rule.expr,
        for: rule.for,
        labels: { severity: rule.severity, ...rule.labels },
        annotations: { summary: rule.summary, description: rule.description, runbook_url: runbookUrl(args.runbooksUrl, name) },
    });
    const byJob = { service: "{{ $labels.job }}" };
    const byContainer = { service: "{{ $labels.container }}" };

    const availability: AlertingRule[] = [
        // absent() cannot say which service is missing, so each service's outage is a rule of its own.
        ...names.map((name) => alert("ServiceDown", {
            expr: `absent(up{namespace="${namespace}", job="${name}"} == 1)`,
            for: "2m",
            severity: "critical",
            labels: { service: name, namespace },
            summary: `${name} is down in ${namespace}`,
            description: `No ${name} pod in ${namespace} has answered Prometheus's scrape for 2 minutes: every replica is down, not ready to be scraped, or gone.`,
        })),
        alert("ApplicationNamespaceDown", {
            expr: `absent(up{${jobs}} == 1)`,
            for: "2m",
            severity: "critical",
            labels: { namespace },
            summary: `No trading service answers in ${namespace}`,
            description: `None of ${names.join(", ")} in ${namespace} has answered Prometheus's scrape for 2 minutes: the whole application is down, or Prometheus cannot reach the namespace.`,
        }),
        alert("HighErrorRate", {
            expr: `(\n  sum by (namespace, job) (rate(http_server_request_duration_seconds_count{${jobs}, http_response_status_code=~"5.."}[${RATE_WINDOW}]))\n/\n  ${requestRate}\n) > ${percent(t.errorRatePercent)}\nand\n${busy}`,
            for: "10m",
            severity: "warning",
            labels: byJob,
            summary: "{{ $labels.job }} answers {{ $value | humanizePercentage }} of its requests with 5xx",
            description: `{{ $value | humanizePercentage }} of {{ $labels.job }}'s requests in {{ $labels.namespace }} have failed with a 5xx status for 10 minutes (target: below ${t.errorRatePercent} %).`,
        }),
    ];

    // Requests of running pods only: a Pending pod uses nothing, and counting it would hide the saturation that keeps it pending.
    const cpuRatio = `sum by (namespace, container) (rate(container_cpu_usage_seconds_total{namespace="${namespace}", container=~"${oneOf(names)}"}[${RATE_WINDOW}]))\n/\nsum by (namespace, container) (\n  kube_pod_container_resource_requests{namespace="${namespace}", container=~"${oneOf(names)}", resource="cpu"}\n  * on (namespace, pod) group_left ()\n  (kube_pod_status_phase{namespace="${namespace}", phase="Running"} == 1)\n)`;
    const hpa = `namespace="${namespace}", horizontalpodautoscaler=~"${oneOf(names)}"`;
    const performance: AlertingRule[] = [
        alert("HighResponseTime", {
            expr: `histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_server_request_duration_seconds_bucket{${jobs}}[${RATE_WINDOW}]))) > ${t.latencyP95Ms / 1000}\nand\n${busy}`,
            for: "10m",
            severity: "warning",
            labels: byJob,
            summary: "{{ $labels.job }}'s p95 response time is {{ $value | humanizeDuration }}",
            description: `95 % of {{ $labels.job }}'s requests in {{ $labels.namespace }} take up to {{ $value | humanizeDuration }}, above the ${t.latencyP95Ms} ms target, for 10 minutes.`,
        }),
        alert("HighCPUUsage", {
            expr: `(\n${cpuRatio}\n) > ${percent(t.cpuUtilizationPercent)}`,
            for: "15m",
            severity: "warning",
            labels: byContainer,
            summary: "{{ $labels.container }} uses {{ $value | humanizePercentage }} of its CPU requests",
            description: `{{ $labels.container }}'s pods in {{ $labels.namespace }} have used {{ $value | humanizePercentage }} of their CPU requests for 15 minutes, above ${t.cpuUtilizationPercent} % and every autoscaling target: the HPA is at its maximum or cannot place new pods.`,
        }),
        alert("ServiceAtMaxReplicas", {
            expr: `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{${hpa}})\n>=\nmax by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{${hpa}})`,
            for: "15m",
            severity: "warning",
            labels: { service: "{{ $labels.horizontalpodautoscaler }}" },
            summary: "{{ $labels.horizontalpodautoscaler }} has run at its maximum of {{ $value }} replicas for 15 minutes",
            description: "The autoscaler of {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has held it at its maximum replicas ({{ $value }}) for 15 minutes: more load will not get more pods.",
        }),
    ];

    const redis = `namespace="${namespace}", job="${args.redisJob}"`;
    const lookups = `sum by (namespace, job) (rate(redis_keyspace_hits_total{${redis}}[${RATE_WINDOW}]))\n+\nsum by (namespace, job) (rate(redis_keyspace_misses_total{${redis}}[${RATE_WINDOW}]))`;
    const infrastructure: AlertingRule[] = [
        alert("LowCacheHitRate", {
            expr: `(\n  sum by (namespace, job) (rate(redis_keyspace_hits_total{${redis}}[${RATE_WINDOW}]))\n/\n  (${lookups})\n) < ${percent(t.cacheHitRatePercent)}\nand\n(${lookups}) >= ${t.minRequestsPerSecond}`,
            for: "30m",
            severity: "ticket",
            labels: byJob,
            summary: "Only {{ $value | humanizePercentage }} of Redis lookups hit",
            description: `Only {{ $value | humanizePercentage }} of the lookups in Redis ({{ $labels.namespace }}) have found their key for 30 minutes (expected at least ${t.cacheHitRatePercent} %): the services go to the database or recompute instead.`,
        }),
        alert("RedisDown", {
            expr: `absent(redis_up{${redis}} == 1)`,
            for: "2m",
            severity: "critical",
            labels: { service: args.redisJob, namespace },
            summary: `Redis is down in ${namespace}`,
            description: `Redis in ${namespace} has not answered its exporter for 2 minutes (or the exporter is not scraped): sessions, token revocations, quotes and signals are unavailable to every service.`,
        }),
        alert("RedisMemoryHigh", {
            expr: `max by (namespace, job) (redis_memory_used_bytes{${redis}})\n/\nmax by (namespace, job) (redis_memory_max_bytes{${redis}} > 0)\n> ${percent(t.redisMemoryPercent)}`,
            for: "10m",
            severity: "warning",
            labels: byJob,
            summary: "Redis uses {{ $value | humanizePercentage }} of its maxmemory",
            description: `Redis in {{ $labels.namespace }} has used {{ $value | humanizePercentage }} of its maxmemory for 10 minutes (threshold ${t.redisMemoryPercent} %); at 100 % it refuses every write (maxmemory-policy noeviction).`,
        }),
        alert("ServiceCrashLooping", {
            expr: `max by (namespace, container) (max_over_time(kube_pod_container_status_waiting_reason{namespace="${namespace}", container=~"${oneOf(names)}", reason="CrashLoopBackOff"}[${RATE_WINDOW}])) >= 1`,
            for: "10m",
            severity: "warning",
            labels: byContainer,
            summary: "{{ $labels.container }} pods are crash-looping",
            description: "At least one {{ $labels.container }} pod in {{ $labels.namespace }} has been waiting in CrashLoopBackOff for 10 minutes: it starts, fails and is restarted with growing delays.",
        }),
    ];

    const gateway = exposing(args.services, "trading_orders_failed_total");
    const signal = exposing(args.services, "trading_signal_failures_total");
    const data = exposing(args.services, "market_data_age_seconds");
    const failureShare = (failed: string, succeeded: string, job: string) => {
        const selector = `{namespace="${namespace}", job="${job}"}`;
        const failedRate = `sum by (namespace, job) (rate(${failed}${selector}[${RATE_WINDOW}]))`;
        // At least a few failures in the window: one failed order among three is not a failure rate.
        return `${failedRate}\n/\n(${failedRate} + sum by (namespace, job) (rate(${succeeded}${selector}[${RATE_WINDOW}])))\n> ${percent(t.tradingFailurePercent)}\nand\nsum by (namespace, job) (increase(${failed}${selector}[${RATE_WINDOW}])) >= 5`;
    };
    const business: AlertingRule[] = [
        alert("TradingFailures", {
            expr: failureShare("trading_orders_failed_total", "trading_orders_placed_total", gateway),
            for: "5m",
            severity: "critical",
            labels: byJob,
            summary: "{{ $value | humanizePercentage }} of orders fail",
            description: `{{ $value | humanizePercentage }} of the orders {{ $labels.job }} handles in {{ $labels.namespace }} have failed or been refused for 5 minutes (threshold ${t.tradingFailurePercent} %).`,
        }),
        alert("SignalFailures", {
            expr: failureShare("trading_signal_failures_total", "trading_signals_generated_total", signal),
            for: "10m",
            severity: "warning",
            labels: byJob,
            summary: "{{ $value | humanizePercentage }} of signal computations fail",
            description: `{{ $value | humanizePercentage }} of {{ $labels.job }}'s signal computations in {{ $labels.namespace }} have failed for 10 minutes (threshold ${t.tradingFailurePercent} %): strategies trade on fewer signals.`,
        }),
        alert("MarketDataStale", {
            expr: `max by (namespace, job, provider) (market_data_age_seconds{namespace="${namespace}", job="${data}"}) > ${t.marketDataMaxAgeSeconds}`,
            for: "5m",
            severity: "warning",
            labels: byJob,
            summary: "Quotes from {{ $labels.provider }} are {{ $value | humanizeDuration }} old",
            description: `The newest quote {{ $labels.job }} holds from {{ $labels.provider }} in {{ $labels.namespace }} is {{ $value | humanizeDuration }} old (limit ${t.marketDataMaxAgeSeconds} s): signals and portfolio values are computed on stale prices.`,
        }),
        alert("SecurityBreaches", {
            expr: `sum by (namespace, job) (rate(auth_failures_total{namespace="${namespace}", job="${exposing(args.services, "auth_failures_total")}"}[${RATE_WINDOW}])) > ${t.authFailuresPerSecond}`,
            for: "5m",
            severity: "critical",
            labels: byJob,
            summary: "{{ $labels.job }} refuses {{ $value | humanize }} credentials per second",
            description: `{{ $labels.job }} in {{ $labels.namespace }} has refused {{ $value | humanize }} requests per second for their credentials for 5 minutes (threshold ${t.authFailuresPerSecond}/s): credential stuffing, a leaked or revoked key in use, or a broken signing key.`,
        }),
    ];

    return [
        { name: "signal-trading-availability", rules: availability },
        { name: "signal-trading-performance", rules: performance },
        { name: "signal-trading-infrastructure", rules: infrastructure },
        { name: "signal-trading-business", rules: business },
    ];
}
