import { strict as assert } from "node:assert";
import { awsS3RequireOwnerEnforced as policy } from "../aws/aws-s3-require-owner-enforced";
import { violations } from "./fixtures";
import { ACL, compliantBackup, OWNERSHIP_CONTROLS, setOutputs, settingFor, without } from "./fixtures-s3";

describe("aws-s3-require-owner-enforced", () => {
    it("passes buckets whose ownership controls enforce the bucket owner and that have no ACL", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without ownership controls (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.replica.ownershipControls));
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.bucket.urn]);
        assert.match(found[0].message, /backups-replica \(aws:s3\/bucket:Bucket\) has no ownership controls, so ACLs stay enabled\.$/);
    });

    it("fails a bucket whose only ownership controls configure another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(OWNERSHIP_CONTROLS, "stray-controls", backup.primary.bucket, { rule: { objectOwnership: "BucketOwnerEnforced" } });
        const found = violations(policy, [...without(backup.all, backup.replica.ownershipControls), stray]);
        assert.deepEqual(found.map((v) => v.urn), [backup.replica.bucket.urn]);
    });

    it("fails ownership controls that keep ACLs enabled with ObjectWriter", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.ownershipControls, { rule: { objectOwnership: "ObjectWriter" } });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.ownershipControls.urn]);
        assert.match(found[0].message, /sets objectOwnership ObjectWriter; BucketOwnerEnforced is required\.$/);
    });

    it("fails BucketOwnerPreferred, which still honours ACLs", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.ownershipControls, { rule: { objectOwnership: "BucketOwnerPreferred" } });
        assert.match(violations(policy, backup.all)[0].message, /sets objectOwnership BucketOwnerPreferred;/);
    });

    it("fails a bucket ACL managed for a bucket, even a private one", () => {
        const backup = compliantBackup();
        const acl = settingFor(ACL, "backups-acl", backup.primary.bucket, { acl: "private" });
        const found = violations(policy, [...backup.all, acl]);
        assert.deepEqual(found.map((v) => v.urn), [acl.urn]);
        assert.match(found[0].message, /manages an ACL of backups \(aws:s3\/bucket:Bucket\); ACLs must stay disabled: remove it\.$/);
    });

    it("fails a bucket ACL of the deprecated BucketAclV2 type too", () => {
        const backup = compliantBackup();
        const acl = settingFor("aws:s3/bucketAclV2:BucketAclV2", "backups-acl", backup.primary.bucket, { acl: "private" });
        assert.deepEqual(violations(policy, [...backup.all, acl]).map((v) => v.urn), [acl.urn]);
    });
});
