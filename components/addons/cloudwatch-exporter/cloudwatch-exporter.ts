import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { cloudwatchExporterPolicy } from "./iam";
import { cloudwatchExporterNamespace } from "./namespace";
import { CLOUDWATCH_EXPORTER_NAMESPACE, CLOUDWATCH_EXPORTER_RELEASE, CLOUDWATCH_EXPORTER_SERVICE_ACCOUNT, cloudwatchExporterValues } from "./values";

export const CLOUDWATCH_EXPORTER_CHART: ChartSource = { chart: "prometheus-yet-another-cloudwatch-exporter", repo: "https://prometheus-community.github.io/helm-charts" };

export interface CloudWatchExporterArgs {
    cluster: EksCluster;
    region: string;
    environment: string;
    chartVersion: string;
    placement: Placement;
}

/**
 * YACE with its own IRSA role (read-only CloudWatch and tagging, in the stack's region): the
 * CloudWatch metrics of the database, the NAT gateways and the ingress load balancer as
 * Prometheus series, scraped through the chart's ServiceMonitor.
 */
export class CloudWatchExporter extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: CloudWatchExporterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "CloudWatchExporter"), name, {}, opts);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: CLOUDWATCH_EXPORTER_NAMESPACE,
            serviceAccountName: CLOUDWATCH_EXPORTER_SERVICE_ACCOUNT,
            policy: JSON.stringify(cloudwatchExporterPolicy(args.region)),
            createServiceAccount: true,
            labels: { "app.kubernetes.io/name": "yace", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = chartRelease(name, {
            source: CLOUDWATCH_EXPORTER_CHART,
            version: args.chartVersion,
            releaseName: CLOUDWATCH_EXPORTER_RELEASE,
            namespace: CLOUDWATCH_EXPORTER_NAMESPACE,
            values: pulumi.all([args.cluster.clusterName, cacheRegistryHost(["quay"], { parent: this })]).apply(([clusterName, registry]) => cloudwatchExporterValues({
                region: args.region, environment: args.environment, clusterName, placement: args.placement, registry,
            })),
        }, { parent: this, dependsOn: [identity] });
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.cloudwatchExporter`, the environment and the region. */
export interface CloudWatchExporterSettings {
    region: string;
    environment: string;
    version: string;
}

/** The exporter; it needs the Prometheus CRDs for its ServiceMonitor. */
export function cloudwatchExporterAddon(settings: CloudWatchExporterSettings) {
    return defineAddon({
        name: "cloudwatch-exporter",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [cloudwatchExporterNamespace()],
        provides: ["cloudwatch-metrics"],
        install: (name, ctx, _deps, opts) => ({
            component: new CloudWatchExporter(name, {
                cluster: ctx.cluster,
                region: settings.region,
                environment: settings.environment,
                chartVersion: settings.version,
                placement: ctx.placement,
            }, opts),
            outputs: {},
        }),
    });
}
