import { policyDocument, PolicyDocument, PolicyStatement } from "../shared/iam";

export interface BucketPolicyInputs {
    bucketArn: string;
    /** For an access-log bucket: the account whose buckets deliver their server access logs here. */
    logDeliveryFromAccount?: string;
}

/**
 * A bucket policy that refuses every request without TLS and, for an access-log bucket, lets
 * S3's log delivery write objects for this account's buckets only.
 */
export function bucketPolicy(inputs: BucketPolicyInputs): PolicyDocument {
    const objects = `${inputs.bucketArn}/*`;
    const statements: PolicyStatement[] = [{
        Sid: "DenyRequestsWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [inputs.bucketArn, objects],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }];
    if (inputs.logDeliveryFromAccount) {
        statements.push({
            Sid: "S3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { StringEquals: { "aws:SourceAccount": inputs.logDeliveryFromAccount } },
        });
    }
    return policyDocument(...statements);
}

export interface ReplicationPolicyInputs {
    sourceBucketArn: string;
    destinationBucketArn: string;
    sourceKeyArn: string;
    destinationKeyArn: string;
    sourceRegion: string;
    destinationRegion: string;
}

/** What S3 replication needs: read versions at the source, write replicas at the destination, both keys. */
export function replicationPolicy(inputs: ReplicationPolicyInputs): PolicyDocument {
    return policyDocument(
        { Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: inputs.sourceBucketArn },
        {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${inputs.sourceBucketArn}/*`,
        },
        { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${inputs.destinationBucketArn}/*` },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: inputs.sourceKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${inputs.sourceRegion}.amazonaws.com` } },
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: inputs.destinationKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${inputs.destinationRegion}.amazonaws.com` } },
        },
    );
}
