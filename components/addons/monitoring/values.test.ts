import { strict as assert } from "node:assert";
import { REGISTRY } from "../../../test/addon-fixture";
import { edgePlacement, nodeGroupPlacement } from "../../cluster/placement";
import { alertmanagerConfig } from "./alertmanager";
import { GrafanaSso, grafanaOauth, kubePrometheusStackValues, KubePrometheusStackValuesInputs, monitoringReplicas } from "./values";

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const SYSTEM = { nodeSelector: { "node-group": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }] };
const CHANNELS = { critical: "#trading-alerts-critical", warning: "#trading-alerts", ticket: "#trading-tickets" };
const EDGE = edgePlacement(PLACEMENT, ["general"], [{ namespace: "velero" }]);
const SSO: GrafanaSso = {
    authUrl: "https://sso.example.com/authorize",
    tokenUrl: "https://sso.example.com/token",
    userinfoUrl: "https://sso.example.com/userinfo",
    clientId: "grafana-prod",
    scopes: ["openid", "email", "profile"],
    groupsClaim: "groups",
    roles: { Admin: ["platform-admins"], Editor: ["trading-engineers", "quants"], Viewer: [] },
};
const PROD: KubePrometheusStackValuesInputs = {
    registry: REGISTRY,
    environment: "prod",
    placement: PLACEMENT,
    storageClassName: "gp3-encrypted",
    prometheusStorageGiB: 100,
    prometheusRetentionDays: 30,
    slackChannels: CHANNELS,
    alertRoutes: { HighCPUUsage: "ticket" },
    grafanaExposed: { host: "grafana.signal-trading.example.com", placement: EDGE },
    grafanaSso: SSO,
};
const DEV: KubePrometheusStackValuesInputs = {
    ...PROD, environment: "dev", placement: nodeGroupPlacement("system", []), prometheusStorageGiB: 20, prometheusRetentionDays: 7, grafanaExposed: undefined, grafanaSso: null,
};
const prod = kubePrometheusStackValues(PROD);
const dev = kubePrometheusStackValues(DEV);

const PROMETHEUS_SECURITY = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } };
const NOBODY = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } };
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
const zoneSpread = (matchLabels: Record<string, string>) =>
    [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels } }];
const PLATFORM_NAMESPACES = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };

describe("kube-prometheus-stack values", () => {
    it("runs every image of the chart and its subcharts from the account's caches: registry, repository and tag apart", () => {
        const v = kubePrometheusStackValues(PROD);
        const image = (cache: string, repository: string, tag: string) => ({ registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com", repository: `${cache}/${repository}`, tag });
        assert.deepEqual({
            operator: v.prometheusOperator.image, reloader: v.prometheusOperator.prometheusConfigReloader.image,
            prometheus: v.prometheus.prometheusSpec.image, alertmanager: v.alertmanager.alertmanagerSpec.image,
            grafana: v.grafana.image, sidecar: v.grafana.sidecar.image,
            kubeStateMetrics: v["kube-state-metrics"].image, nodeExporter: v["prometheus-node-exporter"].image,
        }, {
            operator: image("quay", "prometheus-operator/prometheus-operator", "v0.93.1"),
            reloader: image("quay", "prometheus-operator/prometheus-config-reloader", "v0.93.1"),
            prometheus: image("quay", "prometheus/prometheus", "v3.14.0-distroless"),
            alertmanager: image("quay", "prometheus/alertmanager", "v0.34.0"),
            grafana: image("docker-hub", "grafana/grafana", "13.2.0"),
            sidecar: image("quay", "kiwigrid/k8s-sidecar", "2.10.1"),
            kubeStateMetrics: image("k8s", "kube-state-metrics/kube-state-metrics", "v2.20.0"),
            // The full distroless tag, so the chart must not add its suffix again.
            nodeExporter: { ...image("quay", "prometheus/node-exporter", "v1.12.1-distroless"), distroless: false },
        });
    });

    it("leaves the CRDs to the prometheus-operator-crds add-on", () => {
        assert.deepEqual(prod.crds, { enabled: false });
    });

    it("does not scrape the control-plane components and kube-proxy, which EKS manages", () => {
        for (const component of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"] as const) assert.deepEqual(prod[component], { enabled: false });
    });

    describe("Prometheus", () => {
        it("keeps the configured days on an encrypted gp3 volume of the configured size, and stops at 85% of it", () => {
            assert.equal(prod.prometheus.prometheusSpec.retention, "30d");
            assert.equal(prod.prometheus.prometheusSpec.retentionSize, "85GiB");
            assert.deepEqual(prod.prometheus.prometheusSpec.storageSpec, {
                volumeClaimTemplate: { spec: { storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } } },
            });
            assert.equal(dev.prometheus.prometheusSpec.retention, "7d");
            assert.equal(dev.prometheus.prometheusSpec.retentionSize, "17GiB");
            assert.equal(dev.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "20Gi");
        });

        it("selects every ServiceMonitor, PodMonitor, Probe and PrometheusRule of the platform's namespaces, whatever their labels", () => {
            const spec = prod.prometheus.prometheusSpec;
            for (const kind of ["serviceMonitor", "podMonitor", "probe", "rule"] as const) {
                assert.equal(spec[`${kind}SelectorNilUsesHelmValues`], false, `${kind}s are selected by the release label`);
                assert.deepEqual(spec[`${kind}NamespaceSelector`], PLATFORM_NAMESPACES);
                assert.equal(`${kind}Selector` in spec, false, `${kind}s are selected by a label`);
            }
        });

        it("runs two replicas spread over zones with a disruption budget in prod, one in dev", () => {
            assert.equal(prod.prometheus.prometheusSpec.replicas, 2);
            assert.deepEqual(prod.prometheus.podDisruptionBudget, { enabled: true, minAvailable: 1 });
            assert.deepEqual(prod.prometheus.prometheusSpec.topologySpreadConstraints,
                zoneSpread({ "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": "kube-prometheus-stack-prometheus" }));
            assert.equal(dev.prometheus.prometheusSpec.replicas, 1);
            assert.deepEqual(dev.prometheus.podDisruptionBudget, { enabled: false });
            assert.deepEqual(dev.prometheus.prometheusSpec.topologySpreadConstraints, []);
        });

        it("runs as uid 1000 with fsGroup 2000 and RuntimeDefault seccomp, with requests and a memory limit, on the system nodes", () => {
            const spec = prod.prometheus.prometheusSpec;
            assert.deepEqual(spec.securityContext, PROMETHEUS_SECURITY);
            assert.deepEqual(spec.resources, { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "3Gi" } });
            assert.deepEqual(spec.nodeSelector, SYSTEM.nodeSelector);
            assert.deepEqual(spec.tolerations, SYSTEM.tolerations);
            assert.deepEqual(prod.prometheusOperator.prometheusConfigReloader.resources, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } });
        });

        it("has no public address: Prometheus is never exposed", () => {
            assert.equal("externalUrl" in prod.prometheus.prometheusSpec, false);
        });
    });

    describe("Alertmanager", () => {
        it("runs three replicas spread over zones with a budget of two in prod, one in dev", () => {
            assert.equal(prod.alertmanager.alertmanagerSpec.replicas, 3);
            assert.deepEqual(prod.alertmanager.podDisruptionBudget, { enabled: true, minAvailable: 2 });
            assert.deepEqual(prod.alertmanager.alertmanagerSpec.topologySpreadConstraints,
                zoneSpread({ "app.kubernetes.io/name": "alertmanager", alertmanager: "kube-prometheus-stack-alertmanager" }));
            assert.equal(dev.alertmanager.alertmanagerSpec.replicas, 1);
            assert.deepEqual(dev.alertmanager.podDisruptionBudget, { enabled: false });
            assert.deepEqual(dev.alertmanager.alertmanagerSpec.topologySpreadConstraints, []);
        });

        it("keeps the chart's default rules, whose general group holds the Watchdog heartbeat the dead man's switch listens for", () => {
            assert.equal("defaultRules" in prod, false);
        });

        it("routes with the stack's channels and alert routes, mounts the Slack webhook and dead man's switch Secrets and keeps its state on a volume", () => {
            assert.deepEqual(prod.alertmanager.config, alertmanagerConfig({ slackChannels: CHANNELS, alertRoutes: { HighCPUUsage: "ticket" } }));
            assert.deepEqual(prod.alertmanager.alertmanagerSpec.secrets, ["alertmanager-slack", "alertmanager-dead-mans-switch"]);
            assert.deepEqual(prod.alertmanager.alertmanagerSpec.storage, {
                volumeClaimTemplate: { spec: { storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } } },
            });
        });

        it("runs restricted with requests and a memory limit on the system nodes", () => {
            const spec = prod.alertmanager.alertmanagerSpec;
            assert.deepEqual(spec.securityContext, PROMETHEUS_SECURITY);
            assert.deepEqual(spec.resources, { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "128Mi" } });
            assert.deepEqual({ nodeSelector: spec.nodeSelector, tolerations: spec.tolerations }, SYSTEM);
        });
    });

    describe("Grafana", () => {
        it("takes its admin login from the Secret, refuses anonymous users and sign-ups, and keeps no volume", () => {
            assert.deepEqual(prod.grafana.admin, { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
            assert.deepEqual(prod.grafana["grafana.ini"]["auth.anonymous"], { enabled: false });
            assert.deepEqual(prod.grafana["grafana.ini"].users, { allow_sign_up: false });
            assert.deepEqual(prod.grafana.persistence, { enabled: false });
            assert.deepEqual(prod.grafana.testFramework, { enabled: false });
        });

        it("loads dashboards and data sources from ConfigMaps of the monitoring namespace only, never from Secrets", () => {
            assert.deepEqual(prod.grafana.sidecar.dashboards, {
                enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: ["signal-trading-monitoring"], resource: "configmap",
                folderAnnotation: "grafana_folder", provider: { foldersFromFilesStructure: true },
            });
            assert.deepEqual(prod.grafana.sidecar.datasources, { uid: "prometheus", searchNamespace: ["signal-trading-monitoring"], resource: "configmap" });
        });

        it("binds its service account to the platform's ConfigMap-only Role in its namespace, with no ClusterRole", () => {
            assert.deepEqual(prod.grafana.rbac, { namespaced: true, useExistingRole: "grafana-sidecars" });
        });

        it("with SSO: signs in through the identity provider only, the client secret from a Secret", () => {
            const ini = prod.grafana["grafana.ini"];
            assert.deepEqual(ini.auth, { disable_login_form: true });
            assert.deepEqual(ini["auth.generic_oauth"], grafanaOauth(SSO));
            assert.equal("client_secret" in ini["auth.generic_oauth"]!, false);
            assert.deepEqual(prod.grafana.envValueFrom, { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: "grafana-sso", key: "client-secret" } } });
        });

        it("without SSO: keeps its login form and reads no client secret", () => {
            assert.equal("auth" in dev.grafana["grafana.ini"], false);
            assert.equal("auth.generic_oauth" in dev.grafana["grafana.ini"], false);
            assert.equal("envValueFrom" in dev.grafana, false);
        });

        it("maps identity-provider groups to the first matching role, and lets no one else in", () => {
            assert.deepEqual(grafanaOauth(SSO), {
                enabled: true,
                name: "SSO",
                client_id: "grafana-prod",
                scopes: "openid email profile",
                auth_url: "https://sso.example.com/authorize",
                token_url: "https://sso.example.com/token",
                api_url: "https://sso.example.com/userinfo",
                use_pkce: true,
                allow_sign_up: true,
                auto_login: true,
                groups_attribute_path: "groups",
                allowed_groups: "platform-admins trading-engineers quants",
                role_attribute_path: "(contains(groups[*], 'platform-admins')) && 'Admin' || (contains(groups[*], 'trading-engineers') || contains(groups[*], 'quants')) && 'Editor'",
                role_attribute_strict: true,
            });
        });

        it("serves its public HTTPS address with secure cookies when exposed, and plain port-forwarding otherwise", () => {
            assert.deepEqual(prod.grafana["grafana.ini"].server, { domain: "grafana.signal-trading.example.com", root_url: "https://grafana.signal-trading.example.com/" });
            assert.equal(prod.grafana["grafana.ini"].security.cookie_secure, true);
            assert.equal("server" in dev.grafana["grafana.ini"], false);
            assert.equal(dev.grafana["grafana.ini"].security.cookie_secure, false);
        });

        it("runs Grafana and its sidecars restricted, with requests and memory limits, on the system nodes", () => {
            const container = { ...RESTRICTED_CONTAINER, seccompProfile: { type: "RuntimeDefault" } };
            assert.deepEqual(prod.grafana.securityContext, { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: "RuntimeDefault" } });
            assert.deepEqual(prod.grafana.containerSecurityContext, container);
            assert.deepEqual(prod.grafana.sidecar.securityContext, container);
            assert.deepEqual(prod.grafana.resources, { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } });
            assert.deepEqual(prod.grafana.sidecar.resources, { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } });
            assert.deepEqual({ nodeSelector: dev.grafana.nodeSelector, tolerations: dev.grafana.tolerations }, { nodeSelector: { "node-group": "system" }, tolerations: [] });
            assert.equal("affinity" in dev.grafana, false);
        });

        it("when exposed, runs where internet-facing pods run, apart from the privileged controllers", () => {
            const grafana: { nodeSelector: unknown; tolerations: unknown; affinity?: unknown } = prod.grafana;
            assert.deepEqual({ nodeSelector: grafana.nodeSelector, tolerations: grafana.tolerations, affinity: grafana.affinity }, EDGE);
        });
    });

    describe("the operator and kube-state-metrics", () => {
        it("run as nobody, restricted, with requests and memory limits, on the system nodes", () => {
            const operator = prod.prometheusOperator;
            assert.deepEqual(operator.securityContext, NOBODY);
            assert.deepEqual(operator.containerSecurityContext, RESTRICTED_CONTAINER);
            assert.deepEqual(operator.resources, { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } });
            assert.deepEqual({ nodeSelector: operator.nodeSelector, tolerations: operator.tolerations }, SYSTEM);
            const ksm = prod["kube-state-metrics"];
            assert.deepEqual(ksm.securityContext, { enabled: true, ...NOBODY });
            assert.deepEqual(ksm.containerSecurityContext, RESTRICTED_CONTAINER);
            assert.deepEqual(ksm.resources, { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "256Mi" } });
            assert.deepEqual({ nodeSelector: ksm.nodeSelector, tolerations: ksm.tolerations }, SYSTEM);
        });

        it("kube-state-metrics runs without its Secrets collector, so its ClusterRole reads no Secret", () => {
            assert.deepEqual(prod["kube-state-metrics"].collectorsExclude, ["secrets"]);
        });

        it("the operator creates Prometheus, Alertmanager and ThanosRuler workloads only for objects of the monitoring namespace", () => {
            const operator = prod.prometheusOperator;
            for (const flag of ["prometheusInstanceNamespaces", "alertmanagerInstanceNamespaces", "alertmanagerConfigNamespaces", "thanosRulerInstanceNamespaces"] as const) {
                assert.deepEqual(operator[flag], ["signal-trading-monitoring"], flag);
            }
            assert.equal("namespaces" in operator, false, "--namespaces would also hide the other namespaces' ServiceMonitors");
        });

        it("serves the admission webhook with a cert-manager certificate instead of the certgen hook jobs, failing open", () => {
            assert.deepEqual(prod.prometheusOperator.admissionWebhooks, { certManager: { enabled: true }, patch: { enabled: false }, failurePolicy: "Ignore" });
        });
    });

    describe("node-exporter", () => {
        const nodeExporter = prod["prometheus-node-exporter"];

        it("runs in its own namespace on every node, tolerating every taint, with critical priority", () => {
            assert.equal(nodeExporter.namespaceOverride, "node-exporter");
            assert.deepEqual(nodeExporter.tolerations, [{ operator: "Exists" }]);
            assert.deepEqual(nodeExporter.nodeSelector, { "kubernetes.io/os": "linux" });
            assert.equal(nodeExporter.priorityClassName, "system-cluster-critical");
        });

        it("runs as nobody without capabilities on a read-only root filesystem, with requests and a memory limit", () => {
            assert.deepEqual(nodeExporter.securityContext, NOBODY);
            assert.deepEqual(nodeExporter.containerSecurityContext, RESTRICTED_CONTAINER);
            assert.deepEqual(nodeExporter.resources, { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" } });
        });
    });

    it("sizes replicas by environment", () => {
        assert.deepEqual(monitoringReplicas("prod"), { prometheus: 2, alertmanager: 3 });
        assert.deepEqual(monitoringReplicas("dev"), { prometheus: 1, alertmanager: 1 });
    });

    it("holds no secret: the Slack URL, the OAuth client secret and every password are referenced by Secret name or file", () => {
        // Grafana's generic_oauth names its (public) userinfo endpoint api_url, as Slack names its secret webhook.
        const { "auth.generic_oauth": oauth, ...ini } = prod.grafana["grafana.ini"];
        assert.ok(oauth && !/secret/i.test(JSON.stringify(oauth)));
        const text = JSON.stringify({ ...prod, grafana: { ...prod.grafana, "grafana.ini": ini } });
        assert.ok(!/hooks\.slack\.com|"(api_url|adminPassword|password|secureJsonData)":/i.test(text), "a secret-looking value is in the values");
    });
});
