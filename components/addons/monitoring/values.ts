import { EdgePlacement, Placement } from "../../cluster/placement";
import { PLATFORM_NAMESPACE_LABELS } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from "../../namespace/traffic";
import { Environment } from "../addon";
import { CHART_IMAGES, chartImageWithRegistry } from "../../shared/images";
import { disruptionBudget, RESTRICTED_CONTAINER, restrictedPodSecurity, RUNTIME_DEFAULT_SECCOMP, zoneSpread } from "../pod-security";
import { alertmanagerConfig, ChannelName, DEAD_MANS_SWITCH, SLACK_WEBHOOK, SlackChannels } from "./alertmanager";

/**
 * Helm release name. It contains the chart's name, so the chart names its objects after it
 * (`kube-prometheus-stack-prometheus`, `-alertmanager`, `-grafana`, `-operator`).
 */
export const MONITORING_RELEASE = "kube-prometheus-stack";
/** node-exporter's own namespace: it needs host access that the monitoring namespace refuses. */
export const NODE_EXPORTER_NAMESPACE = "node-exporter";

/** The Services the Ingresses route to. */
export const GRAFANA_SERVICE = { name: `${MONITORING_RELEASE}-grafana`, port: 80 };

/** The Secret holding Grafana's admin login (the chart's `admin.existingSecret`), and its keys. */
export const GRAFANA_ADMIN_SECRET = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" };
export const GRAFANA_ADMIN_USER = "admin";
/** The Secret holding Grafana's OAuth client secret, which reaches Grafana as an environment variable. */
export const GRAFANA_SSO_SECRET = { name: "grafana-sso", clientSecretKey: "client-secret" };
/** The Role the dashboard and data-source sidecars read ConfigMaps with (the chart's `rbac.useExistingRole`). */
export const GRAFANA_SIDECAR_ROLE = "grafana-sidecars";
/**
 * How the dashboard sidecar finds a dashboard ConfigMap (its label) and the Grafana folder it
 * files it in (the value of its folder annotation: a subdirectory of the sidecar's folder,
 * which Grafana's provider turns into a folder of that name).
 */
export const GRAFANA_DASHBOARD_SIDECAR = { label: "grafana_dashboard", labelValue: "1", folderAnnotation: "grafana_folder" } as const;
/** The uid of the Prometheus data source the chart provisions, which every dashboard query names. */
export const PROMETHEUS_DATASOURCE_UID = "prometheus";

/** The container ports the network rules open. */
export const PORTS = {
    prometheus: 9090,
    alertmanager: 9093,
    /** Alertmanager's gossip between replicas (memberlist: TCP and UDP). */
    alertmanagerMesh: 9094,
    grafana: 3000,
    /** The operator's config-reloader sidecars (Prometheus, Alertmanager) and kube-state-metrics' metrics. */
    http: 8080,
    /** The operator's HTTPS listener: admission webhook and metrics (`prometheusOperator.tls.internalPort`). */
    operator: 10250,
    kubelet: 10250,
    nodeExporter: 9100,
} as const;

/** Labels of each component's pods, as the operator and the charts set them. */
export const PODS = {
    prometheus: PROMETHEUS_POD_LABELS,
    alertmanager: { "app.kubernetes.io/name": "alertmanager" },
    grafana: { "app.kubernetes.io/name": "grafana" },
    operator: { "app.kubernetes.io/name": `${MONITORING_RELEASE}-prometheus-operator`, "app.kubernetes.io/component": "prometheus-operator" },
    kubeStateMetrics: { "app.kubernetes.io/name": "kube-state-metrics" },
};

/** The operator's names of the Prometheus and Alertmanager objects, which label their pods. */
const PROMETHEUS_NAME = `${MONITORING_RELEASE}-prometheus`;
const ALERTMANAGER_NAME = `${MONITORING_RELEASE}-alertmanager`;

/** Alertmanager keeps only silences and its notification log. */
const ALERTMANAGER_STORAGE = "2Gi";
/** Part of the volume the TSDB blocks may fill; the rest is headroom for the WAL and compaction. */
const RETENTION_SIZE_SHARE = 0.85;

/**
 * Prod: two Prometheus replicas (each scrapes everything; Grafana and alerting keep working
 * through a drain or a zone loss) and three Alertmanagers in a gossip mesh, one per zone,
 * that deduplicate notifications. Dev: one of each.
 */
export function monitoringReplicas(environment: Environment): { prometheus: number; alertmanager: number } {
    return environment === "prod" ? { prometheus: 2, alertmanager: 3 } : { prometheus: 1, alertmanager: 1 };
}

/** Grafana's OIDC sign-in (`monitoring.grafanaSso`); the client secret is a Secret, never a value. */
export interface GrafanaSso {
    authUrl: string;
    tokenUrl: string;
    userinfoUrl: string;
    clientId: string;
    scopes: string[];
    groupsClaim: string;
    roles: Record<GrafanaRole, string[]>;
}
export type GrafanaRole = "Admin" | "Editor" | "Viewer";

/** The stack config's `monitoring` section. */
export interface MonitoringConfig {
    /** `ingress`: Grafana behind a TLS Ingress; `none`: port-forward only. */
    grafanaExposure: "ingress" | "none";
    grafanaSso: GrafanaSso | null;
    prometheusStorageGiB: number;
    prometheusRetentionDays: number;
    slackChannels: SlackChannels;
    /** Alerts routed to a channel other than their severity's. */
    alertRoutes: Record<string, ChannelName>;
}

export interface KubePrometheusStackValuesInputs {
    environment: Environment;
    placement: Placement;
    storageClassName: string;
    prometheusStorageGiB: number;
    prometheusRetentionDays: number;
    slackChannels: SlackChannels;
    alertRoutes: Record<string, ChannelName>;
    /** Grafana's public hostname and its internet-facing placement, set only when it is exposed through the ingress controller. */
    grafanaExposed?: { host: string; placement: EdgePlacement };
    grafanaSso: GrafanaSso | null;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/** Prometheus and Alertmanager as the chart runs them (uid 1000, gid/fsGroup 2000); the operator sets their container contexts restricted itself. */
const PROMETHEUS_POD_SECURITY = restrictedPodSecurity({ user: 1000, group: 2000, fsGroup: 2000 });
/** The distroless `nobody` of the operator, kube-state-metrics and node-exporter images. */
const NOBODY_POD_SECURITY = restrictedPodSecurity({ user: 65534, fsGroup: 65534 });
/** The grafana user of the grafana/grafana image. */
const GRAFANA_POD_SECURITY = restrictedPodSecurity({ user: 472, fsGroup: 472 });

const resources = (cpu: string, memory: string, memoryLimit: string) => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/** A ReadWriteOnce claim of the given class and size, as the operator's `storage.volumeClaimTemplate`. */
function volumeClaim(storageClassName: string, size: string) {
    return { volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } } };
}

/**
 * Grafana's generic_oauth settings: the user's role from the first of Admin, Editor, Viewer
 * whose groups include one of theirs (a JMESPath over the groups claim), and no sign-in for
 * anyone in none of them (`role_attribute_strict`). PKCE on the authorization code flow. The
 * client secret comes from the environment (GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET).
 */
export function grafanaOauth(sso: GrafanaSso) {
    const roles = (["Admin", "Editor", "Viewer"] as const).filter((role) => sso.roles[role].length > 0);
    const member = (group: string) => `contains(${sso.groupsClaim}[*], '${group}')`;
    return {
        enabled: true,
        name: "SSO",
        client_id: sso.clientId,
        scopes: sso.scopes.join(" "),
        auth_url: sso.authUrl,
        token_url: sso.tokenUrl,
        api_url: sso.userinfoUrl,
        use_pkce: true,
        allow_sign_up: true,
        auto_login: true,
        groups_attribute_path: sso.groupsClaim,
        allowed_groups: [...new Set(roles.flatMap((role) => sso.roles[role]))].join(" "),
        role_attribute_path: roles.map((role) => `(${sso.roles[role].map(member).join(" || ")}) && '${role}'`).join(" || "),
        role_attribute_strict: true,
    };
}

/** Namespaces Prometheus takes its ServiceMonitors, PodMonitors, Probes and rules from: every namespace of the platform, its own included. */
const PLATFORM_NAMESPACES = { matchLabels: PLATFORM_NAMESPACE_LABELS };

/** Values of kube-prometheus-stack (88.x; subcharts grafana 12.11, kube-state-metrics 8.4, prometheus-node-exporter 4.56). */
export function kubePrometheusStackValues(inputs: KubePrometheusStackValuesInputs) {
    const replicas = monitoringReplicas(inputs.environment);
    const system = { nodeSelector: inputs.placement.nodeSelector, tolerations: inputs.placement.tolerations };
    // In prod, replicas one per zone at most skew 1: DoNotSchedule, as the system group has nodes
    // in every zone and a pod bound to its EBS volume stays in that zone anyway.
    const prometheusPods = { ...PODS.prometheus, "operator.prometheus.io/name": PROMETHEUS_NAME };
    const alertmanagerPods = { ...PODS.alertmanager, alertmanager: ALERTMANAGER_NAME };
    const image = (name: keyof typeof CHART_IMAGES) => chartImageWithRegistry(inputs.registry, CHART_IMAGES[name]);
    const exposed = inputs.grafanaExposed;
    return {
        // The prometheus-operator-crds add-on installs and upgrades the CRDs.
        crds: { enabled: false },

        // Components EKS runs inside its managed control plane, out of reach of a scrape: the
        // controller manager, the scheduler and etcd (their metrics come only through the
        // metrics.eks.amazonaws.com API). kube-proxy is the EKS-managed add-on: scraping it would
        // open another port on every node for little more than its DaemonSet's health, which
        // kube-state-metrics already reports. Turning each off also drops its rules and dashboards.
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },

        prometheusOperator: {
            // One replica: the chart runs one and the operator has no leader election.
            image: image("prometheusOperator"),
            resources: resources("50m", "128Mi", "256Mi"),
            securityContext: NOBODY_POD_SECURITY,
            containerSecurityContext: RESTRICTED_CONTAINER,
            ...system,
            admissionWebhooks: {
                // The webhook's serving certificate from cert-manager (a self-signed CA in this
                // namespace, injected into the webhook configurations by cainjector), instead
                // of the chart's certgen hook jobs and their cluster-wide RBAC.
                certManager: { enabled: true },
                patch: { enabled: false },
                // One operator replica: while it is drained, other add-ons' releases must still
                // be able to write PrometheusRules. The operator still skips an invalid rule
                // (and raises PrometheusOperatorRejectedResources).
                failurePolicy: "Ignore",
            },
            // The sidecar the operator adds to every Prometheus and Alertmanager pod.
            prometheusConfigReloader: { image: image("prometheusConfigReloader"), resources: resources("10m", "32Mi", "64Mi") },
            // The operator creates StatefulSets, Secrets and ConfigMaps only for the Prometheus,
            // Alertmanager and ThanosRuler objects of this namespace, and reads AlertmanagerConfigs
            // only here; ServiceMonitors and rules are still read wherever Prometheus selects them.
            // Its ClusterRole stays cluster-wide (the chart renders no other), see docs/security.md.
            prometheusInstanceNamespaces: [MONITORING_NAMESPACE],
            alertmanagerInstanceNamespaces: [MONITORING_NAMESPACE],
            alertmanagerConfigNamespaces: [MONITORING_NAMESPACE],
            thanosRulerInstanceNamespaces: [MONITORING_NAMESPACE],
        },

        prometheus: {
            podDisruptionBudget: disruptionBudget(replicas.prometheus, { minAvailable: 1 }),
            prometheusSpec: {
                image: image("prometheus"),
                replicas: replicas.prometheus,
                retention: `${inputs.prometheusRetentionDays}d`,
                // Size-based retention too, so a burst of series never fills the volume.
                retentionSize: `${Math.floor(inputs.prometheusStorageGiB * RETENTION_SIZE_SHARE)}GiB`,
                storageSpec: volumeClaim(inputs.storageClassName, `${inputs.prometheusStorageGiB}Gi`),
                // Every monitor and rule of the platform's namespaces, whatever its labels:
                // without these the chart selects only objects labelled `release: <this release>`.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorNamespaceSelector: PLATFORM_NAMESPACES,
                podMonitorNamespaceSelector: PLATFORM_NAMESPACES,
                probeNamespaceSelector: PLATFORM_NAMESPACES,
                ruleNamespaceSelector: PLATFORM_NAMESPACES,
                resources: resources("200m", "1Gi", "3Gi"),
                securityContext: PROMETHEUS_POD_SECURITY,
                ...system,
                topologySpreadConstraints: replicas.prometheus > 1 ? [zoneSpread(prometheusPods, "DoNotSchedule")] : [],
            },
        },

        alertmanager: {
            podDisruptionBudget: disruptionBudget(replicas.alertmanager, { minAvailable: 2 }),
            config: alertmanagerConfig({ slackChannels: inputs.slackChannels, alertRoutes: inputs.alertRoutes }),
            alertmanagerSpec: {
                image: image("alertmanager"),
                replicas: replicas.alertmanager,
                // The Slack webhook and dead man's switch URLs, read from /etc/alertmanager/secrets/<secret>/<key>.
                secrets: [SLACK_WEBHOOK.name, DEAD_MANS_SWITCH.name],
                storage: volumeClaim(inputs.storageClassName, ALERTMANAGER_STORAGE),
                resources: resources("20m", "64Mi", "128Mi"),
                securityContext: PROMETHEUS_POD_SECURITY,
                ...system,
                topologySpreadConstraints: replicas.alertmanager > 1 ? [zoneSpread(alertmanagerPods, "DoNotSchedule")] : [],
            },
        },

        // One replica: Grafana keeps its state in SQLite, which replicas cannot share.
        grafana: {
            image: image("grafana"),
            admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
            // Dashboards and data sources are code (ConfigMaps) and the login is the Secret, so
            // nothing worth a volume is lost with the pod; a volume would also bind Grafana to
            // one zone and bring the chart's root init container, which restricted refuses.
            persistence: { enabled: false },
            // Its test pod runs only on `helm test`, which the release never runs.
            testFramework: { enabled: false },
            "grafana.ini": {
                "auth.anonymous": { enabled: false },
                users: { allow_sign_up: false },
                // Grafana's only route to the internet is its identity provider (with SSO): no update checks or reporting.
                analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
                security: { disable_gravatar: true, cookie_secure: exposed !== undefined },
                ...(exposed ? { server: { domain: exposed.host, root_url: `https://${exposed.host}/` } } : {}),
                // With SSO the organisation's identity provider is the only way in: no login form,
                // no password sign-in (the admin Secret stays for the API and break-glass).
                ...(inputs.grafanaSso ? { auth: { disable_login_form: true }, "auth.generic_oauth": grafanaOauth(inputs.grafanaSso) } : {}),
            },
            ...(inputs.grafanaSso ? { envValueFrom: { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: GRAFANA_SSO_SECRET.name, key: GRAFANA_SSO_SECRET.clientSecretKey } } } } : {}),
            // The sidecars read ConfigMaps of this namespace only, through the platform's Role
            // (configmaps, no secrets); the chart's own namespaced Role would also read Secrets.
            rbac: { namespaced: true, useExistingRole: GRAFANA_SIDECAR_ROLE },
            sidecar: {
                image: image("grafanaSidecar"),
                // Dashboards and data sources from ConfigMaps labelled for them in this namespace,
                // where the chart puts its own; never Secrets, never other namespaces.
                dashboards: {
                    enabled: true, label: GRAFANA_DASHBOARD_SIDECAR.label, labelValue: GRAFANA_DASHBOARD_SIDECAR.labelValue, searchNamespace: [MONITORING_NAMESPACE], resource: "configmap",
                    // A ConfigMap annotated with a folder lands in that Grafana folder; the chart's own
                    // dashboards carry no annotation and stay in General.
                    folderAnnotation: GRAFANA_DASHBOARD_SIDECAR.folderAnnotation,
                    provider: { foldersFromFilesStructure: true },
                },
                // The uid set rather than left to the chart's default, since dashboards name it.
                datasources: { uid: PROMETHEUS_DATASOURCE_UID, searchNamespace: [MONITORING_NAMESPACE], resource: "configmap" },
                resources: resources("10m", "64Mi", "128Mi"),
                securityContext: { ...RESTRICTED_CONTAINER, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
            },
            resources: resources("50m", "256Mi", "512Mi"),
            securityContext: GRAFANA_POD_SECURITY,
            containerSecurityContext: { ...RESTRICTED_CONTAINER, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
            // Exposed, it is internet-facing: apart from the controllers with cluster-wide rights.
            ...(exposed ? { nodeSelector: exposed.placement.nodeSelector, tolerations: exposed.placement.tolerations, affinity: exposed.placement.affinity } : system),
        },

        // One replica: each replica would export every object again.
        "kube-state-metrics": {
            image: image("kubeStateMetrics"),
            // Its ClusterRole lists and watches every collector's resources: without the Secrets
            // collector it reads no Secret (no dashboard or rule of the chart uses kube_secret_*).
            collectorsExclude: ["secrets"],
            resources: resources("20m", "128Mi", "256Mi"),
            securityContext: { enabled: true, ...NOBODY_POD_SECURITY },
            containerSecurityContext: RESTRICTED_CONTAINER,
            ...system,
        },

        "prometheus-node-exporter": {
            namespaceOverride: NODE_EXPORTER_NAMESPACE,
            // The tag names the distroless variant itself, so the chart must not append -distroless again.
            image: { ...image("nodeExporter"), distroless: false },
            // The one pod off the system nodes: node metrics come from every node, so it
            // tolerates every taint. Critical priority lets it preempt its way onto a full node,
            // where a DaemonSet pod would otherwise stay pending.
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ operator: "Exists" }],
            priorityClassName: "system-cluster-critical",
            resources: resources("20m", "32Mi", "64Mi"),
            securityContext: NOBODY_POD_SECURITY,
            containerSecurityContext: RESTRICTED_CONTAINER,
        },
    };
}
