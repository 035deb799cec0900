import { strict as assert } from "node:assert";
import { awsS3RequirePublicAccessBlock as policy } from "../aws/aws-s3-require-public-access-block";
import { resource, violations } from "./fixtures";
import { compliantBackup, PUBLIC_ACCESS_BLOCK, setOutputs, settingFor, without } from "./fixtures-s3";

const ALL_FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("aws-s3-require-public-access-block", () => {
    it("passes backup, replica and log buckets that each block all public access", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without a public access block (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.publicAccessBlock));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no public access block\.$/);
    });

    it("fails a bucket whose only public access block configures another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(PUBLIC_ACCESS_BLOCK, "stray-block", backup.primaryLogs.bucket, ALL_FLAGS);
        const found = violations(policy, [...without(backup.all, backup.primary.publicAccessBlock), stray]);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
    });

    it("does not join a public access block to a bucket by name alone", () => {
        const backup = compliantBackup();
        const byName = resource(PUBLIC_ACCESS_BLOCK, "by-name", { inputs: { bucket: "signal-trading-prod-backups", ...ALL_FLAGS } });
        const found = violations(policy, [...without(backup.all, backup.primary.publicAccessBlock), byName]);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
    });

    it("fails a public access block that leaves restrictPublicBuckets false", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.publicAccessBlock, { restrictPublicBuckets: false });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.publicAccessBlock.urn]);
        assert.match(found[0].message, /does not set restrictPublicBuckets to true\.$/);
    });

    it("names every flag a public access block leaves unset", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.publicAccessBlock, { blockPublicAcls: undefined, ignorePublicAcls: false });
        assert.match(violations(policy, backup.all)[0].message, /does not set blockPublicAcls, ignorePublicAcls to true\.$/);
    });

    it("holds buckets registered with the deprecated BucketV2 type to the same rule", () => {
        const backup = compliantBackup();
        const legacy = resource("aws:s3/bucketV2:BucketV2", "legacy", { inputs: { bucket: "legacy" } });
        assert.deepEqual(violations(policy, [...backup.all, legacy]).map((v) => v.urn), [legacy.urn]);
    });
});
