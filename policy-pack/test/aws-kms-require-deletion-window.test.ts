import { strict as assert } from "node:assert";
import { awsKmsRequireDeletionWindow as policy } from "../aws/aws-kms-require-deletion-window";
import { resource, violations } from "./fixtures";
import { kmsKey } from "./fixtures-services";

function key(change: (inputs: Record<string, any>) => void = () => {}) {
    const k = kmsKey();
    change(k.inputs);
    return k;
}

describe("aws-kms-require-deletion-window", () => {
    it("passes a key with a 30-day deletion window", () => {
        assert.deepEqual(violations(policy, [key()]), []);
    });

    it("fails a key without a deletion window", () => {
        const k = key((i) => delete i.deletionWindowInDays);
        const found = violations(policy, [k]);
        assert.deepEqual(found.map((v) => v.urn), [k.urn]);
        assert.match(found[0].message, /platform-key \(aws:kms\/key:Key\) does not set deletionWindowInDays; set it explicitly to at least 30 days\.$/);
    });

    it("fails a key whose window is shorter than the minimum", () => {
        assert.match(violations(policy, [key((i) => (i.deletionWindowInDays = 7))])[0].message, /has a deletion window of 7 days; at least 30 days are required\.$/);
    });

    it("accepts a shorter window when the config lowers the minimum", () => {
        const k = key((i) => (i.deletionWindowInDays = 14));
        assert.deepEqual(violations(policy, [k], { minDays: 14 }), []);
        assert.equal(violations(policy, [k], { minDays: 15 }).length, 1);
    });

    it("checks multi-Region replica keys too", () => {
        const replica = resource("aws:kms/replicaKey:ReplicaKey", "replica-key", { inputs: { primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1", deletionWindowInDays: 7 } });
        assert.deepEqual(violations(policy, [replica]).map((v) => v.urn), [replica.urn]);
    });
});
