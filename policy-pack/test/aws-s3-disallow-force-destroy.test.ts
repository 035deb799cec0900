import { strict as assert } from "node:assert";
import { awsS3DisallowForceDestroy as policy } from "../aws/aws-s3-disallow-force-destroy";
import { violations } from "./fixtures";
import { compliantBackup, setOutputs } from "./fixtures-s3";

describe("aws-s3-disallow-force-destroy", () => {
    it("passes protected buckets with forceDestroy false", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("passes a bucket that leaves forceDestroy unset", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.bucket, { forceDestroy: undefined });
        assert.deepEqual(violations(policy, backup.all), []);
    });

    it("fails a bucket with forceDestroy true", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.bucket, { forceDestroy: true });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) sets forceDestroy, so deleting it would delete every object and version in it\.$/);
    });

    it("fails an unprotected bucket", () => {
        const backup = compliantBackup();
        backup.replica.bucket.protect = false;
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.bucket.urn]);
        assert.match(found[0].message, /is not protected \(opts\.protect\), so pulumi destroy or a replacement could delete it\.$/);
    });

    it("accepts an unprotected bucket where the config does not require protect", () => {
        const backup = compliantBackup();
        backup.replica.bucket.protect = false;
        assert.deepEqual(violations(policy, backup.all, { requireProtect: false }), []);
    });

    it("still fails forceDestroy where the config does not require protect", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.bucket, { forceDestroy: true });
        assert.equal(violations(policy, backup.all, { requireProtect: false }).length, 1);
    });

    it("accepts forceDestroy on an unprotected bucket where the config allows it", () => {
        const backup = compliantBackup();
        backup.primary.bucket.protect = false;
        setOutputs(backup.primary.bucket, { forceDestroy: true });
        assert.deepEqual(violations(policy, backup.all, { requireProtect: false, allowUnprotectedForceDestroy: true }), []);
    });

    it("still fails forceDestroy on a protected bucket where the config allows it on unprotected ones", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.bucket, { forceDestroy: true });
        const found = violations(policy, backup.all, { requireProtect: false, allowUnprotectedForceDestroy: true });
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /sets forceDestroy, so deleting it would delete every object and version in it\.$/);
    });
});
