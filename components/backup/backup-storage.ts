import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey, KeyAdministrators } from "../kms/encryption-key";
import { componentType } from "../shared/naming";
import { serviceTrustPolicyJson } from "../shared/iam";
import { awsAccount } from "../shared/aws-account";
import { replicationPolicy } from "./bucket-policy";
import { SecureBucket } from "./secure-bucket";

export interface BackupReplicaArgs {
    /** AWS provider of the replica region. */
    provider: aws.Provider;
    /** S3 Replication Time Control: 15-minute replication SLA with metrics. */
    replicationTimeControl: boolean;
}

export interface BackupStorageArgs {
    /** Key of the primary bucket (the key Velero encrypts with). */
    kmsKeyArn: pulumi.Input<string>;
    /** Days before a current object expires; none for objects that must stay until replaced (Pulumi state), whose access logs then expire with noncurrent versions. */
    retentionDays?: number;
    noncurrentVersionDays: number;
    keyDeletionWindowDays: number;
    /** Copy every backup to another region; none keeps backups in the stack's region only. */
    replica?: BackupReplicaArgs;
    /** Pulumi refuses to delete the buckets and the replica key (prod); unprotected buckets are deleted with their contents. */
    protect: boolean;
    /** Managed policy set as the permissions boundary of every IAM role this component creates; none leaves them unbounded. */
    permissionsBoundaryArn?: pulumi.Input<string>;
    /** Object lock of the primary and replica buckets (compliance mode, this default retention); none where the buckets go with their stack. */
    objectLockRetentionDays?: number;
    /** The only principal the buckets' policies let change their protections; none leaves them to IAM. */
    breakGlassRoleArn?: string;
    /** Administrators of the replica key; none leaves it to the account root (encryption-key.ts). */
    keyAdministrators?: KeyAdministrators;
}

/** Logical (and so, autonamed, physical) name prefix of the replication role, which the replica key's policy names. */
export function replicationRoleName(name: string): string {
    return `${name}-replication`;
}

/**
 * Where Velero keeps the cluster's backups: a primary bucket in the stack's region and, when
 * configured, a replica bucket in another region with its own key, fed by S3 replication
 * (deletes not replicated: a delete at the source cannot reach the copy). Each region has an
 * access-log bucket.
 */
export class BackupStorage extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly replicaBucketName?: pulumi.Output<string>;
    readonly replicaBucketArn?: pulumi.Output<string>;

    constructor(name: string, args: BackupStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("backup", "BackupStorage"), name, {}, opts);
        const retention = { expirationDays: args.retentionDays, noncurrentVersionDays: args.noncurrentVersionDays, protect: args.protect };
        const logRetention = { ...retention, expirationDays: args.retentionDays ?? args.noncurrentVersionDays };
        const guard = { breakGlassRoleArn: args.breakGlassRoleArn };
        const bucketsIn = (suffix: string, kmsKeyArn: pulumi.Input<string>, regionOpts: pulumi.ComponentResourceOptions) => {
            const logs = new SecureBucket(`${name}-${suffix}-logs`, { ...logRetention, ...guard, receivesAccessLogs: true }, regionOpts);
            return new SecureBucket(`${name}-${suffix}`, {
                ...retention, ...guard, kmsKeyArn, accessLogs: { bucket: logs, prefix: "s3-access/" }, objectLockRetentionDays: args.objectLockRetentionDays,
            }, regionOpts);
        };
        const primary = bucketsIn("primary", args.kmsKeyArn, { parent: this });

        if (args.replica) {
            const replicaOpts = { parent: this, provider: args.replica.provider };
            const replicaKey = new EncryptionKey(`${name}-replica`, {
                description: `Cross-region copies of the backups of ${name}`, deletionWindowDays: args.keyDeletionWindowDays, protect: args.protect,
                administrators: args.keyAdministrators,
                users: [{ sid: "S3ReplicationWritesReplicas", roleNamePrefixes: [replicationRoleName(name)], via: "s3", actions: ["kms:Encrypt", "kms:GenerateDataKey"] }],
            }, { parent: this, providers: { aws: args.replica.provider } });
            const replica = bucketsIn("replica", replicaKey.arn, { parent: this, providers: { aws: args.replica.provider } });
            const sourceRegion = awsAccount(this).region;
            const destinationRegion = aws.getRegionOutput({}, replicaOpts).region;

            const role = new aws.iam.Role(replicationRoleName(name), {
                description: `S3 replication of ${name}`,
                assumeRolePolicy: serviceTrustPolicyJson("s3.amazonaws.com", awsAccount(this).accountId),
                tags: { Name: `${name}-replication` },
                permissionsBoundary: args.permissionsBoundaryArn,
            }, { parent: this });
            const rolePolicy = new aws.iam.RolePolicy(`${name}-replication`, {
                role: role.name,
                policy: pulumi.all([primary.arn, replica.arn, args.kmsKeyArn, replicaKey.arn, sourceRegion, destinationRegion])
                    .apply(([sourceBucketArn, destinationBucketArn, sourceKeyArn, destinationKeyArn, source, destination]) =>
                        JSON.stringify(replicationPolicy({ sourceBucketArn, destinationBucketArn, sourceKeyArn, destinationKeyArn, sourceRegion: source, destinationRegion: destination }))),
            }, { parent: this });
            const timeControl = args.replica.replicationTimeControl;
            new aws.s3.BucketReplicationConfig(`${name}-replication`, {
                bucket: primary.bucketName,
                role: role.arn,
                rules: [{
                    id: "copy-backups-to-replica-region",
                    status: "Enabled",
                    filter: {},
                    // A delete at the source (Velero's expiry, or a stolen credential) leaves the copy as it
                    // was; the replica's own lifecycle expires it (retentionDays), like the primary's.
                    deleteMarkerReplication: { status: "Disabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: replica.arn,
                        storageClass: "STANDARD",
                        encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
                        replicationTime: timeControl ? { status: "Enabled", time: { minutes: 15 } } : undefined,
                        metrics: timeControl ? { status: "Enabled", eventThreshold: { minutes: 15 } } : undefined,
                    },
                }],
            }, { parent: this, dependsOn: [primary.versioning, replica.versioning, ...(replica.objectLock ? [replica.objectLock] : []), rolePolicy] });
            this.replicaBucketName = replica.bucketName;
            this.replicaBucketArn = replica.arn;
        }
        this.bucketName = primary.bucketName;
        this.bucketArn = primary.arn;
        this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
        this.registerOutputs({ bucketName: this.bucketName, replicaBucketName: this.replicaBucketName });
    }
}
