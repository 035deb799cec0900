import { strict as assert } from "node:assert";
import { awsS3RequireObjectLock as policy } from "../aws/aws-s3-require-object-lock";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource, violations } from "./fixtures";
import { compliantVelero, RELEASE } from "./fixtures-kubernetes";
import { setOutputs, settingFor, without } from "./fixtures-s3";

const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

/** Prod's Velero and backup storage with object lock: 2 days on the backup bucket (stateful-15m keeps 48 hours), enabled on the replica. */
function locked(days = 2) {
    const velero = compliantVelero();
    const { primary, replica } = velero.backup;
    const primaryLock = settingFor(LOCK, "backups-object-lock", primary.bucket, { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "GOVERNANCE", days } } });
    const replicaLock = settingFor(LOCK, "backups-replica-object-lock", replica.bucket, { objectLockEnabled: "Enabled" });
    return { velero, primaryLock, replicaLock, all: [...velero.all, primaryLock, replicaLock] };
}

/** The policy's messages after its description, by URN. */
function problems(resources: ResourceUnderTest[]): [string | undefined, string][] {
    return violations(policy, resources, {}, "advisory").map((v) => [v.urn, v.message.slice(policy.description.length + 1)]);
}

describe("aws-s3-require-object-lock", () => {
    it("passes a backup bucket locked for no longer than the shortest schedule TTL, with a locked replica (matches)", () => {
        assert.deepEqual(violations(policy, locked().all), []);
    });

    it("reports a backup bucket without object lock, and not its unlocked replica, which S3 asks no lock of then (no partner)", () => {
        const { velero } = locked();
        assert.deepEqual(problems(velero.all), [
            [velero.backup.primary.bucket.urn, "backups (aws:s3/bucket:Bucket) holds Velero backups without object lock, so anyone allowed to delete objects can delete the backups."],
        ]);
    });

    it("reports the unlocked replica of a locked backup bucket", () => {
        const l = locked();
        assert.deepEqual(problems(without(l.all, l.replicaLock)), [
            [l.velero.backup.replica.bucket.urn, "backups-replica (aws:s3/bucket:Bucket) receives the replicated backups of backups (aws:s3/bucket:Bucket) without object lock: "
                + "S3 replication requires object lock on the destination of a bucket that has it, and the copies there would be unlocked."],
        ]);
    });

    it("does not count a lock configuration of another bucket (mismatched)", () => {
        const l = locked();
        const { primary, primaryLogs } = l.velero.backup;
        const elsewhere = settingFor(LOCK, "logs-object-lock", primaryLogs.bucket, l.primaryLock.inputs);
        assert.deepEqual(problems([...without(l.all, l.primaryLock), elsewhere]).map(([urn]) => urn), [primary.bucket.urn]);
    });

    it("judges only the buckets a Velero storage location names, and their replicas", () => {
        const { velero } = locked();
        assert.deepEqual(violations(policy, without(velero.all, velero.location)), []);
        velero.location.inputs.spec.objectStorage.bucket = velero.backup.primaryLogs.bucket.outputs.bucket;
        assert.deepEqual(problems(velero.all).map(([urn]) => urn), [velero.backup.primaryLogs.bucket.urn]);
    });

    it("accepts object lock enabled at bucket creation, and the deprecated inline configuration", () => {
        const created = locked();
        created.primaryLock.inputs.objectLockEnabled = undefined;
        setOutputs(created.velero.backup.replica.bucket, { objectLockEnabled: true });
        assert.deepEqual(violations(policy, without(created.all, created.replicaLock)), []);
        const inline = locked();
        setOutputs(inline.velero.backup.primary.bucket, { objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 1 } } } });
        assert.deepEqual(violations(policy, without(inline.all, inline.primaryLock)), []);
    });

    it("reports object lock without a default retention, since Velero locks nothing itself", () => {
        const l = locked();
        delete l.primaryLock.inputs.rule;
        assert.deepEqual(problems(l.all), [[l.velero.backup.primary.bucket.urn,
            "backups (aws:s3/bucket:Bucket) enables object lock without a default retention, and Velero sets none on its objects, so no backup is locked."]]);
    });

    it("reports a retention longer than the shortest TTL of the schedules stored in the bucket", () => {
        const l = locked(3);
        assert.deepEqual(problems(l.all), [[l.velero.backup.primary.bucket.urn,
            "backups-object-lock (aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration) locks objects of backups (aws:s3/bucket:Bucket) for 3 days, "
            + "longer than the 48 hours schedule stateful-15m keeps its backups, so backups Velero has expired stay locked and billed."]]);
        const dev = locked(3);
        assert.deepEqual(violations(policy, without(dev.all, dev.velero.stateful)), [], "daily-apps keeps 720 hours");
    });

    it("counts years of retention as 365 days, and takes a schedule without ttl at the chart's default TTL", () => {
        const years = locked();
        years.primaryLock.inputs.rule.defaultRetention = { mode: "GOVERNANCE", years: 1 };
        assert.match(problems(years.all)[0][1], /for 365 days, longer than the 48 hours schedule stateful-15m/);
        const defaults = locked(10);
        delete defaults.velero.stateful.inputs.spec.template.ttl;
        const release = defaults.velero.release;
        const chart = resource(RELEASE, "velero", { inputs: { ...release.inputs, values: { ...release.inputs.values, configuration: { defaultBackupTTL: "168h" } } } });
        assert.match(problems([...without(defaults.all, release), chart])[0][1], /for 10 days, longer than the 168 hours schedule stateful-15m/);
    });

    it("ignores schedules whose backups go to another location", () => {
        const l = locked(3);
        l.velero.stateful.inputs.spec.template.storageLocation = "secondary";
        assert.deepEqual(violations(policy, l.all), []);
    });
});
