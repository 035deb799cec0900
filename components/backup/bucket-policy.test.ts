import { strict as assert } from "node:assert";
import { bucketPolicy, PROTECTION_ACTIONS, replicationPolicy } from "./bucket-policy";

const BUCKET = "arn:aws:s3:::signal-trading-prod-backups-primary-1dc1123";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/backups";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/signal-trading-delivery-prod-break-glass";

describe("bucket policy", () => {
    it("denies every request without TLS, on the bucket and on its objects", () => {
        assert.deepEqual(bucketPolicy({ bucketArn: BUCKET }), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "DenyRequestsWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [BUCKET, `${BUCKET}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }],
        });
    });

    it("for a log bucket, also lets S3 log delivery write objects for the given account's buckets only", () => {
        const statements = bucketPolicy({ bucketArn: BUCKET, logDeliveryFromAccount: "123456789012" }).Statement;
        assert.equal(statements.length, 2);
        assert.equal(statements[0].Sid, "DenyRequestsWithoutTls");
        assert.deepEqual(statements[1], {
            Sid: "S3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${BUCKET}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("for an SSE-KMS bucket, refuses objects written with another key, SSE-KMS without a key ID, SSE-S3 or DSSE, and customer keys", () => {
        const statements = bucketPolicy({ bucketArn: BUCKET, kmsKeyArn: KEY }).Statement.slice(1);
        const deny = (Sid: string, Condition: object) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET}/*`, Condition });
        assert.deepEqual(statements, [
            deny("DenyObjectsWithAnotherKmsKey", { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY } }),
            deny("DenyObjectsWithAnotherEncryption", { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } }),
            deny("DenyKmsObjectsWithoutTheBucketKey", { StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } }),
            deny("DenyObjectsWithCustomerKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
        ]);
    });

    it("with a break-glass role, refuses every change of versioning, lifecycle, policy, replication, object lock and encryption by anyone else", () => {
        const guard = bucketPolicy({ bucketArn: BUCKET, breakGlassRoleArn: BREAK_GLASS }).Statement[1];
        assert.deepEqual(guard, {
            Sid: "DenyProtectionChangesExceptBreakGlass",
            Effect: "Deny",
            Principal: "*",
            Action: PROTECTION_ACTIONS,
            Resource: BUCKET,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } },
        });
        assert.deepEqual([...PROTECTION_ACTIONS].sort(), [
            "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutReplicationConfiguration",
        ]);
        assert.equal(bucketPolicy({ bucketArn: BUCKET }).Statement.length, 1, "no guard without a break-glass role");
    });

    it("allows nothing to anyone else", () => {
        for (const statement of bucketPolicy({ bucketArn: BUCKET, logDeliveryFromAccount: "123456789012", kmsKeyArn: KEY, breakGlassRoleArn: BREAK_GLASS }).Statement) {
            if (statement.Effect === "Allow") assert.deepEqual(statement.Principal, { Service: "logging.s3.amazonaws.com" });
        }
    });
});

describe("replication policy", () => {
    const policy = replicationPolicy({
        sourceBucketArn: BUCKET,
        destinationBucketArn: "arn:aws:s3:::signal-trading-prod-backups-replica-8f6407b",
        sourceKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backups",
        destinationKeyArn: "arn:aws:kms:us-west-2:123456789012:key/replica",
        sourceRegion: "us-east-1",
        destinationRegion: "us-west-2",
    });
    const statement = (sid: string) => {
        const found = policy.Statement.find((s) => s.Sid === sid);
        assert.ok(found, `no statement ${sid}`);
        return found;
    };

    it("reads the source bucket's replication configuration and object versions", () => {
        assert.deepEqual(statement("ReadReplicationConfiguration"), {
            Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: BUCKET,
        });
        assert.deepEqual(statement("ReadSourceVersions"), {
            Sid: "ReadSourceVersions", Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
            Resource: `${BUCKET}/*`,
        });
    });

    it("writes replicas and their tags into the destination bucket only, and no delete marker", () => {
        assert.deepEqual(statement("WriteReplicas"), {
            Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
            Resource: "arn:aws:s3:::signal-trading-prod-backups-replica-8f6407b/*",
        });
    });

    it("decrypts with the source key only through S3 of the source region, and encrypts with the replica key only through S3 of the destination region", () => {
        assert.deepEqual(statement("DecryptSourceObjects"), {
            Sid: "DecryptSourceObjects", Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:123456789012:key/backups",
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        });
        assert.deepEqual(statement("EncryptReplicas"), {
            Sid: "EncryptReplicas", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: "arn:aws:kms:us-west-2:123456789012:key/replica",
            Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
        });
        assert.equal(policy.Statement.length, 5);
    });
});
