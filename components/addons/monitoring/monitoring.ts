import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { EdgePlacement, Placement } from "../../cluster/placement";
import { TrafficPeer } from "../../namespace/baseline";
import { ClusterAddresses, MONITORING_NAMESPACE } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon, Environment } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { writeFence } from "../write-fence";
import { routeAccess } from "../nginx-ingress/rbac";
import { tlsIngress } from "../nginx-ingress/tls-ingress";
import { DEAD_MANS_SWITCH, SLACK_WEBHOOK } from "./alertmanager";
import { monitoringNamespace, nodeExporterNamespace, ScrapeTarget } from "./namespace";
import { OPERATOR_FENCE } from "./operator-fence";
import {
    GRAFANA_ADMIN_SECRET, GRAFANA_ADMIN_USER, GRAFANA_SERVICE, GRAFANA_SIDECAR_ROLE, GRAFANA_SSO_SECRET, kubePrometheusStackValues, MONITORING_RELEASE, MonitoringConfig,
} from "./values";

export const KUBE_PROMETHEUS_STACK_CHART: ChartSource = { chart: "kube-prometheus-stack", repo: "https://prometheus-community.github.io/helm-charts" };

export interface MonitoringArgs {
    chartVersion: string;
    environment: Environment;
    placement: Placement;
    storageClassName: string;
    monitoring: MonitoringConfig;
    /** Secret; only ever written to a Kubernetes Secret. */
    slackWebhookUrl: pulumi.Input<string>;
    /** Secret; only ever written to a Kubernetes Secret. */
    deadMansSwitchUrl: pulumi.Input<string>;
    /** Secret, with `monitoring.grafanaSso`; only ever written to a Kubernetes Secret. */
    grafanaSsoClientSecret?: pulumi.Input<string>;
    /** Where the ingress controller serves Grafana, when it is exposed, and where an exposed Grafana runs. */
    ingress: { className: string; clusterIssuer: string; grafanaHost: string; placement: EdgePlacement };
}

/**
 * kube-prometheus-stack (the operator, Prometheus, Alertmanager, Grafana, kube-state-metrics,
 * node-exporter) with its secrets kept out of the chart values: Grafana's generated admin
 * login, its OAuth client secret, the Slack webhook URL and the dead man's switch URL are Kubernetes Secrets the chart
 * reads by name. An admission policy holds the operator's writes to this namespace
 * (operator-fence.ts). Grafana is exposed through a TLS Ingress when the config says so (the ingress
 * controller then gets its role in this namespace), behind SSO when configured; Prometheus
 * never is (decision 20): operators query it through Grafana or `kubectl port-forward`.
 */
export class Monitoring extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "Monitoring"), name, {}, opts);
        const exposeGrafana = args.monitoring.grafanaExposure === "ingress";
        const secret = (role: string, secretName: string, stringData: Record<string, pulumi.Input<string>>) =>
            new k8s.core.v1.Secret(`${name}-${role}`, { metadata: { name: secretName, namespace: MONITORING_NAMESPACE }, type: "Opaque", stringData }, { parent: this });

        const grafanaPassword = new random.RandomPassword(`${name}-grafana-admin-password`, { length: 40, special: false }, { parent: this });
        const secrets = [
            secret("grafana-admin", GRAFANA_ADMIN_SECRET.name, {
                [GRAFANA_ADMIN_SECRET.userKey]: GRAFANA_ADMIN_USER,
                [GRAFANA_ADMIN_SECRET.passwordKey]: grafanaPassword.result,
            }),
            secret("alertmanager-slack", SLACK_WEBHOOK.name, { [SLACK_WEBHOOK.key]: args.slackWebhookUrl }),
            secret("alertmanager-dead-mans-switch", DEAD_MANS_SWITCH.name, { [DEAD_MANS_SWITCH.key]: args.deadMansSwitchUrl }),
        ];
        if (args.monitoring.grafanaSso) {
            if (args.grafanaSsoClientSecret === undefined) throw new Error("monitoring.grafanaSso needs grafanaSsoClientSecret");
            secrets.push(secret("grafana-sso", GRAFANA_SSO_SECRET.name, { [GRAFANA_SSO_SECRET.clientSecretKey]: args.grafanaSsoClientSecret }));
        }
        const sidecarRole = new k8s.rbac.v1.Role(`${name}-grafana-sidecars`, {
            metadata: { name: GRAFANA_SIDECAR_ROLE, namespace: MONITORING_NAMESPACE },
            rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
        }, { parent: this });
        const operatorFence = writeFence(`${name}-operator-fence`, OPERATOR_FENCE, { parent: this });

        this.release = chartRelease(name, {
            source: KUBE_PROMETHEUS_STACK_CHART,
            version: args.chartVersion,
            releaseName: MONITORING_RELEASE,
            namespace: MONITORING_NAMESPACE,
            values: cacheRegistryHost(["quay", "k8s", "docker-hub"], { parent: this }).apply((registry) => kubePrometheusStackValues({
                environment: args.environment,
                placement: args.placement,
                storageClassName: args.storageClassName,
                prometheusStorageGiB: args.monitoring.prometheusStorageGiB,
                prometheusRetentionDays: args.monitoring.prometheusRetentionDays,
                slackChannels: args.monitoring.slackChannels,
                alertRoutes: args.monitoring.alertRoutes,
                grafanaExposed: exposeGrafana ? { host: args.ingress.grafanaHost, placement: args.ingress.placement } : undefined,
                grafanaSso: args.monitoring.grafanaSso,
                registry,
            })),
        }, { parent: this, dependsOn: [...secrets, sidecarRole, operatorFence] });

        if (exposeGrafana) {
            const controllerAccess = routeAccess(`${name}-nginx-ingress`, MONITORING_NAMESPACE, { parent: this });
            new k8s.networking.v1.Ingress(`${name}-grafana`, tlsIngress({
                name: "grafana", namespace: MONITORING_NAMESPACE, host: args.ingress.grafanaHost, service: GRAFANA_SERVICE,
                ingressClassName: args.ingress.className, clusterIssuer: args.ingress.clusterIssuer,
            }), { parent: this, dependsOn: [this.release, controllerAccess] });
        }
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config. */
export interface MonitoringSettings {
    environment: Environment;
    /** `addons.kubePrometheusStack.version`. */
    version: string;
    monitoring: MonitoringConfig;
    /** `slackWebhookUrl`, a secret. */
    slackWebhookUrl: pulumi.Input<string>;
    /** `deadMansSwitchUrl`, a secret. */
    deadMansSwitchUrl: pulumi.Input<string>;
    /** `grafanaSsoClientSecret`, a secret. */
    grafanaSsoClientSecret?: pulumi.Input<string>;
    /** `dns.grafanaHost`. */
    grafanaHost: string;
    /** Where an exposed Grafana runs: internet-facing. */
    grafanaPlacement: EdgePlacement;
    /** What Prometheus scrapes outside the monitoring namespace (its egress). */
    scrapeTargets: readonly ScrapeTarget[];
    /** Pods of other namespaces that query Prometheus (its ingress). */
    prometheusClients?: readonly TrafficPeer[];
}

/**
 * The add-on. Its namespace rules depend on what is exposed, so it is built from the VPC CIDR
 * and the monitoring config; node-exporter gets a privileged namespace of its own.
 */
export function monitoringAddon(addresses: ClusterAddresses, settings: MonitoringSettings) {
    return defineAddon({
        name: "monitoring",
        dependsOn: ["storage", "nginx-ingress", "cert-manager", "prometheus-operator-crds"],
        namespaces: [monitoringNamespace(addresses, settings.monitoring, settings.scrapeTargets, settings.prometheusClients), nodeExporterNamespace()],
        provides: ["prometheus", "alertmanager", "grafana"],
        install: (name, ctx, deps, opts) => {
            return {
                component: new Monitoring(name, {
                    chartVersion: settings.version,
                    environment: settings.environment,
                    placement: ctx.placement,
                    storageClassName: deps.storage.storageClassName,
                    monitoring: settings.monitoring,
                    slackWebhookUrl: settings.slackWebhookUrl,
                    deadMansSwitchUrl: settings.deadMansSwitchUrl,
                    grafanaSsoClientSecret: settings.grafanaSsoClientSecret,
                    ingress: {
                        className: deps["nginx-ingress"].ingressClassName,
                        clusterIssuer: deps["cert-manager"].clusterIssuer,
                        grafanaHost: settings.grafanaHost,
                        placement: settings.grafanaPlacement,
                    },
                }, opts),
                outputs: { namespace: MONITORING_NAMESPACE },
            };
        },
    });
}
