import { policyDocument, PolicyDocument, PolicyStatement } from "../shared/iam";

export interface BucketPolicyInputs {
    bucketArn: string;
    /** For an access-log bucket: the account whose buckets deliver their server access logs here. */
    logDeliveryFromAccount?: string;
    /** For an SSE-KMS bucket: its key, the only one objects may be written with. */
    kmsKeyArn?: string;
    /** The only principal that may change what protects the bucket's objects; none leaves those settings to IAM. */
    breakGlassRoleArn?: string;
}

/**
 * The bucket settings that decide how long objects survive and who may read them: versioning,
 * lifecycle, the policy itself, replication, object lock and default encryption. (Deleting a
 * lifecycle or replication configuration is authorized by the same Put actions.)
 */
export const PROTECTION_ACTIONS = [
    "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
    "s3:PutReplicationConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:PutEncryptionConfiguration",
];

/**
 * Objects of an SSE-KMS bucket encrypted with anything but its key. A request without encryption
 * headers gets the bucket's default encryption, which is that key, so only what a writer asks for
 * is refused: another KMS key (by ARN, ID or alias: only the ARN matches), SSE-KMS without a key
 * ID (S3 would use the AWS managed aws/s3 key, not the default), SSE-S3 or DSSE, and customer keys
 * (SSE-C). The `IfExists` forms let the parts of a multipart upload through: only its creation
 * carries the headers.
 */
function foreignEncryptionDenials(objects: string, kmsKeyArn: string): PolicyStatement[] {
    const deny = (Sid: string, Condition: PolicyStatement["Condition"]): PolicyStatement => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition });
    return [
        deny("DenyObjectsWithAnotherKmsKey", { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn } }),
        deny("DenyObjectsWithAnotherEncryption", { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } }),
        deny("DenyKmsObjectsWithoutTheBucketKey", { StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } }),
        deny("DenyObjectsWithCustomerKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
    ];
}

/**
 * A bucket policy that refuses every request without TLS; for an SSE-KMS bucket, every object
 * written with another encryption than its key; with a break-glass role, every change of the
 * bucket's protections by anyone else (the deploy role included: see docs/operations.md); and,
 * for an access-log bucket, lets S3's log delivery write objects for this account's buckets only.
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
    if (inputs.kmsKeyArn) statements.push(...foreignEncryptionDenials(objects, inputs.kmsKeyArn));
    if (inputs.breakGlassRoleArn) {
        statements.push({
            Sid: "DenyProtectionChangesExceptBreakGlass",
            Effect: "Deny",
            Principal: "*",
            Action: PROTECTION_ACTIONS,
            Resource: inputs.bucketArn,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": inputs.breakGlassRoleArn } },
        });
    }
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

/**
 * What S3 replication needs: read versions (with their object-lock retention) at the source,
 * write replicas at the destination, both keys. No s3:ReplicateDelete: delete markers are not
 * replicated (backup-storage.ts).
 */
export function replicationPolicy(inputs: ReplicationPolicyInputs): PolicyDocument {
    return policyDocument(
        { Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: inputs.sourceBucketArn },
        {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
            Resource: `${inputs.sourceBucketArn}/*`,
        },
        { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags"], Resource: `${inputs.destinationBucketArn}/*` },
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
