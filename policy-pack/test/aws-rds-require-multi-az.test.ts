import { strict as assert } from "node:assert";
import { awsRdsRequireMultiAz as policy } from "../aws/aws-rds-require-multi-az";
import { violations } from "./fixtures";
import { postgresDatabase } from "./fixtures-services";

describe("aws-rds-require-multi-az", () => {
    it("passes a Multi-AZ instance", () => {
        assert.deepEqual(violations(policy, postgresDatabase().all), []);
    });

    it("fails a single-AZ instance", () => {
        const { instance, all } = postgresDatabase();
        instance.inputs.multiAz = false;
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [instance.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) runs in a single Availability Zone: multiAz is false\.$/);
    });

    it("fails an instance that leaves multiAz unset", () => {
        const { instance, all } = postgresDatabase();
        delete instance.inputs.multiAz;
        assert.match(violations(policy, all)[0].message, /multiAz is unset\.$/);
    });

    it("reports advisory only where the stack's config relaxes it", () => {
        const { instance, all } = postgresDatabase();
        instance.inputs.multiAz = false;
        assert.equal(violations(policy, all, {}, "advisory")[0].enforcementLevel, "advisory");
    });
});
