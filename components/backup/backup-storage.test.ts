import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { RecordedResource } from "../../tools/offline/recorder";
import { Registrations, registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { BackupStorage, BackupStorageArgs } from "./backup-storage";
import { bucketPolicy, replicationPolicy } from "./bucket-policy";
import { keyPolicy } from "../kms/key-policy";

const PRIMARY_KEY = "arn:aws:kms:us-east-1:123456789012:key/backups";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/signal-trading-delivery-prod-break-glass";
const DEPLOY = "arn:aws:iam::123456789012:role/signal-trading-delivery-prod-deploy";
const ARGS: Omit<BackupStorageArgs, "replica"> = {
    kmsKeyArn: PRIMARY_KEY, retentionDays: 90, noncurrentVersionDays: 30, keyDeletionWindowDays: 30, protect: true,
    objectLockRetentionDays: 2, breakGlassRoleArn: BREAK_GLASS, keyAdministrators: { administratorArns: [BREAK_GLASS], maintainerArns: [DEPLOY] },
};

type Replica = "none" | "withTimeControl" | "withoutTimeControl";
async function build(replica: Replica, args: Partial<BackupStorageArgs> = {}) {
    let storage!: BackupStorage;
    const r = await registrationsOf(() => {
        const provider = replica === "none" ? undefined : new aws.Provider("aws-backup-replica", { region: "us-west-2" });
        storage = new BackupStorage("prod-backups", {
            ...ARGS, ...args, replica: provider && { provider, replicationTimeControl: replica === "withTimeControl" },
        });
    });
    return { r, storage };
}

/** The settings resource of `type` that applies to `bucket` (joined through its `bucket` input). */
function settingOf(r: Registrations, type: string, bucket: RecordedResource): RecordedResource {
    const found = r.ofType(type).filter((s) => r.inputs(s).bucket === bucket.id);
    assert.equal(found.length, 1, `${bucket.name} has ${found.length} ${type}`);
    return found[0];
}

/** The checks every bucket must pass, whatever region or role. */
function assertSecureBucket(r: Registrations, bucket: RecordedResource, expected: { kmsKeyArn?: string; logBucket?: RecordedResource; protect: boolean }) {
    const name = bucket.name;
    assert.equal(bucket.protect, expected.protect, `${name} protect`);
    assert.equal(r.inputs(bucket).forceDestroy, !expected.protect, `${name} forceDestroy`);
    assert.deepEqual(r.inputs(settingOf(r, "aws:s3/bucketVersioning:BucketVersioning", bucket)).versioningConfiguration, { status: "Enabled" }, name);
    const encryption = r.inputs(settingOf(r, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket)).rules;
    assert.deepEqual(encryption, expected.kmsKeyArn
        ? [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: expected.kmsKeyArn }, bucketKeyEnabled: true }]
        : [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }], name);
    const { bucket: _, ...block } = r.inputs(settingOf(r, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket));
    assert.deepEqual(block, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, name);
    assert.deepEqual(r.inputs(settingOf(r, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket)).rule, { objectOwnership: "BucketOwnerEnforced" }, name);
    assert.deepEqual(r.inputs(settingOf(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket)).rules, [{
        id: "expire-versions-and-incomplete-uploads",
        status: "Enabled",
        filter: {},
        expiration: { days: 90 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }, {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: {},
        expiration: { expiredObjectDeleteMarker: true },
    }], name);
    const policy = JSON.parse(r.inputs(settingOf(r, "aws:s3/bucketPolicy:BucketPolicy", bucket)).policy);
    assert.deepEqual(policy, bucketPolicy({
        bucketArn: r.outputs(bucket).arn, kmsKeyArn: expected.kmsKeyArn, breakGlassRoleArn: BREAK_GLASS,
        logDeliveryFromAccount: expected.logBucket === undefined ? "123456789012" : undefined,
    }), name);
    const receivesLogs = policy.Statement.some((s: { Sid?: string }) => s.Sid === "S3ServerAccessLogDelivery");
    assert.equal(receivesLogs, expected.logBucket === undefined, `${name}: log delivery statement on the wrong bucket`);

    const logging = r.ofType("aws:s3/bucketLogging:BucketLogging").filter((l) => r.inputs(l).bucket === bucket.id);
    if (expected.logBucket) {
        assert.equal(logging.length, 1, `${name} writes no access logs`);
        assert.equal(r.inputs(logging[0]).targetBucket, expected.logBucket.id, name);
        assert.equal(r.inputs(logging[0]).targetPrefix, "s3-access/", name);
    } else {
        assert.equal(logging.length, 0, `${name} is a log bucket and logs itself`);
    }
}

describe("BackupStorage component", () => {
    describe("without a replica", () => {
        let r: Registrations;
        let storage: BackupStorage;
        before(async () => {
            ({ r, storage } = await build("none"));
        });

        it("registers as signal-trading:backup:BackupStorage with a primary bucket and its log bucket", () => {
            r.one("signal-trading:backup:BackupStorage", "prod-backups");
            assert.deepEqual(r.ofType("aws:s3/bucket:Bucket").map((b) => b.name).sort(), ["prod-backups-primary", "prod-backups-primary-logs"]);
        });

        it("secures the data bucket with the given key and access logs, and the log bucket with SSE-S3 and log delivery", () => {
            const logs = r.one("aws:s3/bucket:Bucket", "prod-backups-primary-logs");
            assertSecureBucket(r, r.one("aws:s3/bucket:Bucket", "prod-backups-primary"), { kmsKeyArn: PRIMARY_KEY, logBucket: logs, protect: true });
            assertSecureBucket(r, logs, { protect: true });
        });

        it("lets S3 log delivery write to the log bucket for this account only", () => {
            const logs = r.one("aws:s3/bucket:Bucket", "prod-backups-primary-logs");
            const policy = JSON.parse(r.inputs(settingOf(r, "aws:s3/bucketPolicy:BucketPolicy", logs)).policy);
            const delivery = policy.Statement.find((s: { Sid?: string }) => s.Sid === "S3ServerAccessLogDelivery");
            assert.deepEqual(delivery.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
            assert.equal(delivery.Resource, `${r.outputs(logs).arn}/*`);
        });

        it("configures no replication and creates nothing in another region", () => {
            assert.equal(r.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig").length, 0);
            assert.equal(r.ofType("aws:kms/key:Key").length, 0);
            assert.equal(r.ofType("aws:iam/role:Role").length, 0);
            assert.equal(r.ofType("pulumi:providers:aws").length, 0);
            assert.ok(r.all.every((x) => x.provider === undefined), "a resource uses another provider");
            assert.equal(storage.replicaBucketName, undefined);
            assert.equal(storage.replicaBucketArn, undefined);
        });

        it("exposes the primary bucket and its key", async () => {
            const primary = r.one("aws:s3/bucket:Bucket", "prod-backups-primary");
            assert.equal(await valueOf(storage.bucketName), primary.id);
            assert.equal(await valueOf(storage.bucketArn), r.outputs(primary).arn);
            assert.equal(await valueOf(storage.kmsKeyArn), PRIMARY_KEY);
        });

        it("locks the data bucket's objects in compliance mode for the given days, after versioning, and not the log bucket's", () => {
            const lock = r.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
            assert.equal(r.inputs(lock).bucket, r.one("aws:s3/bucket:Bucket", "prod-backups-primary").id);
            assert.deepEqual(r.inputs(lock).objectLockEnabled, "Enabled");
            assert.deepEqual(r.inputs(lock).rule, { defaultRetention: { mode: "COMPLIANCE", days: 2 } });
            assert.ok(lock.dependencies.includes(r.one("aws:s3/bucketVersioning:BucketVersioning", "prod-backups-primary-versioning").urn));
            assert.equal(r.inputs(r.one("aws:s3/bucket:Bucket", "prod-backups-primary")).objectLockEnabled, undefined, "the bucket's own input would replace it");
        });

        it("locks nothing without a retention (storage that goes with its stack)", async () => {
            const { r } = await build("withTimeControl", { objectLockRetentionDays: undefined, protect: false });
            assert.equal(r.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").length, 0);
        });

        it("leaves the buckets unprotected when not asked, and lets destroy empty them", async () => {
            const { r } = await build("none", { protect: false });
            for (const bucket of r.ofType("aws:s3/bucket:Bucket")) assert.deepEqual([bucket.protect, r.inputs(bucket).forceDestroy], [false, true], bucket.name);
        });
    });

    describe("with a replica", () => {
        let r: Registrations;
        let storage: BackupStorage;
        before(async () => {
            ({ r, storage } = await build("withTimeControl"));
        });
        const bucket = (name: string) => r.one("aws:s3/bucket:Bucket", name);
        const replicaKey = () => r.one("aws:kms/key:Key");
        const rule = () => r.inputs(r.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).rules[0];

        it("creates a primary and a replica bucket, each with its own log bucket", () => {
            assert.deepEqual(r.ofType("aws:s3/bucket:Bucket").map((b) => b.name).sort(),
                ["prod-backups-primary", "prod-backups-primary-logs", "prod-backups-replica", "prod-backups-replica-logs"]);
        });

        it("creates the replica's buckets and key through the replica provider, and everything else through the stack's", () => {
            const provider = r.one("pulumi:providers:aws", "aws-backup-replica").urn;
            for (const resource of r.all.filter((x) => x.custom && x.type.startsWith("aws:"))) {
                const inReplicaRegion = /^prod-backups-replica(-|$)/.test(resource.name);
                assert.equal(resource.provider, inReplicaRegion ? provider : undefined, resource.name);
            }
            assert.equal(bucket("prod-backups-replica").provider, provider);
        });

        it("encrypts the replica with its own rotating key in the replica region", () => {
            const key = r.inputs(replicaKey());
            assert.equal(key.enableKeyRotation, true);
            assert.equal(key.deletionWindowInDays, 30);
            assert.match(r.outputs(replicaKey()).arn, /^arn:aws:kms:us-west-2:123456789012:key\//);
            assert.equal(r.inputs(r.one("aws:kms/alias:Alias")).name, "alias/prod-backups-replica");
        });

        it("secures all four buckets: data buckets with their keys and access logs, log buckets with SSE-S3", () => {
            assertSecureBucket(r, bucket("prod-backups-primary"), { kmsKeyArn: PRIMARY_KEY, logBucket: bucket("prod-backups-primary-logs"), protect: true });
            assertSecureBucket(r, bucket("prod-backups-primary-logs"), { protect: true });
            assertSecureBucket(r, bucket("prod-backups-replica"), { kmsKeyArn: r.outputs(replicaKey()).arn, logBucket: bucket("prod-backups-replica-logs"), protect: true });
            assertSecureBucket(r, bucket("prod-backups-replica-logs"), { protect: true });
        });

        it("replicates every object of the primary bucket, but no delete, into the replica bucket, re-encrypted with the replica key", () => {
            const config = r.inputs(r.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig"));
            assert.equal(config.bucket, bucket("prod-backups-primary").id);
            assert.equal(config.rules.length, 1);
            assert.equal(rule().status, "Enabled");
            assert.deepEqual(rule().filter, {});
            assert.deepEqual(rule().deleteMarkerReplication, { status: "Disabled" });
            assert.deepEqual(rule().sourceSelectionCriteria, { sseKmsEncryptedObjects: { status: "Enabled" } });
            assert.equal(rule().destination.bucket, r.outputs(bucket("prod-backups-replica")).arn);
            assert.deepEqual(rule().destination.encryptionConfiguration, { replicaKmsKeyId: r.outputs(replicaKey()).arn });
        });

        it("with Replication Time Control, sets the 15-minute replication time and its metrics", () => {
            assert.deepEqual(rule().destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
            assert.deepEqual(rule().destination.metrics, { status: "Enabled", eventThreshold: { minutes: 15 } });
        });

        it("without Replication Time Control, sets neither replication time nor metrics", async () => {
            const { r } = await build("withoutTimeControl");
            const destination = r.inputs(r.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).rules[0].destination;
            assert.equal(destination.replicationTime, undefined);
            assert.equal(destination.metrics, undefined);
            assert.equal(destination.bucket, r.outputs(r.one("aws:s3/bucket:Bucket", "prod-backups-replica")).arn);
        });

        it("locks the replica's objects like the primary's, which S3 requires of a locked bucket's destination", () => {
            const locks = r.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
            assert.deepEqual(locks.map((l) => l.name).sort(), ["prod-backups-primary-object-lock", "prod-backups-replica-object-lock"]);
            const replicaLock = r.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "prod-backups-replica-object-lock");
            assert.equal(r.inputs(replicaLock).bucket, bucket("prod-backups-replica").id);
            assert.deepEqual(r.inputs(replicaLock).rule, { defaultRetention: { mode: "COMPLIANCE", days: 2 } });
        });

        it("administers the replica key by the break-glass and deploy roles, and lets only the replication role encrypt with it, through S3 of its region", () => {
            assert.deepEqual(JSON.parse(r.inputs(replicaKey()).policy), keyPolicy({
                partition: "aws", accountId: "123456789012", region: "us-west-2", administratorArns: [BREAK_GLASS], maintainerArns: [DEPLOY], maintainersMayDelete: false, services: [],
                users: [{ sid: "S3ReplicationWritesReplicas", roleNamePrefixes: ["prod-backups-replication"], via: "s3", actions: ["kms:Encrypt", "kms:GenerateDataKey"] }],
            }));
            assert.match(r.outputs(r.one("aws:iam/role:Role", "prod-backups-replication")).arn, /:role\/prod-backups-replication-[0-9a-f]{7}$/);
        });

        it("configures replication only after versioning and object lock are on at both ends and the role may replicate", () => {
            const config = r.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
            for (const needed of [
                r.one("aws:s3/bucketVersioning:BucketVersioning", "prod-backups-primary-versioning"),
                r.one("aws:s3/bucketVersioning:BucketVersioning", "prod-backups-replica-versioning"),
                r.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "prod-backups-replica-object-lock"),
                r.one("aws:iam/rolePolicy:RolePolicy", "prod-backups-replication"),
            ]) assert.ok(config.dependencies.includes(needed.urn), `replication does not wait for ${needed.name}`);
        });

        it("replicates through a role S3 assumes, allowed exactly the replication policy for both buckets, keys and regions", () => {
            const role = r.one("aws:iam/role:Role", "prod-backups-replication");
            assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy).Statement, [{
                Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: ["sts:AssumeRole"], Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            }]);
            assert.equal(r.inputs(r.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).role, r.outputs(role).arn);
            const policy = r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", "prod-backups-replication"));
            assert.equal(policy.role, r.outputs(role).name);
            assert.deepEqual(JSON.parse(policy.policy), replicationPolicy({
                sourceBucketArn: r.outputs(bucket("prod-backups-primary")).arn,
                destinationBucketArn: r.outputs(bucket("prod-backups-replica")).arn,
                sourceKeyArn: PRIMARY_KEY,
                destinationKeyArn: r.outputs(replicaKey()).arn,
                sourceRegion: "us-east-1",
                destinationRegion: "us-west-2",
            }));
        });

        it("exposes the replica bucket", async () => {
            assert.equal(await valueOf(storage.replicaBucketName!), bucket("prod-backups-replica").id);
            assert.equal(await valueOf(storage.replicaBucketArn!), r.outputs(bucket("prod-backups-replica")).arn);
        });
    });
});
