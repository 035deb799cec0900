import { strict as assert } from "node:assert";
import { awsS3RequireKmsEncryption as policy } from "../aws/aws-s3-require-kms-encryption";
import { violations } from "./fixtures";
import { compliantBackup, ENCRYPTION, setOutputs, settingFor, without } from "./fixtures-s3";

const sse = (sseAlgorithm: string, kmsMasterKeyId?: string) => ({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId }, bucketKeyEnabled: true }] });

describe("aws-s3-require-kms-encryption", () => {
    it("passes SSE-KMS backup and replica buckets and SSE-S3 access-log buckets", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without an encryption configuration (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.encryption));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no server-side encryption configuration\.$/);
    });

    it("fails a bucket whose only encryption configuration configures another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(ENCRYPTION, "stray-encryption", backup.replica.bucket, sse("aws:kms", backup.replicaKey.outputs.arn));
        const found = violations(policy, [...without(backup.all, backup.primary.encryption), stray]);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
    });

    it("fails a backup bucket encrypted with AES256, since only access-log targets may use it", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.encryption, sse("AES256"));
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.encryption.urn]);
        assert.match(found[0].message, /encrypts with AES256; required: aws:kms or aws:kms:dsse with a kmsMasterKeyId \(only access-log target buckets may use AES256\)\.$/);
    });

    it("fails an AES256 log bucket once no bucket delivers access logs to it", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.logging!));
        assert.deepEqual(found.map((v) => v.urn), [backup.primaryLogs.encryption.urn]);
    });

    it("fails an access-log bucket whose default rule names no algorithm, naming AES256 as allowed for it", () => {
        const backup = compliantBackup();
        setOutputs(backup.replicaLogs.encryption, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "" } }] });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replicaLogs.encryption.urn]);
        assert.match(found[0].message, /encrypts with no algorithm; required: aws:kms or aws:kms:dsse with a kmsMasterKeyId, or AES256 \(an access-log target\)\.$/);
    });

    it("fails aws:kms without a kmsMasterKeyId (the AWS-managed key)", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.encryption, sse("aws:kms", ""));
        assert.match(violations(policy, backup.all)[0].message, /uses aws:kms without a kmsMasterKeyId; name the customer-managed KMS key\.$/);
    });

    it("accepts dual-layer aws:kms:dsse with a named key", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.encryption, sse("aws:kms:dsse", backup.primaryKey.outputs.arn));
        assert.deepEqual(violations(policy, backup.all), []);
    });

    it("fails an encryption configuration without a default encryption rule", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.encryption, { rules: [{ bucketKeyEnabled: true }] });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.encryption.urn]);
        assert.match(found[0].message, /has no default encryption rule \(applyServerSideEncryptionByDefault\)\.$/);
    });
});
