import { strict as assert } from "node:assert";
import { kubernetesVeleroRequireEncryptedStorageLocation as policy } from "../kubernetes/kubernetes-velero-require-encrypted-storage-location";
import { resource, violations } from "./fixtures";
import { compliantVelero, RELEASE, veleroObject } from "./fixtures-kubernetes";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/backups-key-0000-1111";

/** The velero chart declaring its location in values instead of a BackupStorageLocation object. */
function chartWithLocation(location: Record<string, unknown>) {
    return resource(RELEASE, "velero", {
        inputs: { chart: "velero", version: "12.1.0", values: { configuration: { backupStorageLocation: [{ name: "default", provider: "aws", bucket: "signal-trading-prod-backups", ...location }] } } },
    });
}

describe("kubernetes-velero-require-encrypted-storage-location", () => {
    it("passes the default location in the backup bucket, encrypted with the backups key", () => {
        assert.deepEqual(violations(policy, compliantVelero().all), []);
    });

    it("fails a location without kmsKeyId", () => {
        const { location } = compliantVelero();
        delete location.inputs.spec.config.kmsKeyId;
        const found = violations(policy, [location]);
        assert.deepEqual(found.map((v) => v.urn), [location.urn]);
        assert.match(found[0].message, /default \(kubernetes:velero\.io\/v1:BackupStorageLocation\) must encrypt backups with a customer-managed KMS key: config\.kmsKeyId is unset\.$/);
    });

    it("fails a location without any config", () => {
        const { location } = compliantVelero();
        delete location.inputs.spec.config;
        assert.match(violations(policy, [location])[0].message, /config\.kmsKeyId is unset\.$/);
    });

    it("fails a key given by id instead of ARN", () => {
        const { location } = compliantVelero();
        location.inputs.spec.config.kmsKeyId = "backups-key-0000-1111";
        assert.match(violations(policy, [location])[0].message, /config\.kmsKeyId is "backups-key-0000-1111", not a KMS key or alias ARN\.$/);
    });

    it("fails the AWS-managed S3 key", () => {
        const { location } = compliantVelero();
        location.inputs.spec.config.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/s3";
        assert.match(violations(policy, [location])[0].message, /an AWS-managed key\.$/);
    });

    it("accepts an alias ARN of a customer key", () => {
        const { location } = compliantVelero();
        location.inputs.spec.config.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/signal-trading-prod-backups";
        assert.deepEqual(violations(policy, [location]), []);
    });

    it("fails a location without a bucket", () => {
        const { location } = compliantVelero();
        delete location.inputs.spec.objectStorage.bucket;
        assert.match(violations(policy, [location])[0].message, /default \(kubernetes:velero\.io\/v1:BackupStorageLocation\) names no bucket \(objectStorage\.bucket\)\.$/);
    });

    it("judges the provider name velero.io/aws like aws", () => {
        const { location } = compliantVelero();
        location.inputs.spec.provider = "velero.io/aws";
        delete location.inputs.spec.config.kmsKeyId;
        assert.equal(violations(policy, [location]).length, 1);
    });

    it("leaves locations of other providers alone", () => {
        const gcp = veleroObject("BackupStorageLocation", "gcp", { provider: "gcp", objectStorage: { bucket: "b" } });
        assert.deepEqual(violations(policy, [gcp]), []);
    });

    it("checks a location the velero chart declares in its values", () => {
        assert.deepEqual(violations(policy, [chartWithLocation({ config: { region: "us-east-1", kmsKeyId: KEY_ARN } })]), []);
        const found = violations(policy, [chartWithLocation({ config: { region: "us-east-1" } })]);
        assert.match(found[0].message, /velero \(kubernetes:helm\.sh\/v3:Release\) values\.configuration\.backupStorageLocation\[0\] must encrypt backups with a customer-managed KMS key: config\.kmsKeyId is unset\.$/);
    });

    it("takes the chart's provider from configuration.provider when the entry names none", () => {
        const release = resource(RELEASE, "velero", { inputs: { chart: "velero", values: { configuration: { provider: "aws", backupStorageLocation: { bucket: "b" } } } } });
        assert.equal(violations(policy, [release]).length, 1);
    });

    it("ignores the chart's locations when backupsEnabled is false", () => {
        const release = chartWithLocation({});
        release.inputs.values.backupsEnabled = false;
        assert.deepEqual(violations(policy, [release]), []);
    });
});
