/**
 * The metric contract: what every trading service exposes on its metrics port, as Prometheus
 * scrapes it. Alert rules, SLOs, dashboards and autoscaling may name only these metrics or
 * those of the exporters the platform runs (components/alerting/exporter-metrics.ts);
 * docs/metrics.md, generated from this file and stacks/services, is what service teams
 * implement.
 */

export type MetricType = "counter" | "gauge" | "histogram";

/** One metric as Prometheus exposes it. */
export interface MetricDefinition {
    /** The exposed name: counters end in `_total`; a histogram's name is its base, exposed as `_bucket`, `_sum` and `_count`. */
    name: string;
    type: MetricType;
    /** The HELP text, one sentence. */
    help: string;
    /** Labels beyond the ones Prometheus adds at scrape time (job, namespace, pod, instance ...). */
    labels: string[];
    /** A histogram's bucket upper bounds, ascending, in the metric's unit; `+Inf` is implied. */
    buckets?: number[];
}

/**
 * Bucket bounds of `http.server.request.duration` that the OpenTelemetry SDKs use by default
 * (seconds). A latency SLO's threshold must be one of them: a threshold between two bounds
 * cannot be counted exactly.
 */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * What every service exposes for the HTTP requests it serves, named as the OpenTelemetry HTTP
 * semantic conventions' `http.server.request.duration` and `http.server.active_requests`
 * appear through Prometheus (dots to underscores, the unit as a suffix, attributes as labels).
 * The conventions define no separate request counter: the histogram's `_count` series counts
 * the requests, by status code, and is what request-rate and error-rate expressions use.
 */
export const HTTP_SERVER_METRICS: readonly MetricDefinition[] = [
    {
        name: "http_server_request_duration_seconds",
        type: "histogram",
        help: "Duration of HTTP requests the service answered; its _count series counts them by status code.",
        labels: ["http_request_method", "http_route", "http_response_status_code"],
        buckets: HTTP_DURATION_BUCKETS,
    },
    {
        name: "http_server_active_requests",
        type: "gauge",
        help: "HTTP requests the service is answering now.",
        labels: ["http_request_method"],
    },
];

/** The series a metric appears as in Prometheus: a histogram's three, or the name itself. */
export function exposedSeries(metric: MetricDefinition): string[] {
    return metric.type === "histogram" ? ["_bucket", "_sum", "_count"].map((suffix) => metric.name + suffix) : [metric.name];
}

/** Everything one service exposes: the HTTP server metrics and its own. */
export function serviceMetrics(service: { metrics: readonly MetricDefinition[] }): MetricDefinition[] {
    return [...HTTP_SERVER_METRICS, ...service.metrics];
}

/** Every series name the services expose. */
export function contractSeries(services: readonly { metrics: readonly MetricDefinition[] }[]): Set<string> {
    return new Set(services.flatMap((service) => serviceMetrics(service).flatMap(exposedSeries)));
}

/** Problems of a service's own metrics: names that break the conventions or clash with the HTTP ones. */
export function metricContractProblems(serviceName: string, metrics: readonly MetricDefinition[]): string[] {
    const problems: string[] = [];
    const seen = new Set(HTTP_SERVER_METRICS.map((m) => m.name));
    for (const metric of metrics) {
        const where = `service ${serviceName}, metric ${metric.name}`;
        if (!/^[a-z][a-z0-9_]*$/.test(metric.name)) problems.push(`${where}: must be lowercase snake_case`);
        if (seen.has(metric.name)) problems.push(`${where}: is defined twice`);
        seen.add(metric.name);
        if (metric.type === "counter" && !metric.name.endsWith("_total")) problems.push(`${where}: a counter's name must end in _total`);
        if (metric.type !== "counter" && metric.name.endsWith("_total")) problems.push(`${where}: only counters end in _total`);
        if (metric.type === "histogram" && !(metric.buckets && metric.buckets.length > 0)) problems.push(`${where}: a histogram needs its buckets`);
        if (metric.buckets && metric.buckets.some((b, i) => i > 0 && b <= metric.buckets![i - 1])) problems.push(`${where}: buckets must ascend`);
        for (const label of metric.labels) if (!/^[a-z][a-z0-9_]*$/.test(label)) problems.push(`${where}: label ${label} must be lowercase snake_case`);
    }
    return problems;
}
