import { policyDocument, PolicyDocument } from "../../shared/iam";

/**
 * Tag key Velero puts on every EBS snapshot it takes, with the backup's name (velero
 * pkg/backup/item_backupper.go takePVSnapshot: `tags["velero.io/backup"] = backup name`,
 * passed to the AWS plugin's CreateSnapshot as TagSpecifications). The plugin copies a
 * snapshot's tags onto the volume it restores from it, so restored volumes carry it too.
 */
export const VELERO_BACKUP_TAG = "velero.io/backup";
/** Tag key the EBS CSI driver puts on every volume it provisions (value "true"). */
export const EBS_CSI_VOLUME_TAG = "ebs.csi.aws.com/cluster";

export interface VeleroPolicyInputs {
    partition: string;
    region: string;
    accountId: string;
    /** The backup bucket (Velero's storage location). */
    bucketArn: string;
    /** The key the backup objects are encrypted with. */
    backupsKeyArn: string;
    /** The key of the persistent volumes and so of their snapshots. */
    volumesKeyArn: string;
}

/**
 * What Velero and its AWS plugin call, and nothing else: the backup bucket's objects through
 * S3 with the backups key, and EBS snapshots of the CSI driver's volumes (take, restore,
 * expire) with the volumes key through EC2.
 *
 * Compared with the plugin README's policy (EC2 actions on "*", S3 object actions incl.
 * s3:PutObjectTagging, no KMS): every mutating EC2 action is bound to this region's
 * ARNs and to tags; s3:PutObjectTagging is left out (only the storage location's
 * `config.tagging` needs it, unused); the KMS statements are added because the bucket's
 * objects and the volumes use customer-managed keys, which the README's setup does not.
 *
 * What EC2 does not let us scope: Describe* only take "*"; the volumes CreateSnapshot may
 * read are those of any CSI-provisioned volume in the account and region (the driver's
 * cluster-name tag is optional); a snapshot counts as Velero's by the presence of its
 * tag key, which anyone allowed to tag snapshots could set.
 */
export function veleroPolicy(inputs: VeleroPolicyInputs): PolicyDocument {
    const { partition, region, accountId } = inputs;
    const snapshots = `arn:${partition}:ec2:${region}::snapshot/*`;
    const volumes = `arn:${partition}:ec2:${region}:${accountId}:volume/*`;
    const hasVeleroTag = (scope: "Request" | "Resource") => ({ Null: { [`aws:${scope}Tag/${VELERO_BACKUP_TAG}`]: "false" } });
    const through = (service: "s3" | "ec2") => ({ "kms:ViaService": `${service}.${region}.amazonaws.com` });
    return policyDocument(
        { Sid: "ListBackupBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: inputs.bucketArn },
        {
            Sid: "ReadWriteBackupObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: `${inputs.bucketArn}/*`,
        },
        {
            // S3 calls KMS on Velero's behalf (SSE-KMS with the storage location's kmsKeyId); Velero never calls KMS itself.
            Sid: "EncryptBackupObjectsThroughS3",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: inputs.backupsKeyArn,
            Condition: { StringEquals: through("s3") },
        },
        { Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: "*" },
        {
            Sid: "SnapshotCsiVolumes",
            Effect: "Allow",
            Action: "ec2:CreateSnapshot",
            Resource: volumes,
            Condition: { StringEquals: { [`aws:ResourceTag/${EBS_CSI_VOLUME_TAG}`]: "true" } },
        },
        { Sid: "CreateVeleroTaggedSnapshots", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: snapshots, Condition: hasVeleroTag("Request") },
        { Sid: "RestoreFromVeleroSnapshots", Effect: "Allow", Action: "ec2:CreateVolume", Resource: snapshots, Condition: hasVeleroTag("Resource") },
        {
            Sid: "RestoreEncryptedVolumes",
            Effect: "Allow",
            Action: "ec2:CreateVolume",
            Resource: volumes,
            Condition: { ...hasVeleroTag("Request"), Bool: { "ec2:Encrypted": "true" } },
        },
        {
            // Only the tags of the snapshot or volume being created, never a later retag.
            Sid: "TagOnCreate",
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: [snapshots, volumes],
            Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
        },
        { Sid: "ExpireVeleroSnapshots", Effect: "Allow", Action: "ec2:DeleteSnapshot", Resource: snapshots, Condition: hasVeleroTag("Resource") },
        {
            // A volume restored from a snapshot of an encrypted volume is encrypted with the volumes key by EBS on Velero's behalf.
            Sid: "UseVolumesKeyThroughEc2",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*", "kms:DescribeKey"],
            Resource: inputs.volumesKeyArn,
            Condition: { StringEquals: through("ec2") },
        },
        {
            Sid: "GrantVolumesKeyToEbs",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: inputs.volumesKeyArn,
            Condition: { StringEquals: through("ec2"), Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
    );
}
