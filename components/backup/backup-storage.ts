import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey } from "../kms/encryption-key";
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
}

/**
 * Where Velero keeps the cluster's backups: a primary bucket in the stack's region and, when
 * configured, a replica bucket in another region with its own key, fed by S3 replication
 * (deletes included, so expiry stays in step). Each region has an access-log bucket.
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
        const bucketsIn = (suffix: string, kmsKeyArn: pulumi.Input<string>, regionOpts: pulumi.ComponentResourceOptions) => {
            const logs = new SecureBucket(`${name}-${suffix}-logs`, { ...logRetention, receivesAccessLogs: true }, regionOpts);
            return new SecureBucket(`${name}-${suffix}`, { ...retention, kmsKeyArn, accessLogs: { bucket: logs, prefix: "s3-access/" } }, regionOpts);
        };
        const primary = bucketsIn("primary", args.kmsKeyArn, { parent: this });

        if (args.replica) {
            const replicaOpts = { parent: this, provider: args.replica.provider };
            const replicaKey = new EncryptionKey(`${name}-replica`, {
                description: `Cross-region copies of the backups of ${name}`, deletionWindowDays: args.keyDeletionWindowDays, protect: args.protect,
            }, { parent: this, providers: { aws: args.replica.provider } });
            const replica = bucketsIn("replica", replicaKey.arn, { parent: this, providers: { aws: args.replica.provider } });
            const sourceRegion = awsAccount(this).region;
            const destinationRegion = aws.getRegionOutput({}, replicaOpts).region;

            const role = new aws.iam.Role(`${name}-replication`, {
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
                    // Velero's expiry deletes at the source; the copy follows instead of keeping orphans.
                    deleteMarkerReplication: { status: "Enabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: replica.arn,
                        storageClass: "STANDARD",
                        encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
                        replicationTime: timeControl ? { status: "Enabled", time: { minutes: 15 } } : undefined,
                        metrics: timeControl ? { status: "Enabled", eventThreshold: { minutes: 15 } } : undefined,
                    },
                }],
            }, { parent: this, dependsOn: [primary.versioning, replica.versioning, rolePolicy] });
            this.replicaBucketName = replica.bucketName;
            this.replicaBucketArn = replica.arn;
        }
        this.bucketName = primary.bucketName;
        this.bucketArn = primary.arn;
        this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
        this.registerOutputs({ bucketName: this.bucketName, replicaBucketName: this.replicaBucketName });
    }
}
