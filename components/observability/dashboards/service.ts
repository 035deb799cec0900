/**
 * Service: one service in depth, chosen by the `service` variable. Its traffic by route and
 * status, latency percentiles and errors against the SLA, its pods' resources, and its
 * replicas as the HPA scales them.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard, DashboardInputs, lowIsGood, namespaceVariable, ratio, serviceVariable, shareOf, statPanel, timeseriesPanel } from "./grafana";

export const SERVICE_UID = "signal-trading-service";

export function serviceDashboard(inputs: DashboardInputs): dashboard.Dashboard {
    const job = 'namespace="$namespace", job="$service"';
    const container = 'namespace="$namespace", container="$service"';
    const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;
    const requests = `http_server_request_duration_seconds_count{${job}}`;
    const serverErrors = `http_server_request_duration_seconds_count{${job}, http_response_status_code=~"5.."}`;
    const errorRate = ratio(inputs.targets.errorRatePercent);
    const latency = (q: number) => ({
        expr: `histogram_quantile(${q}, sum by (le) (${rate(`http_server_request_duration_seconds_bucket{${job}}`)}))`,
        legend: `p${Math.round(q * 100)}`,
    });
    return buildDashboard({
        uid: SERVICE_UID,
        title: "Signal Trading / Service",
        description: "One trading service: traffic, latency, errors, resources and scaling.",
        variables: [namespaceVariable(inputs.namespace), serviceVariable(inputs.services[0])],
        rows: [
            {
                title: "Now",
                panels: [
                    statPanel({
                        title: "Pods up",
                        description: "Scrape targets (pods) of the service that answer, of those Prometheus knows.",
                        unit: "short",
                        queries: [{ expr: `sum(up{${job}})`, legend: "up" }, { expr: `count(up{${job}})`, legend: "known" }],
                        base: "red", steps: [{ value: 1, color: "green" }],
                    }),
                    statPanel({
                        title: "Request rate",
                        description: "Requests answered per second.",
                        unit: "reqps",
                        queries: [{ expr: `sum(${rate(requests)})` }],
                        base: "blue",
                    }),
                    statPanel({
                        title: "p95 latency",
                        description: `The SLA's target is ${inputs.targets.latencyP95Seconds * 1000} ms.`,
                        unit: "s",
                        queries: [latency(0.95)],
                        steps: [{ value: inputs.targets.latencyP95Seconds, color: "red" }],
                    }),
                    statPanel({
                        title: "Error rate",
                        description: `Share of requests answered with a server error (5xx); the SLA allows ${inputs.targets.errorRatePercent} %.`,
                        unit: "percentunit",
                        queries: [{ expr: shareOf(rate(serverErrors), rate(requests)) }],
                        steps: lowIsGood(errorRate),
                    }),
                ],
            },
            {
                title: "Traffic",
                panels: [
                    timeseriesPanel({
                        title: "Requests by route",
                        description: "Requests answered per second, by route.",
                        unit: "reqps", width: 12, stacked: true,
                        queries: [{ expr: `sum by (http_route) (${rate(requests)})`, legend: "{{http_route}}" }],
                    }),
                    timeseriesPanel({
                        title: "Requests by status code",
                        description: "Requests answered per second, by HTTP status code.",
                        unit: "reqps", width: 12, stacked: true,
                        queries: [{ expr: `sum by (http_response_status_code) (${rate(requests)})`, legend: "{{http_response_status_code}}" }],
                    }),
                    timeseriesPanel({
                        title: "Latency",
                        description: `Percentiles of the request duration; the SLA's p95 target is ${inputs.targets.latencyP95Seconds * 1000} ms.`,
                        unit: "s",
                        queries: [latency(0.5), latency(0.95), latency(0.99)],
                        steps: [{ value: inputs.targets.latencyP95Seconds, color: "red" }],
                    }),
                    timeseriesPanel({
                        title: "Error rate by route",
                        description: "Share of each route's requests answered with a server error (5xx).",
                        unit: "percentunit", min: 0,
                        queries: [{ expr: shareOf(rate(serverErrors), rate(requests), "http_route"), legend: "{{http_route}}" }],
                        steps: lowIsGood(errorRate),
                    }),
                    timeseriesPanel({
                        title: "Requests in flight",
                        description: "Requests being answered now, by method.",
                        unit: "short",
                        queries: [{ expr: `sum by (http_request_method) (http_server_active_requests{${job}})`, legend: "{{http_request_method}}" }],
                    }),
                ],
            },
            {
                title: "Resources and scaling",
                panels: [
                    timeseriesPanel({
                        title: "CPU",
                        description: "CPU the service's containers use, against what they request in all.",
                        unit: "cores", min: 0,
                        queries: [
                            { expr: `sum(${rate(`container_cpu_usage_seconds_total{${container}}`)})`, legend: "used" },
                            { expr: `sum(kube_pod_container_resource_requests{${container}, resource="cpu"})`, legend: "requested" },
                        ],
                    }),
                    timeseriesPanel({
                        title: "Memory by pod",
                        description: "Working set of each pod's container against the memory limit; at the limit the container is killed.",
                        unit: "bytes", min: 0,
                        queries: [
                            { expr: `sum by (pod) (container_memory_working_set_bytes{${container}})`, legend: "{{pod}}" },
                            { expr: `max(kube_pod_container_resource_limits{${container}, resource="memory"})`, legend: "limit" },
                        ],
                    }),
                    timeseriesPanel({
                        title: "CPU throttling",
                        description: "Share of CPU periods in which the containers were throttled.",
                        unit: "percentunit", min: 0,
                        queries: [{ expr: `sum(${rate(`container_cpu_cfs_throttled_periods_total{${container}}`)}) / sum(${rate(`container_cpu_cfs_periods_total{${container}}`)})`, legend: "throttled" }],
                        steps: [{ value: 0.25, color: "orange" }],
                    }),
                    timeseriesPanel({
                        title: "Replicas",
                        description: "Available replicas of the Deployment, and the HPA's desired and maximum replicas: desired at maximum means the service cannot scale further.",
                        unit: "short", min: 0, width: 12,
                        queries: [
                            { expr: 'kube_deployment_status_replicas_available{namespace="$namespace", deployment="$service"}', legend: "available" },
                            { expr: 'kube_horizontalpodautoscaler_status_desired_replicas{namespace="$namespace", horizontalpodautoscaler="$service"}', legend: "desired (HPA)" },
                            { expr: 'kube_horizontalpodautoscaler_spec_max_replicas{namespace="$namespace", horizontalpodautoscaler="$service"}', legend: "maximum (HPA)" },
                        ],
                    }),
                    timeseriesPanel({
                        title: "Container restarts",
                        description: "Restarts of each pod's container over the last hour.",
                        unit: "short", min: 0, width: 12,
                        queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${container}}[1h]))`, legend: "{{pod}}" }],
                        steps: [{ value: 1, color: "orange" }],
                    }),
                ],
            },
        ],
    });
}
