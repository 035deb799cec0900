import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { componentType } from "../shared/naming";
import { bucketPolicy } from "./bucket-policy";

export interface SecureBucketArgs {
    /** SSE-KMS with this key; without one, SSE-S3 (S3 server access logs cannot be delivered to SSE-KMS buckets). */
    kmsKeyArn?: pulumi.Input<string>;
    /** Days after which current objects expire; none for objects that must stay until replaced (Pulumi state). */
    expirationDays?: number;
    /** Days a deleted or overwritten object version stays recoverable. */
    noncurrentVersionDays: number;
    /** Where S3 writes this bucket's server access logs; none for a log bucket itself. */
    accessLogs?: { bucket: SecureBucket; prefix: string };
    /** This bucket receives server access logs of the account's buckets. */
    receivesAccessLogs?: boolean;
    /**
     * Object lock in compliance mode with this default retention: no one, the account root
     * included, deletes an object version or shortens its retention before it ends. None for
     * buckets that must go with their stack (a locked version cannot be deleted).
     */
    objectLockRetentionDays?: number;
    /** The only principal that may change the bucket's protections (bucket-policy.ts PROTECTION_ACTIONS). */
    breakGlassRoleArn?: pulumi.Input<string>;
    /**
     * Pulumi refuses to delete the bucket (prod backups). An unprotected bucket is deleted with
     * every object and version in it, or `pulumi destroy` would stop at the first non-empty one.
     */
    protect: boolean;
}

/**
 * A private bucket with every safeguard as its own resource (the @pulumi/aws v7 model):
 * versioning, default encryption, all public access blocked, ACLs disabled, a TLS-only
 * policy (which also refuses objects under another key, and protection changes but by the
 * break-glass role), lifecycle expiry of current and noncurrent versions and of incomplete
 * uploads, server access logging, and object lock when asked. Force-destroyed only when not
 * protected.
 */
export class SecureBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** Settings replication needs in place before it is configured. */
    readonly versioning: aws.s3.BucketVersioning;
    /** S3 replicates from a locked bucket only into a locked one. */
    readonly objectLock?: aws.s3.BucketObjectLockConfiguration;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("backup", "SecureBucket"), name, {}, opts);
        const { accountId } = awsAccount(this);
        const bucket = new aws.s3.Bucket(`${name}`, { forceDestroy: !args.protect, tags: { Name: name } }, { parent: this, protect: args.protect });
        const child = { parent: this };

        this.versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
            bucket: bucket.id, versioningConfiguration: { status: "Enabled" },
        }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [args.kmsKeyArn
                ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
                : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, child);
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, child);
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" },
        }, child);
        new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: bucket.id,
            policy: pulumi.all([bucket.arn, accountId, args.kmsKeyArn, args.breakGlassRoleArn]).apply(([bucketArn, account, kmsKeyArn, breakGlassRoleArn]) =>
                JSON.stringify(bucketPolicy({ bucketArn, logDeliveryFromAccount: args.receivesAccessLogs ? account : undefined, kmsKeyArn, breakGlassRoleArn }))),
        }, { parent: this, dependsOn: [publicAccessBlock] });
        if (args.objectLockRetentionDays !== undefined) {
            // Turned on for the existing, versioned bucket: the bucket itself is not replaced (its
            // objectLockEnabled input stays unset, and the provider computes it).
            this.objectLock = new aws.s3.BucketObjectLockConfiguration(`${name}-object-lock`, {
                bucket: bucket.id,
                objectLockEnabled: "Enabled",
                rule: { defaultRetention: { mode: "COMPLIANCE", days: args.objectLockRetentionDays } },
            }, { parent: this, dependsOn: [this.versioning] });
        }
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: [{
                id: "expire-versions-and-incomplete-uploads",
                status: "Enabled",
                filter: {},
                expiration: args.expirationDays === undefined ? undefined : { days: args.expirationDays },
                noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }, {
                // Once their versions expire, delete markers are clutter that slows listings.
                id: "remove-expired-delete-markers",
                status: "Enabled",
                filter: {},
                expiration: { expiredObjectDeleteMarker: true },
            }],
        }, { parent: this, dependsOn: [this.versioning] });
        if (args.accessLogs) {
            new aws.s3.BucketLogging(`${name}-access-logs`, {
                bucket: bucket.id,
                targetBucket: args.accessLogs.bucket.bucketName,
                targetPrefix: args.accessLogs.prefix,
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            }, child);
        }
        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
