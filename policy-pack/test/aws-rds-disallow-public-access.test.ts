import { strict as assert } from "node:assert";
import { awsRdsDisallowPublicAccess as policy } from "../aws/aws-rds-disallow-public-access";
import { resource, violations } from "./fixtures";
import { postgresDatabase } from "./fixtures-services";

describe("aws-rds-disallow-public-access", () => {
    it("passes a private instance", () => {
        assert.deepEqual(violations(policy, postgresDatabase().all), []);
    });

    it("passes an instance that leaves publiclyAccessible unset (private by default)", () => {
        const { instance, all } = postgresDatabase();
        delete instance.inputs.publiclyAccessible;
        assert.deepEqual(violations(policy, all), []);
    });

    it("fails a publicly accessible instance", () => {
        const { instance, all } = postgresDatabase();
        instance.inputs.publiclyAccessible = true;
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [instance.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) is publicly accessible\.$/);
    });

    it("fails a publicly accessible Aurora cluster instance", () => {
        const member = resource("aws:rds/clusterInstance:ClusterInstance", "aurora-1", { inputs: { clusterIdentifier: "aurora", instanceClass: "db.r7g.large", engine: "aurora-postgresql", publiclyAccessible: true } });
        assert.deepEqual(violations(policy, [member]).map((v) => v.urn), [member.urn]);
    });
});
