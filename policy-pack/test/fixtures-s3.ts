/**
 * The compliant backup storage as the program registers it with @pulumi/aws v7: a backup
 * bucket and its access-log bucket in the primary region, a replica bucket and its access-log
 * bucket in the replica region (second provider), each with its settings resources, and the
 * replication from the backup bucket to the replica. Outputs look like the provider's state.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";

export const BUCKET = "aws:s3/bucket:Bucket";
export const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
export const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
export const LOGGING = "aws:s3/bucketLogging:BucketLogging";
export const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
export const ACL = "aws:s3/bucketAcl:BucketAcl";

const ACCOUNT = "123456789012";
const TAGS = JSON.stringify({ tags: { owner: "platform-team", "cost-center": "trading", environment: "prod" } });

export function regionalProvider(name: string, region: string): ResourceUnderTest {
    return resource("pulumi:providers:aws", name, { inputs: { region, defaultTags: TAGS } });
}

function kmsKey(name: string, provider: ResourceUnderTest, region: string): ResourceUnderTest {
    const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/${name}-0000-1111`;
    const inputs = {
        description: `${name} backup encryption`, enableKeyRotation: true, deletionWindowInDays: 30,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] }),
    };
    return resource("aws:kms/key:Key", name, { provider, inputs, outputs: { ...inputs, arn, keyId: `${name}-0000-1111`, id: `${name}-0000-1111` } });
}

/** A bucket's statement set: deny every request that does not use TLS, to the bucket and its objects. */
export function tlsOnlyDocument(bucketArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    };
}

export interface BucketSet {
    bucket: ResourceUnderTest;
    versioning: ResourceUnderTest;
    encryption: ResourceUnderTest;
    publicAccessBlock: ResourceUnderTest;
    ownershipControls: ResourceUnderTest;
    policy: ResourceUnderTest;
    lifecycle: ResourceUnderTest;
    logging?: ResourceUnderTest;
    all: ResourceUnderTest[];
}

interface BucketSpec {
    name: string;
    bucketName: string;
    provider: ResourceUnderTest;
    region: string;
    /** SSE-KMS with this key; access-log buckets get SSE-S3 (AES256) instead. */
    key?: ResourceUnderTest;
    expirationDays: number;
    logTo?: ResourceUnderTest;
}

function bucketSet(spec: BucketSpec): BucketSet {
    const { name, bucketName, provider } = spec;
    const arn = `arn:aws:s3:::${bucketName}`;
    const bucket = resource(BUCKET, name, {
        provider, inputs: { bucket: bucketName, forceDestroy: false },
        outputs: { bucket: bucketName, id: bucketName, arn, region: spec.region, forceDestroy: false },
    });
    bucket.protect = true;
    const setting = (type: string, role: string, inputs: Record<string, any>, more: Record<string, ResourceUnderTest[]> = {}) =>
        resource(type, `${name}-${role}`, { provider, inputs: { bucket: bucketName, ...inputs }, propertyDependsOn: { bucket: [bucket], ...more } });

    const versioning = setting(VERSIONING, "versioning", { versioningConfiguration: { status: "Enabled" } });
    const encryption = spec.key
        ? setting(ENCRYPTION, "encryption", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: spec.key.outputs.arn }, bucketKeyEnabled: true }] }, { rules: [spec.key] })
        : setting(ENCRYPTION, "encryption", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false }] });
    const publicAccessBlock = setting(PUBLIC_ACCESS_BLOCK, "public-access-block", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const ownershipControls = setting(OWNERSHIP_CONTROLS, "ownership-controls", { rule: { objectOwnership: "BucketOwnerEnforced" } });
    const policy = setting(BUCKET_POLICY, "policy", { policy: JSON.stringify(tlsOnlyDocument(arn)) }, { policy: [bucket] });
    const lifecycle = setting(LIFECYCLE, "lifecycle", {
        rules: [{
            id: "expire", status: "Enabled", filter: {}, expiration: { days: spec.expirationDays },
            noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }],
    });
    const logging = spec.logTo
        ? setting(LOGGING, "logging", { targetBucket: spec.logTo.outputs.bucket, targetPrefix: `${bucketName}/` }, { targetBucket: [spec.logTo] })
        : undefined;
    const all = [bucket, versioning, encryption, publicAccessBlock, ownershipControls, policy, lifecycle, ...(logging ? [logging] : [])];
    return { bucket, versioning, encryption, publicAccessBlock, ownershipControls, policy, lifecycle, logging, all };
}

export interface BackupOptions {
    primaryRegion?: string;
    replicaRegion?: string;
}

export function compliantBackup({ primaryRegion = "us-east-1", replicaRegion = "us-west-2" }: BackupOptions = {}) {
    const primaryProvider = regionalProvider("aws", primaryRegion);
    const replicaProvider = regionalProvider("aws-replica", replicaRegion);
    const primaryKey = kmsKey("backups-key", primaryProvider, primaryRegion);
    const replicaKey = kmsKey("backups-replica-key", replicaProvider, replicaRegion);

    const primaryLogs = bucketSet({ name: "backups-logs", bucketName: "signal-trading-prod-backups-logs", provider: primaryProvider, region: primaryRegion, expirationDays: 365 });
    const primary = bucketSet({ name: "backups", bucketName: "signal-trading-prod-backups", provider: primaryProvider, region: primaryRegion, key: primaryKey, expirationDays: 90, logTo: primaryLogs.bucket });
    const replicaLogs = bucketSet({ name: "backups-replica-logs", bucketName: "signal-trading-prod-backups-replica-logs", provider: replicaProvider, region: replicaRegion, expirationDays: 365 });
    const replica = bucketSet({ name: "backups-replica", bucketName: "signal-trading-prod-backups-replica", provider: replicaProvider, region: replicaRegion, key: replicaKey, expirationDays: 90, logTo: replicaLogs.bucket });

    const roleArn = `arn:aws:iam::${ACCOUNT}:role/backups-replication`;
    const roleInputs = { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }) };
    const replicationRole = resource("aws:iam/role:Role", "backups-replication-role", { provider: primaryProvider, inputs: roleInputs, outputs: { ...roleInputs, arn: roleArn, name: "backups-replication" } });
    const replication = resource(REPLICATION, "backups-replication", {
        provider: primaryProvider,
        inputs: {
            bucket: primary.bucket.outputs.bucket, role: roleArn,
            rules: [{
                id: "replicate-all", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Enabled" },
                destination: {
                    bucket: replica.bucket.outputs.arn, storageClass: "STANDARD_IA",
                    encryptionConfiguration: { replicaKmsKeyId: replicaKey.outputs.arn },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            }],
        },
        propertyDependsOn: { bucket: [primary.bucket], role: [replicationRole], rules: [replica.bucket, replicaKey] },
        // S3 refuses a replication configuration until both buckets are versioned.
        dependsOn: [primary.versioning, replica.versioning],
    });

    const all = [
        primaryProvider, replicaProvider, primaryKey, replicaKey,
        ...primaryLogs.all, ...primary.all, ...replicaLogs.all, ...replica.all, replicationRole, replication,
    ];
    return { primaryProvider, replicaProvider, primaryKey, replicaKey, primary, primaryLogs, replica, replicaLogs, replicationRole, replication, all };
}

/** `resources` without the given ones: the "no partner" mutation. */
export function without(resources: ResourceUnderTest[], ...removed: ResourceUnderTest[]): ResourceUnderTest[] {
    return resources.filter((r) => !removed.includes(r));
}

/** Replaces a resource's outputs (what stack policies see) with `changes` merged in. */
export function setOutputs(r: ResourceUnderTest, changes: Record<string, any>): void {
    r.outputs = { ...r.outputs, ...changes };
}

/** A setting resource of another type for `bucket`, joined through its `bucket` property. */
export function settingFor(type: string, name: string, bucket: ResourceUnderTest, inputs: Record<string, any>): ResourceUnderTest {
    return resource(type, name, { inputs: { bucket: bucket.outputs.bucket, ...inputs }, propertyDependsOn: { bucket: [bucket] } });
}
