import { PolicyResource } from "@pulumi/policy";
import { providerInput } from "./resources";

/**
 * S3 in @pulumi/aws v7: a bucket's settings are separate resources that name the bucket in
 * their `bucket` input. The deprecated V2 tokens still register the same AWS objects, so the
 * gates treat them alike rather than let a V2 resource slip past.
 */
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

const S3_SETTINGS = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    ownershipControls: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    replication: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    objectLock: ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"],
} as const;

export type BucketSetting = keyof typeof S3_SETTINGS;

export function isBucket(resource: PolicyResource): boolean {
    return BUCKET_TYPES.includes(resource.type);
}

export function bucketsOf(resources: PolicyResource[]): PolicyResource[] {
    return resources.filter(isBucket);
}

/**
 * True when `resource` takes `property` from `target`. The property matters: a logging or
 * replication configuration depends on two buckets, and only the property says which one it
 * configures and which one it delivers to.
 */
function dependsThrough(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    return (resource.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn);
}

function isSetting(resource: PolicyResource, setting: BucketSetting): boolean {
    return (S3_SETTINGS[setting] as readonly string[]).includes(resource.type);
}

/** The `setting` resources that configure `bucket` (their `bucket` input comes from it). */
export function settingsOf(resources: PolicyResource[], bucket: PolicyResource, setting: BucketSetting): PolicyResource[] {
    return resources.filter((r) => isSetting(r, setting) && dependsThrough(r, "bucket", bucket));
}

/** The bucket a setting configures, when it is a bucket of the stack. */
export function configuredBucket(setting: PolicyResource): PolicyResource | undefined {
    return (setting.propertyDependencies.bucket ?? []).find(isBucket);
}

/** Buckets of the stack that `setting` takes `property` from, other than the bucket it configures. */
export function bucketsThrough(setting: PolicyResource, property: string): PolicyResource[] {
    const own = configuredBucket(setting);
    return (setting.propertyDependencies[property] ?? []).filter((d) => isBucket(d) && d.urn !== own?.urn);
}

/** Another bucket's access logs are delivered to `bucket` (a bucket logging to itself does not count). */
export function isAccessLogTarget(resources: PolicyResource[], bucket: PolicyResource): boolean {
    return resources.some((r) => isSetting(r, "logging") && bucketsThrough(r, "targetBucket").some((t) => t.urn === bucket.urn));
}

/** Another bucket replicates into `bucket`. */
export function isReplicationDestination(resources: PolicyResource[], bucket: PolicyResource): boolean {
    return resources.some((r) => isSetting(r, "replication") && bucketsThrough(r, "rules").some((t) => t.urn === bucket.urn));
}

/** The bucket's region: its own `region` output (v7 lets a resource override the provider's), else its provider's. */
export function regionOf(bucket: PolicyResource): string | undefined {
    const own = bucket.props.region;
    if (typeof own === "string" && own !== "") return own;
    return providerInput<string>(bucket.provider?.props.region);
}

export function isVersioned(resources: PolicyResource[], bucket: PolicyResource): boolean {
    return settingsOf(resources, bucket, "versioning").some((v) => v.props.versioningConfiguration?.status === "Enabled");
}

export const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

export interface EncryptionDefault {
    sseAlgorithm?: string;
    kmsMasterKeyId?: string;
}

/** The default encryption of each rule of an encryption configuration. */
export function encryptionDefaults(config: PolicyResource): EncryptionDefault[] {
    const rules: { applyServerSideEncryptionByDefault?: EncryptionDefault }[] = config.props.rules ?? [];
    return rules.flatMap((rule) => (rule.applyServerSideEncryptionByDefault ? [rule.applyServerSideEncryptionByDefault] : []));
}

/** SSE-KMS (or DSSE-KMS) with a named key; without one, S3 falls back to the AWS-managed aws/s3 key. */
export function isKmsDefault(d: EncryptionDefault): boolean {
    return KMS_ALGORITHMS.includes(d.sseAlgorithm ?? "") && typeof d.kmsMasterKeyId === "string" && d.kmsMasterKeyId !== "";
}

export function isKmsEncrypted(resources: PolicyResource[], bucket: PolicyResource): boolean {
    return settingsOf(resources, bucket, "encryption").some((c) => {
        const defaults = encryptionDefaults(c);
        return defaults.length > 0 && defaults.every(isKmsDefault);
    });
}

interface ExpirationRule {
    status?: string;
    prefix?: string;
    filter?: { prefix?: string; and?: { prefix?: string } };
    expiration?: { days?: number };
}

/**
 * The fewest days after which an Enabled lifecycle rule of `bucket` expires objects whose keys
 * start with `keyPrefix`, or undefined when no rule does. A rule counts when its own prefix
 * and `keyPrefix` overlap, so it may expire some of those objects.
 */
export function expirationDays(resources: PolicyResource[], bucket: PolicyResource, keyPrefix: string): number | undefined {
    const days = settingsOf(resources, bucket, "lifecycle")
        .flatMap((lifecycle) => (lifecycle.props.rules ?? []) as ExpirationRule[])
        .filter((rule) => {
            const prefix = rule.filter?.prefix ?? rule.filter?.and?.prefix ?? rule.prefix ?? "";
            return rule.status === "Enabled" && (keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix));
        })
        .map((rule) => rule.expiration?.days)
        .filter((d): d is number => typeof d === "number");
    return days.length > 0 ? Math.min(...days) : undefined;
}

/** The buckets of the stack that `bucket` replicates into. */
export function replicasOf(resources: PolicyResource[], bucket: PolicyResource): PolicyResource[] {
    return settingsOf(resources, bucket, "replication").flatMap((r) => bucketsThrough(r, "rules"));
}
