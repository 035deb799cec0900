/**
 * The chart adapters as pure functions: each reads its chart's values with the chart's
 * defaults at the pinned version, so an unset value counts as the chart's default.
 */
import { strict as assert } from "node:assert";
import { CHART_ADAPTERS, chartName, releaseView } from "../lib/charts";
import { CHARTS, DIGEST } from "./fixtures-charts";

const view = (key: string, values: Record<string, any>, namespace = CHARTS[key].namespace) => CHART_ADAPTERS[chartName({ chart: CHARTS[key].chart })!]({ namespace, values });
const compliant = (key: string) => view(key, CHARTS[key].values());

describe("chart adapters", () => {
    it("has an adapter for every chart the platform installs, and the fixtures cover each", () => {
        assert.deepEqual(Object.keys(CHART_ADAPTERS).sort(), Object.keys(CHARTS).sort());
    });

    for (const key of Object.keys(CHARTS)) {
        it(`${key}: the compliant values grant nothing cluster-wide (cert-manager: its Secrets, by design) and pin every image by digest`, () => {
            const v = compliant(key);
            assert.deepEqual(v.rbac.map((g) => g.component), key === "cert-manager" ? ["controller", "cainjector"] : []);
            for (const image of v.images) assert.equal(image.digest, DIGEST, `${image.valuesPath} ${image.image}`);
        });
    }

    it("names the chart of an oci:// reference by its last segment", () => {
        assert.equal(chartName({ chart: "oci://ghcr.io/nginx/charts/nginx-ingress" }), "nginx-ingress");
        assert.equal(releaseView({ chart: "bitnami/redis", values: {} }).view, undefined);
    });

    describe("prometheus-yet-another-cloudwatch-exporter", () => {
        it("defaults the image to Quay's YACE at the appVersion, puts image.registry in front, and sees a privileged container", () => {
            const key = "prometheus-yet-another-cloudwatch-exporter";
            assert.deepEqual(view(key, {}).images.map((i) => i.image), ["quay.io/prometheuscommunity/yet-another-cloudwatch-exporter:<chart default>"]);
            assert.deepEqual(view(key, { image: { registry: "mirror.example.com", repository: "y/yace", tag: "v1.0.0" } }).images.map((i) => i.image), ["mirror.example.com/y/yace:v1.0.0"]);
            assert.equal(view(key, { securityContext: { privileged: true } }).pods[0].privileged, true);
            assert.equal(view(key, {}).pods[0].namespace, "cloudwatch-exporter");
        });
    });

    describe("velero", () => {
        it("binds the server to cluster-admin by the chart's default when rbac.clusterAdministrator is unset", () => {
            const rbac = view("velero", {}).rbac;
            assert.deepEqual(rbac.map((g) => [g.component, g.scope]), [["server", "cluster-admin"]]);
            assert.match(rbac[0].cause, /unset \(the chart defaults it to true\)/);
        });
        it("flags rbac.clusterAdministrator: true, with the ClusterRole it names", () => {
            assert.match(view("velero", { rbac: { clusterAdministrator: true, clusterAdministratorName: "velero-admin" } }).rbac[0].cause, /ClusterRole velero-admin/);
        });
        it("sees the node agent's hostPath volumes when deployNodeAgent is on", () => {
            const pods = view("velero", { deployNodeAgent: true }).pods;
            assert.deepEqual(pods.find((p) => p.component === "node-agent")?.hostPaths, ["/var/lib/kubelet/pods", "/var/lib/kubelet/plugins"]);
        });
        it("defaults the server image to docker.io/velero/velero at the tag of the chart's values.yaml", () => {
            assert.deepEqual(view("velero", {}).images.map((i) => i.image), ["docker.io/velero/velero:v1.18.1", "registry.k8s.io/kubectl:<chart default>"]);
        });
    });

    describe("opentelemetry-collector", () => {
        it("has no image default: an unset repository is named as such, global.imageRegistry goes in front, a digest replaces the tag", () => {
            assert.deepEqual(view("opentelemetry-collector", {}).images.map((i) => i.image), ["<unset: the chart requires image.repository>:<chart default>"]);
            assert.deepEqual(view("opentelemetry-collector", { global: { imageRegistry: "mirror.example.com" }, image: { repository: "otel/c", tag: "1.0.0" } }).images.map((i) => [i.image, i.tag]),
                [["mirror.example.com/otel/c:1.0.0", "1.0.0"]]);
            assert.deepEqual(view("opentelemetry-collector", { image: { repository: "otel/c", tag: "1.0.0", digest: DIGEST } }).images.map((i) => [i.image, i.tag, i.digest]),
                [[`otel/c@${DIGEST}`, undefined, DIGEST]]);
        });
        it("sees the host directories the presets and extra volumes mount", () => {
            const [pod] = view("opentelemetry-collector", {
                presets: { logsCollection: { enabled: true }, hostMetrics: { enabled: true } },
                extraVolumes: [{ name: "journal", hostPath: { path: "/var/log/journal" } }],
            }).pods;
            assert.deepEqual(pod.hostPaths, ["/var/log/pods", "/var/lib/docker/containers", "/", "/var/log/journal"]);
        });
        it("sees the profiling preset's host PID namespace and added capabilities while securityContext is empty", () => {
            const [pod] = view("opentelemetry-collector", { presets: { profiling: { enabled: true } } }).pods;
            assert.equal(pod.hostPID, true);
            assert.ok(pod.addedCapabilities.includes("SYS_PTRACE"));
            assert.deepEqual(pod.hostPaths, ["/sys/kernel/tracing"]);
        });
        it("flags custom ClusterRole rules on Secrets or on everything, and not the presets' read-only rules", () => {
            const rules = (r: unknown[]) => view("opentelemetry-collector", { clusterRole: { create: true, rules: r } }).rbac.map((g) => g.scope);
            assert.deepEqual(rules([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]), ["cluster-secrets"]);
            assert.deepEqual(rules([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]), ["cluster-admin"]);
            assert.deepEqual(rules([{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }]), []);
            assert.deepEqual(view("opentelemetry-collector", { presets: { kubernetesAttributes: { enabled: true } } }).rbac, []);
        });
    });

    describe("fluent-bit", () => {
        it("sees the chart's default DaemonSet hostPaths, its busybox test pod and the appVersion tag when the values leave them unset", () => {
            const v = view("fluent-bit", {});
            assert.deepEqual(v.pods.map((p) => p.hostPaths), [["/var/log", "/var/lib/docker/containers", "/etc/machine-id"]]);
            assert.deepEqual(v.images.map((i) => i.image), ["cr.fluentbit.io/fluent/fluent-bit:<chart default>", "busybox:latest"]);
        });
        it("sees exactly the hostPaths the values mount, extra volumes included, and none for a Deployment's DaemonSet volumes", () => {
            assert.deepEqual(compliant("fluent-bit").pods[0].hostPaths, ["/var/log/containers", "/var/log/pods", "/var/fluent-bit/state"]);
            assert.deepEqual(view("fluent-bit", { daemonSetVolumes: [], extraVolumes: [{ name: "x", hostPath: { path: "/etc" } }] }).pods[0].hostPaths, ["/etc"]);
            assert.deepEqual(view("fluent-bit", { kind: "Deployment", extraVolumes: [] }).pods[0].hostPaths, []);
        });
        it("sees a privileged container, host network and the hot-reload sidecar's image", () => {
            const v = view("fluent-bit", { hostNetwork: true, securityContext: { privileged: true }, hotReload: { enabled: true }, testFramework: { enabled: false } });
            assert.equal(v.pods[0].privileged, true);
            assert.equal(v.pods[0].hostNetwork, true);
            assert.deepEqual(v.images.map((i) => i.component), ["fluent-bit", "reloader"]);
        });
    });

    describe("nginx-ingress", () => {
        it("flags a controller without watchNamespace: it reads every namespace's Secrets", () => {
            assert.deepEqual(view("nginx-ingress", {}).rbac.map((g) => [g.component, g.scope]), [["controller", "cluster-secrets"]]);
        });
        it("accepts watchNamespaceLabel instead, and no ClusterRole", () => {
            assert.deepEqual(view("nginx-ingress", { controller: { watchNamespaceLabel: "ingress=nginx" } }).rbac, []);
            assert.deepEqual(view("nginx-ingress", { rbac: { clusterrole: { create: false } } }).rbac, []);
        });
        it("sees hostNetwork and added capabilities", () => {
            const [pod] = view("nginx-ingress", { controller: { hostNetwork: true, securityContext: { capabilities: { add: ["NET_ADMIN"] } } } }).pods;
            assert.equal(pod.hostNetwork, true);
            assert.deepEqual(pod.addedCapabilities, ["NET_ADMIN"]);
        });
    });

    describe("kube-prometheus-stack", () => {
        it("flags grafana's sidecar searching ALL namespaces, kube-prometheus-stack's own default", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            delete values.grafana.sidecar.dashboards.searchNamespace;
            const grafana = view("kube-prometheus-stack", values).rbac.filter((g) => g.component === "grafana");
            assert.equal(grafana.length, 1);
            assert.match(grafana[0].cause, /sidecar\.dashboards\.searchNamespace is ALL \(kube-prometheus-stack's default\)/);
        });
        it("flags grafana with rbac.namespaced false, a ClusterRole on every namespace's Secrets", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            values.grafana.rbac.namespaced = false;
            assert.match(view("kube-prometheus-stack", values).rbac[0].cause, /rbac\.namespaced is not true/);
        });
        it("flags kube-state-metrics with its default collectors, which include secrets, and an explicit secrets collector", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            delete values["kube-state-metrics"].collectors;
            assert.match(view("kube-prometheus-stack", values).rbac[0].cause, /collectors is unset and the chart's default list includes secrets/);
            values["kube-state-metrics"].collectors = ["pods", "secrets"];
            assert.match(view("kube-prometheus-stack", values).rbac[0].cause, /collectors lists secrets/);
            values["kube-state-metrics"].namespaces = "signal-trading";
            assert.deepEqual(view("kube-prometheus-stack", values).rbac, []);
        });
        it("accepts kube-state-metrics whose collectorsExclude removes secrets from the default collectors", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            delete values["kube-state-metrics"].collectors;
            values["kube-state-metrics"].collectorsExclude = ["secrets"];
            assert.deepEqual(view("kube-prometheus-stack", values).rbac, []);
            values["kube-state-metrics"].collectorsExclude = ["configmaps"];
            assert.match(view("kube-prometheus-stack", values).rbac[0].cause, /collectorsExclude does not remove it/);
        });
        it("flags the operator acting in every namespace", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            delete values.prometheusOperator.namespaces;
            assert.deepEqual(view("kube-prometheus-stack", values).rbac.map((g) => g.component), ["prometheus-operator"]);
        });
        it("runs node-exporter in the host network and PID namespaces with /, /proc and /sys, in its namespace override", () => {
            const pod = compliant("kube-prometheus-stack").pods.find((p) => p.component === "prometheus-node-exporter");
            assert.deepEqual(pod && [pod.namespace, pod.hostNetwork, pod.hostPID, pod.hostIPC, pod.hostPaths], ["node-exporter", true, true, false, ["/", "/proc", "/sys"]]);
        });
        it("prefixes a subchart's image paths with its key and writes a bare sha after @sha256:", () => {
            const values = CHARTS["kube-prometheus-stack"].values();
            values["kube-state-metrics"].image = { registry: "registry.k8s.io", repository: "kube-state-metrics/kube-state-metrics", tag: "v2.18.0", sha: "ab".repeat(32) };
            const image = view("kube-prometheus-stack", values).images.find((i) => i.component === "kube-state-metrics");
            assert.deepEqual(image && [image.valuesPath, image.image], ["kube-state-metrics.image", `registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.18.0@${DIGEST}`]);
        });
        it("leaves out disabled components", () => {
            const components = view("kube-prometheus-stack", { grafana: { enabled: false }, kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, prometheusOperator: { namespaces: { releaseNamespace: true } } }).images.map((i) => i.component);
            assert.deepEqual(components, ["prometheus-operator", "prometheus-config-reloader", "admission-webhook-patch", "prometheus", "alertmanager"]);
        });
    });

    describe("cert-manager", () => {
        it("builds default images from imageRegistry, imageNamespace and the component's name", () => {
            assert.deepEqual(view("cert-manager", {}).images.map((i) => i.image), [
                "quay.io/jetstack/cert-manager-controller:<chart default>", "quay.io/jetstack/cert-manager-webhook:<chart default>",
                "quay.io/jetstack/cert-manager-cainjector:<chart default>", "quay.io/jetstack/cert-manager-startupapicheck:<chart default>",
                "quay.io/jetstack/cert-manager-acmesolver:<chart default>",
            ]);
        });
        it("reports the controller's and CA injector's cluster-wide Secrets, which only an allowance accepts", () => {
            assert.deepEqual(view("cert-manager", {}).rbac.map((g) => g.component), ["controller", "cainjector"]);
        });
        it("sees the webhook in the host network", () => {
            assert.equal(view("cert-manager", { webhook: { hostNetwork: true } }).pods.find((p) => p.component === "webhook")?.hostNetwork, true);
        });
    });

    describe("the controllers without Secrets rights", () => {
        it("external-dns, cluster-autoscaler and metrics-server see hostNetwork in their own keys", () => {
            assert.equal(view("external-dns", { hostNetwork: true }).pods[0].hostNetwork, true);
            assert.equal(view("cluster-autoscaler", { hostNetwork: true }).pods[0].hostNetwork, true);
            assert.equal(view("metrics-server", { hostNetwork: { enabled: true } }).pods[0].hostNetwork, true);
            assert.equal(view("metrics-server", { hostNetwork: true }).pods[0].hostNetwork, false, "metrics-server reads hostNetwork.enabled, not hostNetwork");
        });
        it("vertical-pod-autoscaler: one image and pod per enabled component, and the cert job's pinned default tag", () => {
            const v = view("vertical-pod-autoscaler", { updater: { enabled: false }, admissionController: { hostNetwork: true } });
            assert.deepEqual(v.images.map((i) => i.image), [
                "registry.k8s.io/autoscaling/vpa-admission-controller:<chart default>", "registry.k8s.io/autoscaling/vpa-recommender:<chart default>",
                "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20231011-8b53cabe0",
            ]);
            assert.deepEqual(v.pods.map((p) => [p.component, p.hostNetwork]), [["admissionController", true], ["recommender", false]]);
        });
        it("prometheus-adapter: the registry.k8s.io image at the appVersion by default, host access from hostNetwork.enabled, extra volumes and extra containers", () => {
            assert.deepEqual(view("prometheus-adapter", {}).images.map((i) => i.image), ["registry.k8s.io/prometheus-adapter/prometheus-adapter:<chart default>"]);
            const v = view("prometheus-adapter", {
                hostNetwork: { enabled: true },
                extraVolumes: [{ name: "certs", hostPath: { path: "/etc/ssl/certs" } }, { name: "tmp", emptyDir: {} }],
                extraContainers: [{ name: "debug", image: "busybox:1.37", securityContext: { privileged: true } }],
            });
            assert.deepEqual(v.images.map((i) => i.image), ["registry.k8s.io/prometheus-adapter/prometheus-adapter:<chart default>", "busybox:1.37"]);
            assert.deepEqual(v.pods.map((p) => [p.component, p.namespace, p.hostNetwork, p.privileged, p.hostPaths]), [["adapter", "prometheus-adapter", true, true, ["/etc/ssl/certs"]]]);
            assert.equal(view("prometheus-adapter", { hostNetwork: true }).pods[0].hostNetwork, false, "the chart reads hostNetwork.enabled, not hostNetwork");
            assert.equal(view("prometheus-adapter", { namespaceOverride: "elsewhere" }).pods[0].namespace, "elsewhere");
        });
        it("prometheus-operator-crds runs nothing", () => {
            assert.deepEqual(view("prometheus-operator-crds", {}), { images: [], pods: [], rbac: [] });
        });
    });
});
