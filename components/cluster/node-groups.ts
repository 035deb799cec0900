import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { serviceTrustPolicy } from "../shared/iam";
import { componentType } from "../shared/naming";
import { EksCluster } from "./eks-cluster";
import { amiTypeFor } from "./instance-types";
import { NodeTaint } from "./placement";

export interface NodeGroupSpec {
    capacityType: "ON_DEMAND" | "SPOT";
    instanceTypes: string[];
    minSize: number;
    desiredSize: number;
    maxSize: number;
    diskSizeGiB: number;
    labels: Record<string, string>;
    taints: NodeTaint[];
}

export interface NodeGroupsArgs {
    cluster: EksCluster;
    /** Private subnets, one per AZ: every group spans every AZ. */
    subnetIds: pulumi.Input<string>[];
    groups: Record<string, NodeGroupSpec>;
    /** KMS key of the nodes' root volumes. */
    volumeKeyArn: pulumi.Input<string>;
    /** Tags for the instances and volumes the groups launch (provider default tags do not reach them). */
    instanceTags: Record<string, string>;
}

/**
 * The managed policies a node needs and nothing more: join the cluster, pull images, and be
 * reachable through SSM Session Manager (there is no SSH). The CNI's permissions live on the
 * vpc-cni add-on's own IRSA role.
 */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"];

/** EKS managed node group name of a configured group; the cluster autoscaler's priorities match it. */
export function nodeGroupName(clusterName: string, group: string): string {
    return `${clusterName}-${group}`;
}

/**
 * The cluster's managed node groups, each across every private subnet, launched from a
 * template with IMDSv2 only (hop limit 1: pods cannot borrow the node's role) and an
 * encrypted gp3 root volume, without SSH keys. The cluster autoscaler discovers them by tag.
 */
export class NodeGroups extends pulumi.ComponentResource {
    readonly nodeGroups: Record<string, aws.eks.NodeGroup>;
    readonly nodeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: NodeGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("cluster", "NodeGroups"), name, {}, opts);
        const { managedPolicy } = awsAccount(this);

        const role = new aws.iam.Role(`${name}-node-role`, {
            description: `EKS worker nodes of ${name}`,
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            tags: { Name: `${name}-node` },
        }, { parent: this });
        const attachments = NODE_MANAGED_POLICIES.map((policy) =>
            new aws.iam.RolePolicyAttachment(`${name}-node-${policy}`, { role: role.name, policyArn: managedPolicy(policy) }, { parent: this }));

        this.nodeGroups = {};
        for (const [group, spec] of Object.entries(args.groups)) {
            const groupName = nodeGroupName(name, group);
            const tagged = (resourceType: string) => ({ resourceType, tags: { ...args.instanceTags, Name: groupName, "node-group": group } });
            const template = new aws.ec2.LaunchTemplate(`${name}-${group}`, {
                name: groupName,
                description: `Nodes of the ${group} group`,
                updateDefaultVersion: true,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [{
                    deviceName: "/dev/xvda", // the root device of the EKS AL2023 AMIs
                    ebs: { volumeSize: spec.diskSizeGiB, volumeType: "gp3", encrypted: "true", kmsKeyId: args.volumeKeyArn, deleteOnTermination: "true" },
                }],
                tagSpecifications: [tagged("instance"), tagged("volume"), tagged("network-interface")],
                tags: { Name: groupName },
            }, { parent: this });

            this.nodeGroups[group] = new aws.eks.NodeGroup(`${name}-${group}`, {
                clusterName: args.cluster.clusterName,
                nodeGroupName: groupName,
                nodeRoleArn: role.arn,
                subnetIds: args.subnetIds,
                capacityType: spec.capacityType,
                instanceTypes: spec.instanceTypes,
                amiType: amiTypeFor(spec.instanceTypes),
                scalingConfig: { minSize: spec.minSize, desiredSize: spec.desiredSize, maxSize: spec.maxSize },
                updateConfig: { maxUnavailablePercentage: 33 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                nodeRepairConfig: { enabled: true },
                labels: { ...spec.labels, "node-group": group },
                taints: spec.taints,
                tags: { Name: groupName, ...args.cluster.autoscalerDiscoveryTags },
            }, {
                parent: this,
                // The cluster autoscaler owns the desired size; resetting it on every `pulumi up` would undo its scaling.
                ignoreChanges: ["scalingConfig.desiredSize"],
                // Nodes only become Ready once the CNI and kube-proxy exist.
                dependsOn: [...attachments, ...args.cluster.nodeBootstrapAddons],
            });
        }
        this.nodeRoleArn = role.arn;
        this.registerOutputs({ nodeRoleArn: this.nodeRoleArn });
    }
}
