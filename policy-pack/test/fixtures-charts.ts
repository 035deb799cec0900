/**
 * Helm releases of every chart the platform installs, with values that pass the chart gates:
 * scoped RBAC, images from allowed registries pinned by digest, no host access outside the
 * node-exporter namespace. Tests change one value on a fresh release.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";
import { RELEASE } from "./fixtures-kubernetes";

export const DIGEST = `sha256:${"ab".repeat(32)}`;
const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
/** An image block of the registry/repository/tag/digest kind, mirrored in the account's ECR. */
const ecrImage = (repository: string, tag = "v1.0.0") => ({ registry: ECR, repository, tag, digest: DIGEST });
const ecrRepository = (repository: string, tag = "v1.0.0") => ({ repository: `${ECR}/${repository}`, tag, digest: DIGEST });

export interface ChartFixture {
    chart: string;
    namespace: string;
    values: () => Record<string, any>;
}

export const CHARTS: Record<string, ChartFixture> = {
    "nginx-ingress": {
        chart: "oci://ghcr.io/nginx/charts/nginx-ingress",
        namespace: "nginx-ingress",
        values: () => ({ controller: { image: ecrRepository("nginx/nginx-ingress", "5.5.4"), watchNamespace: "signal-trading,signal-trading-monitoring", securityContext: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } } }),
    },
    velero: {
        chart: "velero",
        namespace: "velero",
        values: () => ({
            image: ecrRepository("velero/velero", "v1.18.1"),
            kubectl: { image: ecrRepository("kubectl", "1.36.0") },
            initContainers: [{ name: "velero-plugin-for-aws", image: `${ECR}/velero/velero-plugin-for-aws:v1.14.2@${DIGEST}` }],
            rbac: { create: true, clusterAdministrator: false },
        }),
    },
    "fluent-bit": {
        chart: "fluent-bit",
        namespace: "signal-trading-logging",
        values: () => ({
            image: ecrRepository("fluent/fluent-bit", "5.1.1"),
            testFramework: { enabled: false },
            securityContext: { runAsUser: 0, privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            daemonSetVolumes: [
                { name: "container-logs-0", hostPath: { path: "/var/log/containers", type: "Directory" } },
                { name: "container-logs-1", hostPath: { path: "/var/log/pods", type: "Directory" } },
                { name: "state", hostPath: { path: "/var/fluent-bit/state", type: "DirectoryOrCreate" } },
            ],
        }),
    },
    "cert-manager": {
        chart: "cert-manager",
        namespace: "cert-manager",
        values: () => ({
            image: ecrRepository("jetstack/cert-manager-controller", "v1.21.1"),
            webhook: { image: ecrRepository("jetstack/cert-manager-webhook", "v1.21.1") },
            cainjector: { image: ecrRepository("jetstack/cert-manager-cainjector", "v1.21.1") },
            startupapicheck: { image: ecrRepository("jetstack/cert-manager-startupapicheck", "v1.21.1") },
            acmesolver: { image: ecrRepository("jetstack/cert-manager-acmesolver", "v1.21.1") },
        }),
    },
    "opentelemetry-collector": {
        chart: "opentelemetry-collector",
        namespace: "opentelemetry",
        values: () => ({ mode: "deployment", image: ecrRepository("otel/opentelemetry-collector-contrib", "0.158.0") }),
    },
    "external-dns": {
        chart: "external-dns",
        namespace: "external-dns",
        values: () => ({ image: ecrRepository("external-dns/external-dns", "v0.20.0") }),
    },
    "cluster-autoscaler": {
        chart: "cluster-autoscaler",
        namespace: "kube-system",
        values: () => ({ image: ecrRepository("autoscaling/cluster-autoscaler", "v1.36.1") }),
    },
    "metrics-server": {
        chart: "metrics-server",
        namespace: "metrics-server",
        values: () => ({ image: ecrRepository("metrics-server/metrics-server", "v0.8.0") }),
    },
    "prometheus-adapter": {
        chart: "prometheus-adapter",
        namespace: "prometheus-adapter",
        values: () => ({ image: ecrRepository("prometheus-adapter/prometheus-adapter", "v0.12.0") }),
    },
    "vertical-pod-autoscaler": {
        chart: "vertical-pod-autoscaler",
        namespace: "vertical-pod-autoscaler",
        values: () => ({
            admissionController: { image: ecrRepository("autoscaling/vpa-admission-controller", "1.7.1"), certGen: { image: ecrRepository("ingress-nginx/kube-webhook-certgen", "v20231011-8b53cabe0") } },
            recommender: { image: ecrRepository("autoscaling/vpa-recommender", "1.7.1") },
            updater: { image: ecrRepository("autoscaling/vpa-updater", "1.7.1") },
        }),
    },
    "prometheus-yet-another-cloudwatch-exporter": {
        chart: "prometheus-yet-another-cloudwatch-exporter",
        namespace: "cloudwatch-exporter",
        values: () => ({ image: ecrImage("quay/prometheuscommunity/yet-another-cloudwatch-exporter", "v0.67.0") }),
    },
    "prometheus-operator-crds": {
        chart: "prometheus-operator-crds",
        namespace: "kube-system",
        values: () => ({}),
    },
    "kube-prometheus-stack": {
        chart: "kube-prometheus-stack",
        namespace: "signal-trading-monitoring",
        values: () => ({
            prometheusOperator: {
                image: ecrImage("prometheus-operator/prometheus-operator", "v0.93.1"),
                prometheusConfigReloader: { image: ecrImage("prometheus-operator/prometheus-config-reloader", "v0.93.1") },
                admissionWebhooks: { patch: { image: ecrImage("jkroepke/kube-webhook-certgen", "1.8.7") } },
                namespaces: { releaseNamespace: true, additional: ["signal-trading"] },
            },
            prometheus: { prometheusSpec: { image: ecrImage("prometheus/prometheus", "v3.9.0") } },
            alertmanager: { alertmanagerSpec: { image: ecrImage("prometheus/alertmanager", "v0.30.0") } },
            grafana: {
                image: ecrImage("grafana/grafana", "12.3.0"),
                rbac: { namespaced: true },
                sidecar: { image: ecrImage("kiwigrid/k8s-sidecar", "2.10.1"), dashboards: { enabled: true, searchNamespace: ["signal-trading-monitoring", "signal-trading"] } },
            },
            "kube-state-metrics": {
                image: ecrImage("kube-state-metrics/kube-state-metrics", "v2.18.0"),
                collectors: ["deployments", "pods", "nodes", "horizontalpodautoscalers", "persistentvolumeclaims"],
            },
            "prometheus-node-exporter": { namespaceOverride: "node-exporter", image: ecrImage("prometheus/node-exporter", "v1.10.2") },
        }),
    },
};

/** A helm v3 Release of `key`'s chart with its compliant values, changed by `change`. */
export function chartRelease(key: string, change: (values: Record<string, any>) => void = () => {}): ResourceUnderTest {
    const fixture = CHARTS[key];
    const values = fixture.values();
    change(values);
    return resource(RELEASE, key, { inputs: { name: key, chart: fixture.chart, version: "1.0.0", namespace: fixture.namespace, values } });
}
