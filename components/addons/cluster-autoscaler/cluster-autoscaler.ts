import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { clusterAutoscalerPolicy } from "./iam";
import { CLUSTER_AUTOSCALER_NAMESPACE as NAMESPACE, CLUSTER_AUTOSCALER_RELEASE } from "./service-monitor";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT, clusterAutoscalerValues, ScalableGroup } from "./values";

export const CLUSTER_AUTOSCALER_CHART: ChartSource = { chart: "cluster-autoscaler", repo: "https://kubernetes.github.io/autoscaler" };

export interface ClusterAutoscalerArgs {
    cluster: EksCluster;
    region: pulumi.Input<string>;
    chartVersion: string;
    groups: ScalableGroup[];
    placement: Placement;
    replicas: number;
    /** The node groups, when not already a dependency through `opts`; the autoscaler starts once they exist. */
    dependsOn?: pulumi.Resource[];
}

/**
 * The upstream cluster autoscaler with its own IRSA role, in kube-system (the namespace EKS
 * itself runs system components in).
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "ClusterAutoscaler"), name, {}, opts);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: NAMESPACE,
            serviceAccountName: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
            policy: args.cluster.clusterName.apply((clusterName) => JSON.stringify(clusterAutoscalerPolicy(clusterName))),
            createServiceAccount: true,
            automountToken: true, // it watches pods and nodes through the Kubernetes API
            labels: { "app.kubernetes.io/name": "aws-cluster-autoscaler", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = chartRelease(name, {
            source: CLUSTER_AUTOSCALER_CHART,
            version: args.chartVersion,
            releaseName: CLUSTER_AUTOSCALER_RELEASE,
            namespace: NAMESPACE,
            values: pulumi.all([args.cluster.clusterName, args.region, cacheRegistryHost(["k8s"], { parent: this })]).apply(([clusterName, region, registry]) => clusterAutoscalerValues({
                clusterName, region, kubernetesVersion: args.cluster.kubernetesVersion,
                groups: args.groups, placement: args.placement, replicas: args.replicas, registry,
            })),
        }, { parent: this, dependsOn: [identity, ...(args.dependsOn ?? [])] });
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.clusterAutoscaler` and the region. */
export interface ClusterAutoscalerSettings {
    region: string;
    version: string;
    replicas: number;
}

export function clusterAutoscalerAddon(settings: ClusterAutoscalerSettings) {
    return defineAddon({
        name: "cluster-autoscaler",
        dependsOn: [],
        namespaces: [],
        provides: ["node-autoscaler"],
        install: (name, ctx, _deps, opts) => ({
            component: new ClusterAutoscaler(name, {
                cluster: ctx.cluster,
                region: settings.region,
                chartVersion: settings.version,
                groups: ctx.scalableGroups,
                placement: ctx.placement,
                replicas: settings.replicas,
            }, opts),
            outputs: {},
        }),
    });
}
