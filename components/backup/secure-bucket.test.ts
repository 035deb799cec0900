import { strict as assert } from "node:assert";
import { Registrations, registrationsOf } from "../../test/harness";
import { replacementRule } from "../../tools/plan/replacements";
import { SecureBucket } from "./secure-bucket";

describe("SecureBucket component", () => {
    let r: Registrations;
    before(async () => {
        r = await registrationsOf(() => {
            const logs = new SecureBucket("logs", { expirationDays: 30, noncurrentVersionDays: 7, receivesAccessLogs: true, protect: false });
            new SecureBucket("data", {
                kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/data", expirationDays: 365, noncurrentVersionDays: 30,
                accessLogs: { bucket: logs, prefix: "s3-access/" }, protect: false,
            });
        });
    });
    const bucketId = (name: string) => r.one("aws:s3/bucket:Bucket", name).id;

    it("registers as signal-trading:backup:SecureBucket and parents the bucket and its settings to itself", () => {
        const component = r.one("signal-trading:backup:SecureBucket", "data");
        const children = r.all.filter((x) => x.parent === component.urn);
        assert.deepEqual(children.map((c) => c.type.split(":").pop()).sort(), [
            "Bucket", "BucketLifecycleConfiguration", "BucketLogging", "BucketOwnershipControls", "BucketPolicy",
            "BucketPublicAccessBlock", "BucketServerSideEncryptionConfiguration", "BucketVersioning",
        ]);
    });

    it("leaves the bucket unprotected when not asked, and then deletes it with its objects and versions", () => {
        for (const name of ["logs", "data"]) {
            const bucket = r.one("aws:s3/bucket:Bucket", name);
            assert.equal(bucket.protect, false);
            assert.equal(r.inputs(bucket).forceDestroy, true);
        }
    });

    it("never force-destroys a protected bucket", async () => {
        const protectedOne = await registrationsOf(() => new SecureBucket("backups", { expirationDays: 30, noncurrentVersionDays: 7, protect: true }));
        const bucket = protectedOne.one("aws:s3/bucket:Bucket");
        assert.deepEqual([bucket.protect, protectedOne.inputs(bucket).forceDestroy], [true, false]);
    });

    it("writes no access logs for a bucket without a log target", () => {
        const logging = r.ofType("aws:s3/bucketLogging:BucketLogging").map((l) => r.inputs(l));
        assert.deepEqual(logging.map((l) => l.bucket), [bucketId("data")]);
        assert.equal(logging[0].targetBucket, bucketId("logs"));
    });

    it("attaches the TLS-only policy only after all public access is blocked", () => {
        const policy = r.one("aws:s3/bucketPolicy:BucketPolicy", "data-policy");
        assert.ok(policy.dependencies.includes(r.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-public-access").urn));
        assert.deepEqual(JSON.parse(r.inputs(policy).policy).Statement.map((s: { Sid: string }) => s.Sid), [
            "DenyRequestsWithoutTls", "DenyObjectsWithAnotherKmsKey", "DenyObjectsWithAnotherEncryption", "DenyKmsObjectsWithoutTheBucketKey", "DenyObjectsWithCustomerKeys",
        ]);
    });

    it("configures the lifecycle after versioning, since noncurrent expiry needs it", () => {
        const lifecycle = r.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle");
        assert.ok(lifecycle.dependencies.includes(r.one("aws:s3/bucketVersioning:BucketVersioning", "data-versioning").urn));
        assert.equal(r.inputs(lifecycle).rules[0].expiration.days, 365);
    });

    it("turns object lock on for an existing bucket without replacing it: the bucket's inputs, replace-forcing ones included, stay the same", async () => {
        const args = { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/data", expirationDays: 95, noncurrentVersionDays: 30, protect: true };
        const before = await registrationsOf(() => new SecureBucket("backups", args));
        const after = await registrationsOf(() => new SecureBucket("backups", { ...args, objectLockRetentionDays: 2, breakGlassRoleArn: "arn:aws:iam::123456789012:role/break-glass" }));
        const bucket = (x: Registrations) => x.inputs(x.one("aws:s3/bucket:Bucket"));
        assert.deepEqual(bucket(after), bucket(before));
        assert.deepEqual(replacementRule("aws:s3/bucket:Bucket")!.replaceOn.filter((path) => path in bucket(after)), [], "the program sets a replace-forcing input of the bucket");
        // What changes is a new lock configuration and the policy, which S3 puts again in place.
        const settings = (x: Registrations) => x.all.filter((s) => s.custom && s.type !== "aws:s3/bucket:Bucket").map((s) => s.type).sort();
        assert.deepEqual(settings(after).filter((t) => !settings(before).includes(t)), ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"]);
        assert.deepEqual(replacementRule("aws:s3/bucketPolicy:BucketPolicy")!.replaceOn.filter((p) => p !== "region"), ["bucket", "expectedBucketOwner"]);
    });
});
