import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { componentType } from "../../shared/naming";
import { clusterAutoscalerPolicy } from "./iam";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT, clusterAutoscalerValues, ScalableGroup } from "./values";

export const CLUSTER_AUTOSCALER_CHART = { chart: "cluster-autoscaler", repo: "https://kubernetes.github.io/autoscaler" };
const NAMESPACE = "kube-system";

export interface ClusterAutoscalerArgs {
    cluster: EksCluster;
    region: pulumi.Input<string>;
    chartVersion: string;
    groups: ScalableGroup[];
    placement: Placement;
    replicas: number;
    /** The node groups; the autoscaler starts once they exist. */
    dependsOn: pulumi.Resource[];
}

/**
 * The upstream cluster autoscaler with its own IRSA role. Installed as a helm v3 Release: one
 * resource whose chart, version, repository and values the policy pack and the tests can
 * read, with Helm's rollback on a failed upgrade (`atomic`).
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "ClusterAutoscaler"), name, {}, opts);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            namespace: NAMESPACE,
            serviceAccountName: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
            policy: args.cluster.clusterName.apply((clusterName) => JSON.stringify(clusterAutoscalerPolicy(clusterName))),
            createServiceAccount: true,
            automountToken: true, // it watches pods and nodes through the Kubernetes API
            labels: { "app.kubernetes.io/name": "aws-cluster-autoscaler", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = new k8s.helm.v3.Release(name, {
            name: "cluster-autoscaler",
            namespace: NAMESPACE,
            chart: CLUSTER_AUTOSCALER_CHART.chart,
            version: args.chartVersion,
            repositoryOpts: { repo: CLUSTER_AUTOSCALER_CHART.repo },
            values: pulumi.all([args.cluster.clusterName, args.region]).apply(([clusterName, region]) => clusterAutoscalerValues({
                clusterName, region, kubernetesVersion: args.cluster.kubernetesVersion,
                groups: args.groups, placement: args.placement, replicas: args.replicas,
            })),
            atomic: true,
            cleanupOnFail: true,
            maxHistory: 10,
        }, { parent: this, dependsOn: [identity, ...args.dependsOn] });
        this.registerOutputs({});
    }
}
