import { strict as assert } from "node:assert";
import { awsS3RequireVersioning as policy } from "../aws/aws-s3-require-versioning";
import { violations } from "./fixtures";
import { compliantBackup, setOutputs, settingFor, VERSIONING, without } from "./fixtures-s3";

describe("aws-s3-require-versioning", () => {
    it("passes buckets whose versioning is Enabled", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without a versioning configuration (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.versioning));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no versioning configuration\.$/);
    });

    it("fails a bucket whose only versioning configuration configures another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(VERSIONING, "stray-versioning", backup.replica.bucket, { versioningConfiguration: { status: "Enabled" } });
        assert.deepEqual(violations(policy, [...without(backup.all, backup.primary.versioning), stray]).map((v) => v.urn), [backup.primary.bucket.urn]);
    });

    it("fails suspended versioning", () => {
        const backup = compliantBackup();
        setOutputs(backup.primaryLogs.versioning, { versioningConfiguration: { status: "Suspended" } });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primaryLogs.versioning.urn]);
        assert.match(found[0].message, /has versioning status Suspended; Enabled is required\.$/);
    });

    it("accepts versioning registered with the deprecated BucketVersioningV2 type", () => {
        const backup = compliantBackup();
        const legacy = settingFor("aws:s3/bucketVersioningV2:BucketVersioningV2", "legacy-versioning", backup.primary.bucket, { versioningConfiguration: { status: "Enabled" } });
        assert.deepEqual(violations(policy, [...without(backup.all, backup.primary.versioning), legacy]), []);
    });
});
