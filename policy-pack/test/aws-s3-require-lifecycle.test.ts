import { strict as assert } from "node:assert";
import { awsS3RequireLifecycle as policy } from "../aws/aws-s3-require-lifecycle";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { compliantBackup, LIFECYCLE, setOutputs, settingFor, without } from "./fixtures-s3";

/** Changes the only rule of a lifecycle configuration. */
function changeRule(lifecycle: ResourceUnderTest, changes: Record<string, unknown>): void {
    setOutputs(lifecycle, { rules: [{ ...lifecycle.outputs.rules[0], ...changes }] });
}

describe("aws-s3-require-lifecycle", () => {
    it("passes buckets that expire noncurrent versions after 30 days and abort uploads after 7", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without a lifecycle configuration (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.lifecycle));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no lifecycle configuration\.$/);
    });

    it("fails a bucket whose only lifecycle configuration configures another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(LIFECYCLE, "stray-lifecycle", backup.replica.bucket, backup.primary.lifecycle.outputs);
        assert.deepEqual(violations(policy, [...without(backup.all, backup.primary.lifecycle), stray]).map((v) => v.urn), [backup.primary.bucket.urn]);
    });

    it("fails a lifecycle that never expires noncurrent versions", () => {
        const backup = compliantBackup();
        changeRule(backup.primary.lifecycle, { noncurrentVersionExpiration: undefined });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.lifecycle.urn]);
        assert.match(found[0].message, /has no Enabled rule expiring noncurrent versions \(noncurrentVersionExpiration\)\.$/);
    });

    it("fails noncurrent versions kept longer than the default 365 days", () => {
        const backup = compliantBackup();
        changeRule(backup.primary.lifecycle, { noncurrentVersionExpiration: { noncurrentDays: 400 } });
        assert.match(violations(policy, backup.all)[0].message, /expires noncurrent versions after 400 days; at most 365 allowed\.$/);
    });

    it("fails 30-day noncurrent retention where the config allows at most 14 days", () => {
        const backup = compliantBackup();
        const found = violations(policy, backup.all, { maxNoncurrentDays: 14 });
        assert.equal(found.length, 4);
        assert.match(found[0].message, /expires noncurrent versions after 30 days; at most 14 allowed\.$/);
    });

    it("fails a lifecycle that never aborts incomplete multipart uploads", () => {
        const backup = compliantBackup();
        changeRule(backup.replica.lifecycle, { abortIncompleteMultipartUpload: undefined });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.lifecycle.urn]);
        assert.match(found[0].message, /has no Enabled rule aborting incomplete multipart uploads \(abortIncompleteMultipartUpload\)\.$/);
    });

    it("fails incomplete uploads kept 10 days by default, and accepts them where the config allows 14", () => {
        const backup = compliantBackup();
        changeRule(backup.replica.lifecycle, { abortIncompleteMultipartUpload: { daysAfterInitiation: 10 } });
        assert.match(violations(policy, backup.all)[0].message, /aborts incomplete multipart uploads after 10 days; at most 7 allowed\.$/);
        assert.deepEqual(violations(policy, backup.all, { maxIncompleteUploadDays: 14 }), []);
    });

    it("ignores a Disabled rule", () => {
        const backup = compliantBackup();
        changeRule(backup.primary.lifecycle, { status: "Disabled" });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.lifecycle.urn, backup.primary.lifecycle.urn]);
        assert.match(found[0].message, /no Enabled rule expiring noncurrent versions/);
        assert.match(found[1].message, /no Enabled rule aborting incomplete multipart uploads/);
    });

    it("accepts the two expirations in separate Enabled rules", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.lifecycle, {
            rules: [
                { id: "versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 } },
                { id: "uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 3 } },
            ],
        });
        assert.deepEqual(violations(policy, backup.all), []);
    });
});
