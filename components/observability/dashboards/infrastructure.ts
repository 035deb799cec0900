/**
 * Infrastructure: what the services stand on. The nodes, the application's pods, the HPAs'
 * current, desired and maximum replicas, the volumes' fill, the cluster autoscaler's work, and
 * Redis.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard, DashboardInputs, namespaceVariable, statPanel, timeseriesPanel } from "./grafana";

export const INFRASTRUCTURE_UID = "signal-trading-infrastructure";

export function infrastructureDashboard(inputs: DashboardInputs): dashboard.Dashboard {
    const ns = 'namespace="$namespace"';
    const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;
    const increase = (selector: string) => `increase(${selector}[$__rate_interval])`;
    const hpa = (series: string, legend: string) => ({ expr: `${series}{${ns}}`, legend: `{{horizontalpodautoscaler}} ${legend}` });
    const fill = [{ value: 0.8, color: "orange" as const }, { value: 0.9, color: "red" as const }];
    return buildDashboard({
        uid: INFRASTRUCTURE_UID,
        title: "Signal Trading / Infrastructure",
        description: "Nodes, pods, autoscaling, volumes and Redis under the trading services.",
        variables: [namespaceVariable(inputs.namespace)],
        rows: [
            {
                title: "Nodes",
                panels: [
                    statPanel({
                        title: "Nodes ready",
                        description: "Nodes whose Ready condition is true.",
                        unit: "short", width: 4,
                        queries: [{ expr: 'sum(kube_node_status_condition{condition="Ready", status="true"})' }],
                        base: "red", steps: [{ value: 1, color: "green" }],
                    }),
                    statPanel({
                        title: "Nodes not ready",
                        description: "Nodes whose Ready condition is false or unknown.",
                        unit: "short", width: 4,
                        queries: [{ expr: 'sum(kube_node_status_condition{condition="Ready", status!="true"})' }],
                        steps: [{ value: 1, color: "red" }],
                    }),
                    statPanel({
                        title: "Nodes cordoned",
                        description: "Nodes marked unschedulable (draining or cordoned).",
                        unit: "short", width: 4,
                        queries: [{ expr: "sum(kube_node_spec_unschedulable)" }],
                        steps: [{ value: 1, color: "orange" }],
                    }),
                    timeseriesPanel({
                        title: "CPU busy by node",
                        description: "Share of each node's CPU time not idle.",
                        unit: "percentunit", min: 0, max: 1, width: 6,
                        queries: [{ expr: `1 - avg by (instance) (${rate('node_cpu_seconds_total{mode="idle"}')})`, legend: "{{instance}}" }],
                        steps: fill,
                    }),
                    timeseriesPanel({
                        title: "Memory used by node",
                        description: "Share of each node's memory not available to new work.",
                        unit: "percentunit", min: 0, max: 1, width: 6,
                        queries: [{ expr: "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", legend: "{{instance}}" }],
                        steps: fill,
                    }),
                ],
            },
            {
                title: "Pods",
                panels: [
                    timeseriesPanel({
                        title: "Pods by phase",
                        description: "The application namespace's pods by phase; Pending that stays means no node fits them.",
                        unit: "short", min: 0, stacked: true,
                        queries: [{ expr: `sum by (phase) (kube_pod_status_phase{${ns}})`, legend: "{{phase}}" }],
                    }),
                    timeseriesPanel({
                        title: "Containers waiting",
                        description: "Containers that are not running, by the reason they wait (CrashLoopBackOff, ImagePullBackOff ...).",
                        unit: "short", min: 0, stacked: true,
                        queries: [{ expr: `sum by (reason) (kube_pod_container_status_waiting_reason{${ns}})`, legend: "{{reason}}" }],
                    }),
                    timeseriesPanel({
                        title: "Container restarts",
                        description: "Restarts over the last hour, by pod.",
                        unit: "short", min: 0,
                        queries: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h])) > 0`, legend: "{{pod}}" }],
                    }),
                ],
            },
            {
                title: "Horizontal pod autoscaling",
                panels: [
                    timeseriesPanel({
                        title: "HPA replicas: current, desired, maximum",
                        description: "Each HPA's current and desired replicas and its maximum; desired at maximum means demand the service cannot scale to.",
                        unit: "short", min: 0, width: 16,
                        queries: [
                            hpa("kube_horizontalpodautoscaler_status_current_replicas", "current"),
                            hpa("kube_horizontalpodautoscaler_status_desired_replicas", "desired"),
                            hpa("kube_horizontalpodautoscaler_spec_max_replicas", "maximum"),
                        ],
                    }),
                    statPanel({
                        title: "HPAs at maximum",
                        description: "HPAs whose desired replicas reached their maximum.",
                        unit: "short", width: 8, height: 8,
                        queries: [{
                            expr: `count(kube_horizontalpodautoscaler_status_desired_replicas{${ns}} >= on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas{${ns}}) or vector(0)`,
                        }],
                        steps: [{ value: 1, color: "orange" }],
                    }),
                ],
            },
            {
                title: "Volumes",
                panels: [
                    timeseriesPanel({
                        title: "Persistent volume claims: space used",
                        description: "Share of each claim's volume in use, in every namespace (Redis, Prometheus, Alertmanager ...).",
                        unit: "percentunit", min: 0, max: 1, width: 24,
                        queries: [{
                            expr: "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes)",
                            legend: "{{namespace}}/{{persistentvolumeclaim}}",
                        }],
                        steps: fill,
                    }),
                ],
            },
            {
                title: "Cluster autoscaler",
                panels: [
                    statPanel({
                        title: "Safe to autoscale",
                        description: "Whether the autoscaler judges the cluster healthy enough to scale (it stops when too many nodes are unready).",
                        unit: "none", width: 4, height: 8,
                        queries: [{ expr: "max(cluster_autoscaler_cluster_safe_to_autoscale)" }],
                        base: "red", steps: [{ value: 1, color: "green" }],
                        mappings: [{ value: 0, text: "No", color: "red" }, { value: 1, text: "Yes", color: "green" }],
                    }),
                    timeseriesPanel({
                        title: "Nodes by state",
                        description: "Nodes as the autoscaler counts them: ready, unready, starting, long unregistered ...",
                        unit: "short", min: 0, width: 10,
                        queries: [{ expr: "max by (state) (cluster_autoscaler_nodes_count)", legend: "{{state}}" }],
                    }),
                    timeseriesPanel({
                        title: "Unschedulable pods",
                        description: "Pods no node fits, which a scale-up is for; staying above zero means a scale-up cannot help (limits, backoff, no fitting group).",
                        unit: "short", min: 0, width: 10,
                        queries: [
                            { expr: "max(sum by (instance) (cluster_autoscaler_unschedulable_pods_count))", legend: "unschedulable" },
                            { expr: "max(cluster_autoscaler_unneeded_nodes_count)", legend: "unneeded nodes" },
                        ],
                    }),
                    timeseriesPanel({
                        title: "Scale-ups and scale-downs",
                        description: "Nodes added and removed, and scale-ups that failed, by reason.",
                        unit: "short", min: 0, width: 24,
                        queries: [
                            { expr: `sum(${increase("cluster_autoscaler_scaled_up_nodes_total")})`, legend: "added" },
                            { expr: `sum by (reason) (${increase("cluster_autoscaler_scaled_down_nodes_total")})`, legend: "removed: {{reason}}" },
                            { expr: `sum by (reason) (${increase("cluster_autoscaler_failed_scale_ups_total")})`, legend: "failed scale-up: {{reason}}" },
                        ],
                    }),
                ],
            },
            {
                title: "Redis",
                panels: [
                    statPanel({
                        title: "Redis up",
                        description: "Whether the exporter reaches Redis.",
                        unit: "none", width: 4, height: 8,
                        queries: [{ expr: `min(redis_up{${ns}})` }],
                        base: "red", steps: [{ value: 1, color: "green" }],
                        mappings: [{ value: 0, text: "Down", color: "red" }, { value: 1, text: "Up", color: "green" }],
                    }),
                    timeseriesPanel({
                        title: "Memory used of maximum",
                        description: "Redis's memory over its maxmemory; at 1 it evicts keys or refuses writes.",
                        unit: "percentunit", min: 0, max: 1, width: 5,
                        queries: [{ expr: `max(redis_memory_used_bytes{${ns}} / redis_memory_max_bytes{${ns}})`, legend: "used" }],
                        steps: fill,
                    }),
                    timeseriesPanel({
                        title: "Cache hit rate",
                        description: "Share of key lookups that found their key.",
                        unit: "percentunit", min: 0, max: 1, width: 5,
                        queries: [{
                            expr: `sum(${rate(`redis_keyspace_hits_total{${ns}}`)}) / (sum(${rate(`redis_keyspace_hits_total{${ns}}`)}) + sum(${rate(`redis_keyspace_misses_total{${ns}}`)}))`,
                            legend: "hits",
                        }],
                        base: "red", steps: [{ value: 0.8, color: "green" }],
                    }),
                    timeseriesPanel({
                        title: "Commands",
                        description: "Commands processed per second.",
                        unit: "ops", min: 0, width: 5,
                        queries: [{ expr: `sum(${rate(`redis_commands_processed_total{${ns}}`)})`, legend: "commands" }],
                    }),
                    timeseriesPanel({
                        title: "Clients, evictions, rejections",
                        description: "Connected clients, and keys evicted and connections rejected per second.",
                        unit: "short", min: 0, width: 5,
                        queries: [
                            { expr: `sum(redis_connected_clients{${ns}})`, legend: "clients" },
                            { expr: `sum(${rate(`redis_evicted_keys_total{${ns}}`)})`, legend: "evicted/s" },
                            { expr: `sum(${rate(`redis_rejected_connections_total{${ns}}`)})`, legend: "rejected/s" },
                        ],
                    }),
                ],
            },
        ],
    });
}
