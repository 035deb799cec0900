import { strict as assert } from "node:assert";
import { awsS3RequireAccessLogging as policy } from "../aws/aws-s3-require-access-logging";
import { resource, violations } from "./fixtures";
import { compliantBackup, LOGGING, without } from "./fixtures-s3";

describe("aws-s3-require-access-logging", () => {
    it("passes buckets that log to their log buckets, and exempts the log buckets", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without access logging, and its log bucket that no longer receives logs (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.logging!));
        assert.deepEqual(found.map((v) => v.urn), [backup.primaryLogs.bucket.urn, backup.primary.bucket.urn]);
        assert.match(found[1].message, /backups \(aws:s3\/bucket:Bucket\) has no server access logging\.$/);
    });

    it("fails logging whose targetBucket is not a bucket of the stack (mismatched partner)", () => {
        const backup = compliantBackup();
        const external = resource(LOGGING, "backups-logging", {
            inputs: { bucket: "signal-trading-prod-backups", targetBucket: "someone-elses-logs", targetPrefix: "x/" },
            propertyDependsOn: { bucket: [backup.primary.bucket] },
        });
        const found = violations(policy, [...without(backup.all, backup.primary.logging!, backup.primaryLogs.bucket), external]);
        assert.deepEqual(found.map((v) => v.urn), [external.urn]);
        assert.match(found[0].message, /delivers access logs to a targetBucket that is not a bucket of this stack\.$/);
    });

    it("fails a bucket that delivers its access logs to itself", () => {
        const backup = compliantBackup();
        const self = resource(LOGGING, "backups-logging", {
            inputs: { bucket: "signal-trading-prod-backups", targetBucket: "signal-trading-prod-backups", targetPrefix: "logs/" },
            propertyDependsOn: { bucket: [backup.primary.bucket], targetBucket: [backup.primary.bucket] },
        });
        const found = violations(policy, [...without(backup.all, backup.primary.logging!, backup.primaryLogs.bucket), self]);
        assert.deepEqual(found.map((v) => v.urn), [self.urn]);
        assert.match(found[0].message, /access logs to the bucket itself; use a separate log bucket\.$/);
    });

    it("does not join logging to a bucket by name alone", () => {
        const backup = compliantBackup();
        const byName = resource(LOGGING, "by-name", {
            inputs: { bucket: "signal-trading-prod-backups", targetBucket: "signal-trading-prod-backups-logs" },
            propertyDependsOn: { targetBucket: [backup.primaryLogs.bucket] },
        });
        const found = violations(policy, [...without(backup.all, backup.primary.logging!), byName]);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
    });
});
