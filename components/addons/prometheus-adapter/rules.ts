/**
 * What prometheus-adapter serves on the custom metrics API: one pods metric, the requests per
 * second each pod answers, computed from the request counter of the metric contract. The HPA
 * renderer names the metric from here, so the name an HPA asks for is the name the adapter
 * produces.
 */
import { exposedSeries, HTTP_SERVER_METRICS } from "../../workload/metrics";

/** The contract's request counter: the `_count` series of `http_server_request_duration_seconds`, which every service exposes. */
export const REQUEST_COUNTER = exposedSeries(HTTP_SERVER_METRICS.find((m) => m.name === "http_server_request_duration_seconds")!).find((s) => s.endsWith("_count"))!;

/** The pods metric on custom.metrics.k8s.io (v1beta1) that request-driven services scale on. */
export const REQUEST_RATE_METRIC = "http_server_requests_per_second";

/**
 * The window of the rate: four scrapes at the services' 30 s interval, so two missed scrapes
 * still leave a rate, while a step in load shows within a scrape or two of it.
 */
export const REQUEST_RATE_WINDOW = "2m";

/** The adapter's template fields (Go templates with `<<` `>>` delimiters), filled in per query. */
export interface QueryFields {
    series: string;
    labelMatchers: string;
    groupBy: string;
}

const TEMPLATE_FIELDS: QueryFields = { series: "<<.Series>>", labelMatchers: "<<.LabelMatchers>>", groupBy: "<<.GroupBy>>" };

/**
 * Requests per second per pod: every route, method and status code counted (a failed request is
 * load too), summed by the pods the HPA asks about. Filled with concrete fields it is the PromQL
 * the adapter sends.
 */
export function requestRateQuery(fields: QueryFields = TEMPLATE_FIELDS): string {
    return `sum by (${fields.groupBy}) (rate(${fields.series}{${fields.labelMatchers}}[${REQUEST_RATE_WINDOW}]))`;
}

/**
 * The series the rule discovers: the request counter of pods Prometheus scraped through a
 * ServiceMonitor, which labels each sample with its pod and namespace.
 */
export const REQUEST_COUNTER_SERIES_QUERY = `${REQUEST_COUNTER}{namespace!="",pod!=""}`;

/** The adapter's `rules` entry (its config file format): the request counter as the request-rate metric of pods. */
export function customMetricRules() {
    return [{
        seriesQuery: REQUEST_COUNTER_SERIES_QUERY,
        resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
        name: { matches: `^${REQUEST_COUNTER}$`, as: REQUEST_RATE_METRIC },
        metricsQuery: requestRateQuery(),
    }];
}
