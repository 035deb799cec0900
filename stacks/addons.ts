/**
 * The cluster add-ons of a stack: the one place that knows the whole stack config hands each
 * add-on the settings it reads; the registry (components/addons/registry.ts) orders them by
 * their dependencies.
 */
import { certManagerAddon } from "../components/addons/cert-manager/cert-manager";
import { CERT_MANAGER_NAMESPACE } from "../components/addons/cert-manager/values";
import { cloudwatchExporterAddon } from "../components/addons/cloudwatch-exporter/cloudwatch-exporter";
import { clusterAutoscalerAddon } from "../components/addons/cluster-autoscaler/cluster-autoscaler";
import { CLUSTER_AUTOSCALER_SCRAPE_TARGET } from "../components/addons/cluster-autoscaler/service-monitor";
import { CLUSTER_AUTOSCALER_PODS } from "../components/addons/cluster-autoscaler/values";
import { externalDnsAddon } from "../components/addons/external-dns/external-dns";
import { fluentBitAddon, FluentBitSettings } from "../components/addons/fluent-bit/fluent-bit";
import { EXTERNAL_DNS_NAMESPACE } from "../components/addons/external-dns/values";
import { metricsServerAddon } from "../components/addons/metrics-server/metrics-server";
import { monitoringAddon } from "../components/addons/monitoring/monitoring";
import { COREDNS_SCRAPE_TARGET, prometheusClientsOf, ScrapeTarget, scrapeTargetsOf } from "../components/addons/monitoring/namespace";
import { NODE_EXPORTER_NAMESPACE, PODS as MONITORING_PODS, PORTS as MONITORING_PORTS } from "../components/addons/monitoring/values";
import { IngressBackend, routeNamespaces } from "../components/addons/nginx-ingress/namespace";
import { nginxIngressAddon } from "../components/addons/nginx-ingress/nginx-ingress";
import { openTelemetryCollectorAddon } from "../components/addons/opentelemetry-collector/opentelemetry-collector";
import { prometheusAdapterAddon } from "../components/addons/prometheus-adapter/prometheus-adapter";
import { PROMETHEUS_ADAPTER_NAMESPACE } from "../components/addons/prometheus-adapter/values";
import { prometheusOperatorCrdsAddon } from "../components/addons/prometheus-operator-crds/prometheus-operator-crds";
import { AnyAddon } from "../components/addons/registry";
import { storageAddon } from "../components/addons/storage/storage-class";
import { VELERO_NAMESPACE } from "../components/addons/velero/schedules";
import { veleroAddon } from "../components/addons/velero/velero";
import { VPA_NAMESPACE } from "../components/addons/vertical-pod-autoscaler/values";
import { verticalPodAutoscalerAddon } from "../components/addons/vertical-pod-autoscaler/vertical-pod-autoscaler";
import { TrafficPeer } from "../components/namespace/baseline";
import { edgePlacement, EdgePlacement, nodeGroupPlacement, PodsToAvoid, tolerationsFor } from "../components/cluster/placement";
import { clusterAddresses, MONITORING_NAMESPACE } from "../components/namespace/traffic";
import { REDIS_METRICS_PORT } from "../components/workload/redis/config";
import { REDIS_SELECTOR_LABELS } from "../components/workload/redis/render";
import { selectorLabels } from "../components/workload/render/labels";
import { databaseAdminNamespace } from "../components/database/roles";
import { resourcePrefix } from "../components/shared/naming";
import { StackConfig } from "./config/schema";
import { SERVICES } from "./services";
import { applicationNamespaceName } from "./workloads";

/**
 * The pods of the controllers that hold cluster-wide rights (write workloads or Secrets,
 * evict or mutate pods, change DNS or the node groups): internet-facing pods never share a
 * node with them (docs/decisions.md).
 */
export const PRIVILEGED_CONTROLLERS: readonly PodsToAvoid[] = [
    { namespace: VELERO_NAMESPACE },
    { namespace: CERT_MANAGER_NAMESPACE },
    { namespace: EXTERNAL_DNS_NAMESPACE },
    { namespace: VPA_NAMESPACE },
    { namespace: "kube-system", pods: CLUSTER_AUTOSCALER_PODS },
    { namespace: MONITORING_NAMESPACE, pods: MONITORING_PODS.operator },
];

/**
 * Where the internet-facing pods run: the steady application groups (on demand, untainted),
 * apart from the privileged controllers; on the system group, still apart, in a stack without one.
 */
export function internetFacingPlacement(config: StackConfig): EdgePlacement {
    const applicationGroups = Object.entries(config.nodeGroups)
        .filter(([name, group]) => name !== "system" && group.capacityType === "ON_DEMAND" && group.taints.length === 0)
        .map(([name]) => name);
    return edgePlacement(nodeGroupPlacement("system", config.nodeGroups.system.taints), applicationGroups, PRIVILEGED_CONTROLLERS);
}

/** The Services public Ingresses route to: the services served on `dns.apiHost`, and Grafana when exposed. */
export function ingressBackends(config: StackConfig): IngressBackend[] {
    const namespace = applicationNamespaceName(config.environment);
    return [
        ...SERVICES.filter((s) => s.ingress).map((s) => ({ name: s.name, namespace, pods: selectorLabels(s), port: s.port })),
        ...(config.monitoring.grafanaExposure === "ingress"
            ? [{ name: "grafana", namespace: MONITORING_NAMESPACE, pods: MONITORING_PODS.grafana, port: MONITORING_PORTS.grafana }]
            : []),
    ];
}

/** What Prometheus scrapes in the application namespace: each service's metrics port and Redis's exporter. */
function applicationScrapeTargets(config: StackConfig): ScrapeTarget[] {
    const namespace = applicationNamespaceName(config.environment);
    return [
        ...SERVICES.map((s) => ({ name: s.name, namespace, pods: selectorLabels(s), ports: [s.metricsPort] })),
        { name: "redis", namespace, pods: REDIS_SELECTOR_LABELS, ports: [REDIS_METRICS_PORT] },
    ];
}

/** The pods that send spans to the collector: every service. */
export function traceSenders(config: StackConfig): TrafficPeer[] {
    const namespace = applicationNamespaceName(config.environment);
    return SERVICES.map((s) => ({ namespace, pods: selectorLabels(s) }));
}

/** Add-ons whose namespace rules name the control plane or the nodes are built from the network's addresses. */
export function platformAddons(config: StackConfig): AnyAddon[] {
    const addresses = clusterAddresses(config.network);
    const { environment, addons, dns } = config;
    const region = config.aws.region;
    const edge = internetFacingPlacement(config);
    const backends = ingressBackends(config);
    const others: AnyAddon[] = [
        storageAddon,
        clusterAutoscalerAddon({ region, ...addons.clusterAutoscaler }),
        metricsServerAddon(addresses, addons.metricsServer),
        verticalPodAutoscalerAddon(addresses, { environment, ...addons.verticalPodAutoscaler }),
        prometheusOperatorCrdsAddon(addons.kubePrometheusStack),
        nginxIngressAddon(addresses, { ...addons.nginxIngress, backends, placement: edge }),
        ...(addons.externalDns.enabled ? [externalDnsAddon(addresses, { region, version: addons.externalDns.version, dns })] : []),
        // Certificates: the TLS Ingresses', the Prometheus operator's webhook (in the monitoring namespace) and the custom metrics API's.
        certManagerAddon(addresses, { environment, ...addons.certManager, dns, certificateNamespaces: [...routeNamespaces(backends), MONITORING_NAMESPACE, PROMETHEUS_ADAPTER_NAMESPACE] }),
        veleroAddon(addresses, { region, ...addons.velero, backup: config.backup, rpoMinutes: config.objectives.rpoMinutes }),
        openTelemetryCollectorAddon({ region, ...addons.openTelemetryCollector, ...config.observability.traces, clients: traceSenders(config) }),
        prometheusAdapterAddon(addresses, addons.prometheusAdapter),
        cloudwatchExporterAddon({ region, environment, version: addons.cloudwatchExporter.version }),
    ];
    // Logs of every add-on namespace (the monitoring add-on's are named here: it is built last, scraping the others).
    const logShipping = fluentBitAddon(addresses, logShippingSettings(config, [
        ...others.flatMap((a) => a.namespaces.map((n) => n.name)), MONITORING_NAMESPACE, NODE_EXPORTER_NAMESPACE,
    ]));
    // Prometheus reaches exactly the metrics ports the other namespaces open to it.
    const scrapeTargets = [
        ...scrapeTargetsOf([...others, logShipping].flatMap((a) => a.namespaces)),
        ...applicationScrapeTargets(config),
        COREDNS_SCRAPE_TARGET,
        CLUSTER_AUTOSCALER_SCRAPE_TARGET,
    ];
    return [
        ...others,
        logShipping,
        monitoringAddon(addresses, {
            environment,
            version: addons.kubePrometheusStack.version,
            monitoring: config.monitoring,
            slackWebhookUrl: config.slackWebhookUrl,
            deadMansSwitchUrl: config.deadMansSwitchUrl,
            grafanaSsoClientSecret: config.grafanaSsoClientSecret,
            grafanaHost: dns.grafanaHost,
            grafanaPlacement: edge,
            scrapeTargets,
            prometheusClients: prometheusClientsOf(others.flatMap((a) => a.namespaces)),
        }),
    ];
}

/**
 * Fluent Bit's settings: `observability.logs`, and tolerations of every node group's taints,
 * so that it runs on every node (the system and spot groups included). Log groups of their
 * own go to the given add-on namespaces, the application namespace and its database-admin namespace.
 */
export function logShippingSettings(config: StackConfig, addonNamespaces: readonly string[]): FluentBitSettings {
    const tolerations = tolerationsFor(Object.values(config.nodeGroups).flatMap((g) => g.taints));
    return {
        region: config.aws.region,
        clusterName: resourcePrefix(config.environment),
        version: config.addons.fluentBit.version,
        logs: config.observability.logs,
        tolerations: tolerations.filter((t, i) => tolerations.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i),
        namespaces: [...addonNamespaces, applicationNamespaceName(config.environment), databaseAdminNamespace(applicationNamespaceName(config.environment))],
    };
}
