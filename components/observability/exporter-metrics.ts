/**
 * The metrics of the exporters the platform runs and Prometheus scrapes: with the services'
 * contract (components/workload/metrics.ts) and the recording rules' own series, the only names
 * a rule, a dashboard panel or an autoscaling metric may use (test/promql.ts enforces it).
 * A name belongs here only when its exporter is scraped in both stacks and, at the pinned
 * version, exposes it under that name; the source of each list says where it was read.
 */
import { CLOUDWATCH_METRICS, CloudWatchJob, cloudwatchSeries } from "../addons/cloudwatch-exporter/values";

export interface ExporterMetrics {
    /** The exporter, as the platform runs it. */
    exporter: string;
    /** What scrapes it: the ServiceMonitor or PodMonitor, or the chart value that creates one. */
    scrapedBy: string;
    /** Series names exactly as scraped (a histogram's `_bucket`, `_sum` and `_count` each listed). */
    series: string[];
}

export const EXPORTER_METRICS: readonly ExporterMetrics[] = [
    {
        exporter: "Prometheus (per target and for alerts)",
        scrapedBy: "every scrape; the rule evaluator",
        series: ["up", "scrape_duration_seconds", "ALERTS", "ALERTS_FOR_STATE"],
    },
    {
        exporter: "kube-state-metrics (kube-prometheus-stack subchart)",
        scrapedBy: "kube-prometheus-stack `kube-state-metrics.prometheus.monitor`",
        series: [
            "kube_deployment_spec_replicas", "kube_deployment_status_replicas", "kube_deployment_status_replicas_available", "kube_deployment_status_replicas_unavailable",
            "kube_statefulset_replicas", "kube_statefulset_status_replicas_ready",
            "kube_pod_info", "kube_pod_status_phase", "kube_pod_status_ready", "kube_pod_container_status_restarts_total", "kube_pod_container_status_waiting_reason",
            "kube_pod_container_resource_requests", "kube_pod_container_resource_limits",
            "kube_horizontalpodautoscaler_spec_min_replicas", "kube_horizontalpodautoscaler_spec_max_replicas",
            "kube_horizontalpodautoscaler_status_current_replicas", "kube_horizontalpodautoscaler_status_desired_replicas",
            "kube_node_info", "kube_node_status_condition", "kube_node_status_allocatable", "kube_node_spec_unschedulable",
            "kube_persistentvolumeclaim_info", "kube_persistentvolumeclaim_resource_requests_storage_bytes",
            "kube_namespace_status_phase",
        ],
    },
    {
        exporter: "node-exporter (kube-prometheus-stack subchart)",
        scrapedBy: "kube-prometheus-stack `prometheus-node-exporter.prometheus.monitor`",
        series: [
            "node_cpu_seconds_total", "node_load1", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes",
            "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_network_receive_bytes_total", "node_network_transmit_bytes_total",
        ],
    },
    {
        exporter: "kubelet and cAdvisor",
        scrapedBy: "kube-prometheus-stack `kubelet.serviceMonitor` (cAdvisor endpoint on)",
        series: [
            "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_periods_total",
            "kubelet_volume_stats_used_bytes", "kubelet_volume_stats_capacity_bytes", "kubelet_volume_stats_available_bytes",
        ],
    },
    {
        exporter: "redis_exporter (beside Redis)",
        scrapedBy: "the Redis ServiceMonitor (components/workload/redis)",
        series: [
            "redis_up", "redis_connected_clients", "redis_rejected_connections_total", "redis_commands_processed_total",
            "redis_keyspace_hits_total", "redis_keyspace_misses_total", "redis_memory_used_bytes", "redis_memory_max_bytes", "redis_evicted_keys_total",
        ],
    },
    {
        exporter: "ingress-nginx controller",
        scrapedBy: "ingress-nginx `controller.metrics.serviceMonitor`",
        series: [
            "nginx_ingress_controller_requests",
            "nginx_ingress_controller_request_duration_seconds_bucket", "nginx_ingress_controller_request_duration_seconds_sum", "nginx_ingress_controller_request_duration_seconds_count",
            "nginx_ingress_controller_nginx_process_connections",
        ],
    },
    {
        // cluster-autoscaler/metrics/metrics.go at cluster-autoscaler-1.35.2 and 1.36.1 (the images of
        // CLUSTER_AUTOSCALER_IMAGE_TAGS): namespace `cluster_autoscaler`, each registered by RegisterAll
        // whatever the flags (the per-node-group series need --emit-per-nodegroup-metrics and are left out).
        exporter: "cluster-autoscaler",
        scrapedBy: "the cluster-autoscaler ServiceMonitor (components/addons/cluster-autoscaler/service-monitor.ts)",
        series: [
            "cluster_autoscaler_cluster_safe_to_autoscale", "cluster_autoscaler_nodes_count", "cluster_autoscaler_unschedulable_pods_count",
            "cluster_autoscaler_unneeded_nodes_count", "cluster_autoscaler_scaled_up_nodes_total", "cluster_autoscaler_scaled_down_nodes_total",
            "cluster_autoscaler_failed_scale_ups_total",
        ],
    },
    {
        // Names as YACE v0.67 builds them (pkg/promutil/migrate.go BuildMetricName, rebuilt by
        // yaceMetricName), derived from the metrics its jobs read (components/addons/cloudwatch-exporter/values.ts),
        // so a metric added there is a series here. Labels: `name` (the resource ARN),
        // `dimension_<CloudWatch dimension>`, `region`, `account_id`.
        exporter: "YACE (yet-another-cloudwatch-exporter): CloudWatch metrics of the database, NAT gateways and ingress load balancer",
        scrapedBy: "the cloudwatch-exporter add-on's chart `serviceMonitor` (both stacks)",
        series: cloudwatchSeries(Object.entries(CLOUDWATCH_METRICS).map(([namespace, metrics]) => ({ namespace: namespace as CloudWatchJob["namespace"], metrics }))),
    },
];

/** Every exporter series name. */
export function exporterSeries(): Set<string> {
    return new Set(EXPORTER_METRICS.flatMap((e) => e.series));
}
