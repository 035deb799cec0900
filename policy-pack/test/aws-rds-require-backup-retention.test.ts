import { strict as assert } from "node:assert";
import { awsRdsRequireBackupRetention as policy } from "../aws/aws-rds-require-backup-retention";
import { violations } from "./fixtures";
import { postgresDatabase, rdsCluster } from "./fixtures-services";

function instance(change: (inputs: Record<string, any>) => void = () => {}) {
    const { instance: db } = postgresDatabase();
    change(db.inputs);
    return db;
}

describe("aws-rds-require-backup-retention", () => {
    it("passes an instance and a cluster keeping backups 14 days", () => {
        assert.deepEqual(violations(policy, [instance(), rdsCluster()]), []);
    });

    it("fails an instance keeping backups fewer days than the minimum", () => {
        const db = instance((i) => (i.backupRetentionPeriod = 3));
        const found = violations(policy, [db]);
        assert.deepEqual(found.map((v) => v.urn), [db.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) keeps backups for 3 days; at least 7 days are required\.$/);
    });

    it("fails an instance with automated backups off", () => {
        assert.match(violations(policy, [instance((i) => (i.backupRetentionPeriod = 0))])[0].message, /keeps backups for 0 days/);
    });

    it("fails an instance that leaves the retention to the provider's default", () => {
        assert.match(violations(policy, [instance((i) => delete i.backupRetentionPeriod)])[0].message, /does not set backupRetentionPeriod; set it to at least 7 days\.$/);
    });

    it("fails a cluster keeping one day of backups", () => {
        const cluster = rdsCluster();
        cluster.inputs.backupRetentionPeriod = 1;
        assert.deepEqual(violations(policy, [cluster]).map((v) => v.urn), [cluster.urn]);
    });

    it("requires the configured minimum instead of the default", () => {
        assert.equal(violations(policy, [instance()], { minDays: 30 }).length, 1);
    });
});
