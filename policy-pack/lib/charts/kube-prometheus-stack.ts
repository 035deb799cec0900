/**
 * kube-prometheus-stack 88.x with its subcharts grafana 12.11, kube-state-metrics 8.4 and
 * prometheus-node-exporter 4.56. A subchart reads its values under its own key and keeps its
 * own defaults except where the parent's values.yaml overrides them (grafana's dashboard
 * sidecar: enabled with searchNamespace ALL).
 */
import { at, ChartAdapter, chartImage, ChartImage, chartPod, ChartPod, ChartRbacGrant, extraContainerImages, flag, list, record, text } from "./view";

export const kubePrometheusStack: ChartAdapter = ({ namespace, values }) => {
    const images: ChartImage[] = [];
    const pods: ChartPod[] = [];
    const rbac: ChartRbacGrant[] = [];

    const operator = record(at(values, "prometheusOperator"));
    if (flag(operator.enabled, true)) {
        images.push(
            chartImage("prometheus-operator", values, ["prometheusOperator", "image"], { registry: "quay.io", repository: "prometheus-operator/prometheus-operator" }),
            chartImage("prometheus-config-reloader", values, ["prometheusOperator", "prometheusConfigReloader", "image"], { registry: "quay.io", repository: "prometheus-operator/prometheus-config-reloader" }),
        );
        if (flag(at(operator, "admissionWebhooks", "enabled"), true) && flag(at(operator, "admissionWebhooks", "patch", "enabled"), true)) {
            images.push(chartImage("admission-webhook-patch", values, ["prometheusOperator", "admissionWebhooks", "patch", "image"], { registry: "ghcr.io", repository: "jkroepke/kube-webhook-certgen", tag: "1.8.7" }));
        }
        pods.push(chartPod("prometheus-operator", namespace, { hostNetwork: flag(operator.hostNetwork, false), containerSecurityContexts: [operator.containerSecurityContext] }));
        // The operator's ClusterRole grants every verb on Secrets; which namespaces it acts in is prometheusOperator.namespaces.
        const scoped = Object.keys(record(operator.namespaces)).length > 0 || list(operator.denyNamespaces).length > 0;
        if (!scoped) {
            rbac.push({ component: "prometheus-operator", scope: "cluster-secrets", cause: "prometheusOperator.namespaces is unset, so the operator acts in every namespace with its ClusterRole's full rights on Secrets" });
        }
    }
    if (flag(at(values, "prometheus", "enabled"), true)) {
        images.push(chartImage("prometheus", values, ["prometheus", "prometheusSpec", "image"], { registry: "quay.io", repository: "prometheus/prometheus" }));
        pods.push(chartPod("prometheus", namespace, { hostNetwork: flag(at(values, "prometheus", "prometheusSpec", "hostNetwork"), false) }));
    }
    if (flag(at(values, "alertmanager", "enabled"), true)) {
        images.push(chartImage("alertmanager", values, ["alertmanager", "alertmanagerSpec", "image"], { registry: "quay.io", repository: "prometheus/alertmanager" }));
        pods.push(chartPod("alertmanager", namespace, { hostNetwork: flag(at(values, "alertmanager", "alertmanagerSpec", "hostNetwork"), false) }));
    }
    // A subchart's adapter reads its own values; its images' paths are then prefixed with its key.
    const subchart = (key: string, read: (subImages: ChartImage[]) => void) => {
        const subImages: ChartImage[] = [];
        read(subImages);
        images.push(...subImages.map((i) => ({ ...i, valuesPath: `${key}.${i.valuesPath}` })));
    };
    if (flag(at(values, "grafana", "enabled"), true)) subchart("grafana", (i) => grafana(namespace, record(at(values, "grafana")), i, pods, rbac));
    if (flag(at(values, "kubeStateMetrics", "enabled"), true)) subchart("kube-state-metrics", (i) => kubeStateMetrics(namespace, record(at(values, "kube-state-metrics")), i, pods, rbac));
    if (flag(at(values, "nodeExporter", "enabled"), true)) subchart("prometheus-node-exporter", (i) => nodeExporter(namespace, record(at(values, "prometheus-node-exporter")), i, pods));
    return { images, pods, rbac };
};

const SIDECARS = ["dashboards", "datasources", "plugins", "alerts", "notifiers"];
/** Sidecars kube-prometheus-stack turns on for grafana; the grafana chart's own default is off. */
const PARENT_ENABLED_SIDECARS = new Set(["dashboards", "datasources"]);

function grafana(namespace: string, values: Record<string, unknown>, images: ChartImage[], pods: ChartPod[], rbac: ChartRbacGrant[]): void {
    const component = "grafana";
    const sub = (...path: string[]) => at(values, ...path);
    images.push(chartImage(component, values, ["image"], { registry: "docker.io", repository: "grafana/grafana" }));
    const sidecars = SIDECARS.filter((s) => flag(sub("sidecar", s, "enabled"), PARENT_ENABLED_SIDECARS.has(s)));
    if (sidecars.length > 0) images.push(chartImage("grafana-sidecar", values, ["sidecar", "image"], { registry: "quay.io", repository: "kiwigrid/k8s-sidecar" }));
    if (flag(sub("persistence", "enabled"), false) && flag(sub("initChownData", "enabled"), true)) {
        images.push(chartImage("grafana-init-chown", values, ["initChownData", "image"], { registry: "docker.io", repository: "library/busybox" }));
    }
    images.push(...extraContainerImages(component, values, ["extraInitContainers"]), ...extraContainerImages(component, values, ["extraContainers"]));
    pods.push(chartPod(component, namespace, { containerSecurityContexts: [sub("containerSecurityContext"), sub("sidecar", "securityContext")] }));

    if (!flag(sub("rbac", "create"), true) || sidecars.length === 0) return;
    // kube-prometheus-stack sets the dashboards sidecar's searchNamespace to ALL; the grafana chart's default is its own namespace.
    const everywhere = sidecars.filter((s) => {
        const search = sub("sidecar", s, "searchNamespace") ?? (s === "dashboards" ? "ALL" : undefined);
        return search === "ALL" || (Array.isArray(search) && search.includes("ALL"));
    });
    const namespaced = flag(sub("rbac", "namespaced"), false);
    const causes = [
        ...(namespaced ? [] : ["rbac.namespaced is not true, so the chart gives Grafana a ClusterRole reading ConfigMaps and Secrets in every namespace"]),
        ...everywhere.map((s) => `sidecar.${s}.searchNamespace is ALL${sub("sidecar", s, "searchNamespace") === undefined ? " (kube-prometheus-stack's default)" : ""}, so the sidecar reads Secrets and ConfigMaps of every namespace`),
    ];
    if (causes.length > 0) rbac.push({ component, scope: "cluster-secrets", cause: causes.join("; ") });
}

/** kube-state-metrics' default collectors include secrets (their metadata and labels). */
const KSM_DEFAULT_COLLECTS_SECRETS = true;

function kubeStateMetrics(namespace: string, values: Record<string, unknown>, images: ChartImage[], pods: ChartPod[], rbac: ChartRbacGrant[]): void {
    const component = "kube-state-metrics";
    images.push(chartImage(component, values, ["image"], { registry: "registry.k8s.io", repository: "kube-state-metrics/kube-state-metrics" }));
    pods.push(chartPod(component, namespace, { hostNetwork: flag(values.hostNetwork, false), containerSecurityContexts: [values.containerSecurityContext] }));
    const collectors = values.collectors;
    // collectorsExclude (chart 8.1 and later) removes collectors from that list, and its ClusterRole follows.
    const excludesSecrets = Array.isArray(values.collectorsExclude) && values.collectorsExclude.map(String).includes("secrets");
    const collectsSecrets = !excludesSecrets && (Array.isArray(collectors) ? collectors.map(String).includes("secrets") : KSM_DEFAULT_COLLECTS_SECRETS);
    const allNamespaces = text(values.namespaces) === undefined && flag(at(values, "rbac", "useClusterRole"), true);
    if (collectsSecrets && allNamespaces) {
        rbac.push({
            component, scope: "cluster-secrets",
            cause: `${Array.isArray(collectors) ? "collectors lists secrets" : "collectors is unset and the chart's default list includes secrets"}, collectorsExclude does not remove it, and namespaces is unset, so its ClusterRole lists and watches Secrets in every namespace`,
        });
    }
}

function nodeExporter(releaseNamespace: string, values: Record<string, unknown>, images: ChartImage[], pods: ChartPod[]): void {
    const component = "prometheus-node-exporter";
    images.push(chartImage(component, values, ["image"], { registry: "quay.io", repository: "prometheus/node-exporter" }));
    const rootFs = record(values.hostRootFsMount);
    pods.push(chartPod(component, text(values.namespaceOverride) ?? releaseNamespace, {
        hostNetwork: flag(values.hostNetwork, true),
        hostPID: flag(values.hostPID, true),
        hostIPC: flag(values.hostIPC, false),
        // /proc and /sys are always mounted; / unless hostRootFsMount.enabled is false.
        hostPaths: [...(flag(rootFs.enabled, true) ? ["/"] : []), "/proc", "/sys"],
        containerSecurityContexts: [values.containerSecurityContext],
    }));
}
