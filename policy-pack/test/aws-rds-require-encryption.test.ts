import { strict as assert } from "node:assert";
import { awsRdsRequireEncryption as policy } from "../aws/aws-rds-require-encryption";
import { violations } from "./fixtures";
import { postgresDatabase, rdsCluster } from "./fixtures-services";

function instance(change: (inputs: Record<string, any>) => void = () => {}) {
    const { instance: db } = postgresDatabase();
    change(db.inputs);
    return db;
}

describe("aws-rds-require-encryption", () => {
    it("passes an instance and a cluster encrypted with a customer-managed key", () => {
        assert.deepEqual(violations(policy, [instance(), rdsCluster()]), []);
    });

    it("fails an instance with unencrypted storage", () => {
        const db = instance((i) => (i.storageEncrypted = false));
        const found = violations(policy, [db]);
        assert.deepEqual(found.map((v) => v.urn), [db.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) does not encrypt its storage: storageEncrypted is false\.$/);
    });

    it("fails an instance that leaves storageEncrypted unset (the RDS default is unencrypted)", () => {
        assert.match(violations(policy, [instance((i) => delete i.storageEncrypted)])[0].message, /storageEncrypted is unset\.$/);
    });

    it("fails a cluster with unencrypted storage", () => {
        const cluster = rdsCluster();
        cluster.inputs.storageEncrypted = false;
        assert.deepEqual(violations(policy, [cluster]).map((v) => v.urn), [cluster.urn]);
    });

    it("fails encryption with the AWS-managed key", () => {
        assert.match(violations(policy, [instance((i) => delete i.kmsKeyId)])[0].message, /uses the AWS-managed RDS key; set kmsKeyId to a customer-managed key\.$/);
    });

    it("accepts the AWS-managed key when the config does not require a customer-managed one", () => {
        assert.deepEqual(violations(policy, [instance((i) => delete i.kmsKeyId)], { requireCustomerManagedKey: false }), []);
    });
});
