import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ScalableGroup } from "../addons/cluster-autoscaler/values";
import { awsAccount } from "../shared/aws-account";
import { sourcelessServiceTrustPolicy } from "../shared/iam";
import { componentType } from "../shared/naming";
import { clusterExists, EksCluster } from "./eks-cluster";
import { amiTypeFor } from "./instance-types";
import { NODE_GROUP_LABEL, NodeTaint } from "./placement";

export interface NodeGroupSpec {
    capacityType: "ON_DEMAND" | "SPOT";
    instanceTypes: string[];
    /** Sizes of the group, or of each zone's group when `zonal`. */
    minSize: number;
    desiredSize: number;
    maxSize: number;
    /** One managed node group per AZ instead of one across all AZs. */
    zonal: boolean;
    diskSizeGiB: number;
    labels: Record<string, string>;
    taints: NodeTaint[];
}

export interface NodeGroupsArgs {
    cluster: EksCluster;
    /**
     * AMI release every group runs (`1.36.2-20261118`); unset: the release EKS recommends for the
     * cluster's version, read at every run, so a `pulumi up` after a new release rolls the nodes.
     */
    amiReleaseVersion?: string;
    /** Private subnets, one per AZ, in the order of `availabilityZoneIds`. */
    subnetIds: pulumi.Input<string>[];
    /** Zone IDs (`use1-az1`): they name the zonal groups the same in every account. */
    availabilityZoneIds: string[];
    groups: Record<string, NodeGroupSpec>;
    /** KMS key of the nodes' root volumes. */
    volumeKeyArn: pulumi.Input<string>;
    /** Tags for the instances and volumes the groups launch (provider default tags do not reach them). */
    instanceTags: Record<string, string>;
}

/**
 * The managed policies a node needs and nothing more: join the cluster and pull images. The
 * CNI's permissions live on the vpc-cni add-on's own IRSA role. No Session Manager policy:
 * AmazonSSMManagedInstanceCore grants ssm:GetParameter(s) on every parameter of the account,
 * which any host-network pod could use through the node's credentials; nodes are debugged
 * with `kubectl debug node/<name>` instead (docs/decisions.md, decision 34).
 */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];

/** One EKS managed node group as laid out from a configured group. */
export interface ManagedNodeGroupLayout extends ScalableGroup {
    group: string;
    /** Indexes into the AZ-ordered subnets. */
    subnetIndexes: number[];
}

/**
 * The managed node groups of the configured groups: one across every AZ, or, for a zonal
 * group, one per AZ, named `<group>[-<zone ID>]-` and the provider's 26-character unique suffix
 * (18 digits of creation time, 8 hex digits of a counter); at most 63 characters in all, so
 * the cluster's name is left out: a node group only exists inside its cluster. The
 * suffix lets a change that replaces a node group (instance types, capacity type, subnets)
 * create the new group before draining the old one. Zonal groups let the cluster autoscaler
 * add a node in the zone a pending pod needs (an EBS volume lives in one zone) and balance
 * the zones (`balance-similar-node-groups`); a group across AZs leaves the zone to EC2.
 */
export function nodeGroupLayout(groups: Record<string, Pick<NodeGroupSpec, "capacityType" | "zonal">>, availabilityZoneIds: string[]): ManagedNodeGroupLayout[] {
    return Object.entries(groups).flatMap(([group, spec]) => spec.zonal
        ? availabilityZoneIds.map((zoneId, i) => ({ group, namePrefix: `${group}-${zoneId}-`, capacityType: spec.capacityType, subnetIndexes: [i] }))
        : [{ group, namePrefix: `${group}-`, capacityType: spec.capacityType, subnetIndexes: availabilityZoneIds.map((_, i) => i) }]);
}

/** The SSM parameter where EKS publishes the recommended AMI release of a Kubernetes minor and AMI type. */
export function recommendedReleaseParameter(kubernetesVersion: string, amiType: ReturnType<typeof amiTypeFor>): string {
    const architecture = amiType === "AL2023_ARM_64_STANDARD" ? "arm64" : "x86_64";
    return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${architecture}/standard/recommended/release_version`;
}

/**
 * The desired size to send for a group: what it runs now (the cluster autoscaler's choice)
 * kept within the configured bounds, or the configured size for a group that does not exist
 * yet. Sending the size last stored in the stack instead (`ignoreChanges`) fails as soon as a
 * raised minimum exceeds it: EKS refuses a desired size below the minimum.
 */
export function desiredSizeFor(spec: Pick<NodeGroupSpec, "minSize" | "desiredSize" | "maxSize">, current: number | undefined): number {
    return Math.min(spec.maxSize, Math.max(spec.minSize, current ?? spec.desiredSize));
}

/** Length of the unique suffix the provider appends to a node group's name prefix. */
const NAME_SUFFIX_LENGTH = 26;

/**
 * The current desired size of the live node group named `<prefix><suffix>`; the largest while a
 * replacement runs beside its predecessor, undefined when there is none.
 */
export function currentSizeOf(namePrefix: string, live: Record<string, number>): number | undefined {
    const sizes = Object.entries(live).filter(([name]) => name.startsWith(namePrefix) && name.length === namePrefix.length + NAME_SUFFIX_LENGTH).map(([, size]) => size);
    return sizes.length > 0 ? Math.max(...sizes) : undefined;
}

/**
 * Desired sizes of a cluster's live managed node groups by name, read from EKS (read-only
 * calls); empty before the cluster exists. A failed call fails the run: guessing could shrink
 * a group the autoscaler grew.
 */
async function liveDesiredSizes(clusterName: string, opts: pulumi.InvokeOptions): Promise<Record<string, number>> {
    if (!(await clusterExists(clusterName, opts))) return {};
    const { names: groups } = await aws.eks.getNodeGroups({ clusterName }, opts);
    const described = await Promise.all(groups.map((nodeGroupName) => aws.eks.getNodeGroup({ clusterName, nodeGroupName }, opts)));
    return Object.fromEntries(described.map((g) => [g.nodeGroupName, g.scalingConfigs[0].desiredSize]));
}

/**
 * The cluster's managed node groups, launched from one template per configured group with
 * IMDSv2 only (hop limit 1: pods cannot borrow the node's role) and an encrypted gp3 root
 * volume, without SSH keys. The cluster autoscaler discovers them by tag.
 */
export class NodeGroups extends pulumi.ComponentResource {
    /** The managed node groups by name prefix (`<group>[-<zone ID>]-`). */
    readonly nodeGroups: Record<string, aws.eks.NodeGroup>;
    readonly layout: ManagedNodeGroupLayout[];
    readonly nodeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: NodeGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("cluster", "NodeGroups"), name, {}, opts);
        const { managedPolicy } = awsAccount(this);

        const role = new aws.iam.Role(`${name}-node-role`, {
            description: `EKS worker nodes of ${name}`,
            assumeRolePolicy: JSON.stringify(sourcelessServiceTrustPolicy("ec2.amazonaws.com")),
            tags: { Name: `${name}-node` },
            permissionsBoundary: args.cluster.permissionsBoundaryArn,
        }, { parent: this });
        const attachments = NODE_MANAGED_POLICIES.map((policy) =>
            new aws.iam.RolePolicyAttachment(`${name}-node-${policy}`, { role: role.name, policyArn: managedPolicy(policy) }, { parent: this }));

        const templates = Object.fromEntries(Object.entries(args.groups).map(([group, spec]) => {
            const templateName = `${name}-${group}`;
            const tagged = (resourceType: string) => ({ resourceType, tags: { ...args.instanceTags, Name: templateName, [NODE_GROUP_LABEL]: group } });
            return [group, new aws.ec2.LaunchTemplate(templateName, {
                name: templateName,
                description: `Nodes of the ${group} group`,
                updateDefaultVersion: true,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [{
                    deviceName: "/dev/xvda", // the root device of the EKS AL2023 AMIs
                    ebs: { volumeSize: spec.diskSizeGiB, volumeType: "gp3", encrypted: "true", kmsKeyId: args.volumeKeyArn, deleteOnTermination: "true" },
                }],
                tagSpecifications: [tagged("instance"), tagged("volume"), tagged("network-interface")],
                tags: { Name: templateName },
            }, { parent: this })];
        }));

        this.layout = nodeGroupLayout(args.groups, args.availabilityZoneIds);
        const invokeOpts: pulumi.InvokeOptions = { parent: this };
        const liveSizes = pulumi.output(args.cluster.clusterName).apply((clusterName) => liveDesiredSizes(clusterName, invokeOpts));
        // Nodes follow the control plane's minor (node groups keep their old one unless told) and AMI releases.
        const releaseVersion = (amiType: ReturnType<typeof amiTypeFor>) => args.amiReleaseVersion ??
            aws.ssm.getParameterOutput({ name: recommendedReleaseParameter(args.cluster.kubernetesVersion, amiType) }, invokeOpts).value;
        this.nodeGroups = {};
        for (const managed of this.layout) {
            const spec = args.groups[managed.group];
            const template = templates[managed.group];
            const logicalName = `${name}-${managed.namePrefix.slice(0, -1)}`;
            const amiType = amiTypeFor(spec.instanceTypes);
            this.nodeGroups[managed.namePrefix] = new aws.eks.NodeGroup(logicalName, {
                clusterName: args.cluster.clusterName,
                nodeGroupNamePrefix: managed.namePrefix,
                nodeRoleArn: role.arn,
                subnetIds: managed.subnetIndexes.map((i) => args.subnetIds[i]),
                capacityType: spec.capacityType,
                instanceTypes: spec.instanceTypes,
                amiType,
                version: args.cluster.kubernetesVersion,
                releaseVersion: releaseVersion(amiType),
                scalingConfig: { minSize: spec.minSize, desiredSize: liveSizes.apply((live) => desiredSizeFor(spec, currentSizeOf(managed.namePrefix, live))), maxSize: spec.maxSize },
                updateConfig: { maxUnavailablePercentage: 33 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                nodeRepairConfig: { enabled: true },
                labels: { ...spec.labels, [NODE_GROUP_LABEL]: managed.group },
                taints: spec.taints,
                // EKS tags the group's Auto Scaling group with these itself (auto-discovery and the
                // autoscaler's IAM condition read them there); here they make the intent visible.
                tags: { Name: logicalName, ...args.cluster.autoscalerDiscoveryTags },
            }, {
                parent: this,
                // No ignoreChanges on the desired size: the autoscaler owns it, and the live value is sent back (desiredSizeFor).
                // Nodes only become Ready once the CNI and kube-proxy exist.
                dependsOn: [...attachments, ...args.cluster.nodeBootstrapAddons],
            });
        }
        this.nodeRoleArn = role.arn;
        this.registerOutputs({ nodeRoleArn: this.nodeRoleArn });
    }
}
