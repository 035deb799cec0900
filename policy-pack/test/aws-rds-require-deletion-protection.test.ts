import { strict as assert } from "node:assert";
import { awsRdsRequireDeletionProtection as policy } from "../aws/aws-rds-require-deletion-protection";
import { violations } from "./fixtures";
import { postgresDatabase, rdsCluster } from "./fixtures-services";

describe("aws-rds-require-deletion-protection", () => {
    it("passes an instance and a cluster with deletion protection", () => {
        assert.deepEqual(violations(policy, [...postgresDatabase().all, rdsCluster()]), []);
    });

    it("fails an instance without deletion protection", () => {
        const { instance, all } = postgresDatabase();
        instance.inputs.deletionProtection = false;
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [instance.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) can be deleted: deletionProtection is false\.$/);
    });

    it("fails a cluster that leaves deletion protection unset", () => {
        const cluster = rdsCluster();
        delete cluster.inputs.deletionProtection;
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /deletionProtection is unset\.$/);
    });
});
