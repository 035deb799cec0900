/**
 * System Overview: is the trading system up and serving, at a glance. A status matrix of the
 * services, then the golden signals of every service side by side (request rate, p95 latency,
 * error rate, saturation) against the SLA's targets, and the alerts firing now.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard, DashboardInputs, lowIsGood, namespaceVariable, ratio, servicesMatcher, shareOf, statPanel, timeseriesPanel } from "./grafana";

export const SYSTEM_OVERVIEW_UID = "signal-trading-overview";

export function systemOverviewDashboard(inputs: DashboardInputs): dashboard.Dashboard {
    const services = `namespace="$namespace", ${servicesMatcher(inputs.services)}`;
    const containers = `namespace="$namespace", container=~"${inputs.services.join("|")}"`;
    const requests = `http_server_request_duration_seconds_count{${services}}`;
    const errorRate = ratio(inputs.targets.errorRatePercent);
    return buildDashboard({
        uid: SYSTEM_OVERVIEW_UID,
        title: "Signal Trading / System Overview",
        description: "Every trading service's health and golden signals against the SLA's targets.",
        variables: [namespaceVariable(inputs.namespace)],
        rows: [
            {
                title: "Status",
                panels: [
                    statPanel({
                        title: "Service status",
                        description: "Share of each service's scrape targets (pods) that answer: green when all do, orange when some do not, red when fewer than half do.",
                        unit: "percentunit", min: 0, max: 1, width: 16,
                        queries: [{ expr: `sum by (job) (up{${services}}) / count by (job) (up{${services}})`, legend: "{{job}}" }],
                        base: "red", steps: [{ value: 0.5, color: "orange" }, { value: 1, color: "green" }],
                    }),
                    statPanel({
                        title: "Alerts firing",
                        description: "Alerts about the application namespace firing now, by severity.",
                        unit: "short", width: 8,
                        queries: [{ expr: 'count by (severity) (ALERTS{alertstate="firing", namespace="$namespace"})', legend: "{{severity}}" }],
                        noValue: "none", steps: [{ value: 1, color: "orange" }],
                    }),
                ],
            },
            {
                title: "Golden signals",
                panels: [
                    timeseriesPanel({
                        title: "Request rate",
                        description: "HTTP requests each service answers per second.",
                        unit: "reqps", width: 12,
                        queries: [{ expr: `sum by (job) (rate(${requests}[$__rate_interval]))`, legend: "{{job}}" }],
                    }),
                    timeseriesPanel({
                        title: "p95 latency",
                        description: `95th percentile of each service's request duration; the SLA's target is ${inputs.targets.latencyP95Seconds * 1000} ms.`,
                        unit: "s", width: 12,
                        queries: [{ expr: `histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket{${services}}[$__rate_interval])))`, legend: "{{job}}" }],
                        steps: [{ value: inputs.targets.latencyP95Seconds, color: "red" }],
                    }),
                    timeseriesPanel({
                        title: "Error rate",
                        description: `Share of each service's requests answered with a server error (5xx); the SLA allows ${inputs.targets.errorRatePercent} %.`,
                        unit: "percentunit", min: 0, width: 12,
                        queries: [{
                            expr: shareOf(`rate(http_server_request_duration_seconds_count{${services}, http_response_status_code=~"5.."}[$__rate_interval])`, `rate(${requests}[$__rate_interval])`, "job"),
                            legend: "{{job}}",
                        }],
                        steps: lowIsGood(errorRate),
                    }),
                    timeseriesPanel({
                        title: "Saturation: CPU used of requested",
                        description: "Each service's CPU use over what its pods request; the HPAs scale out before 1, past 1 the pods live on the nodes' spare capacity.",
                        unit: "percentunit", min: 0, width: 12,
                        queries: [{
                            expr: `sum by (container) (rate(container_cpu_usage_seconds_total{${containers}}[$__rate_interval])) / sum by (container) (kube_pod_container_resource_requests{${containers}, resource="cpu"})`,
                            legend: "{{container}}",
                        }],
                        steps: [{ value: 0.8, color: "orange" }, { value: 1, color: "red" }],
                    }),
                    timeseriesPanel({
                        title: "Saturation: requests in flight",
                        description: "HTTP requests each service is answering now; a rise with flat traffic means requests queue.",
                        unit: "short", width: 12,
                        queries: [{ expr: `sum by (job) (http_server_active_requests{${services}})`, legend: "{{job}}" }],
                    }),
                    timeseriesPanel({
                        title: "Saturation: memory used of limit",
                        description: "Each service's busiest pod's working set over its memory limit; at 1 the pod is killed.",
                        unit: "percentunit", min: 0, width: 12,
                        queries: [{
                            expr: `max by (container) (container_memory_working_set_bytes{${containers}} / on (namespace, pod, container) kube_pod_container_resource_limits{${containers}, resource="memory"})`,
                            legend: "{{container}}",
                        }],
                        steps: [{ value: 0.8, color: "orange" }, { value: 0.95, color: "red" }],
                    }),
                ],
            },
        ],
    });
}
