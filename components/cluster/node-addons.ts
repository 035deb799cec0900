import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { policyDocument, PolicyDocument } from "../shared/iam";
import { componentType } from "../shared/naming";
import { EksCluster } from "./eks-cluster";
import { ServiceAccountRole } from "./irsa";
import { managedAddon } from "./managed-addon";
import { Placement } from "./placement";

export interface NodeAddonsArgs {
    cluster: EksCluster;
    /** Where the add-ons' controllers run (the system node group). */
    placement: Placement;
    /** CoreDNS replicas: at least one per AZ in prod so DNS survives the loss of a zone. */
    corednsReplicas: number;
    /** KMS key of persistent volumes: the driver may use it (the StorageClass names it). */
    volumeKeyArn: pulumi.Input<string>;
    /** The node groups: these add-ons run pods, so they are created after nodes exist. */
    dependsOn: pulumi.Resource[];
}

/** What the EBS CSI driver needs on a customer-managed key, beyond its AWS managed policy. */
export function ebsCsiKeyPolicy(keyArn: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "GrantsForAttachedVolumesOnly",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: keyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
        { Sid: "EncryptVolumes", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: keyArn },
    );
}

/**
 * Managed add-ons that run pods and therefore wait for the node groups (CoreDNS times out
 * without nodes): CoreDNS on the system nodes, spread over zones, and the EBS CSI driver,
 * without which no PersistentVolumeClaim binds, with its own IRSA role.
 */
export class NodeAddons extends pulumi.ComponentResource {
    constructor(name: string, args: NodeAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("cluster", "NodeAddons"), name, {}, opts);
        const { managedPolicy } = awsAccount(this);
        const addon = { clusterName: args.cluster.clusterName, kubernetesVersion: args.cluster.kubernetesVersion };
        const afterNodes = { parent: this, dependsOn: args.dependsOn };

        managedAddon(`${name}-coredns`, "coredns", {
            ...addon,
            configuration: {
                replicaCount: args.corednsReplicas,
                nodeSelector: args.placement.nodeSelector,
                tolerations: args.placement.tolerations,
                topologySpreadConstraints: [{
                    maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway",
                    labelSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                }],
            },
        }, afterNodes);

        const ebsCsiRole = new ServiceAccountRole(`${name}-ebs-csi`, {
            oidc: args.cluster.oidc,
            namespace: "kube-system",
            serviceAccountName: "ebs-csi-controller-sa",
            managedPolicyArns: [managedPolicy("service-role/AmazonEBSCSIDriverPolicy")],
            policy: pulumi.output(args.volumeKeyArn).apply((keyArn) => JSON.stringify(ebsCsiKeyPolicy(keyArn))),
            createServiceAccount: false, // the add-on owns its service account and annotates it with the role
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
        }, { parent: this });
        managedAddon(`${name}-ebs-csi`, "aws-ebs-csi-driver", {
            ...addon,
            serviceAccountRoleArn: ebsCsiRole.roleArn,
            configuration: {
                controller: { nodeSelector: args.placement.nodeSelector, tolerations: args.placement.tolerations },
                // The node plugin must run wherever a volume may be mounted, spot nodes included.
                node: { tolerateAllTaints: true },
                // The storage add-on's KMS-encrypted class is the default; the driver's own would be a second one.
                defaultStorageClass: { enabled: false },
            },
        }, afterNodes);
        this.registerOutputs({});
    }
}
