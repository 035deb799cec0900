import { strict as assert } from "node:assert";
import { awsS3RequireTlsOnlyPolicy as policy } from "../aws/aws-s3-require-tls-only-policy";
import { violations } from "./fixtures";
import { BUCKET_POLICY, compliantBackup, setOutputs, settingFor, tlsOnlyDocument, without } from "./fixtures-s3";

const ARN = "arn:aws:s3:::signal-trading-prod-backups";

/** The compliant backup with the backup bucket's TLS statement changed. */
function withStatement(changes: Record<string, unknown>) {
    const backup = compliantBackup();
    const document = tlsOnlyDocument(ARN);
    setOutputs(backup.primary.policy, { policy: JSON.stringify({ ...document, Statement: [{ ...document.Statement[0], ...changes }] }) });
    return backup;
}

const NO_DENIAL = /has no statement denying s3:\* to every principal when aws:SecureTransport is "false"\.$/;

describe("aws-s3-require-tls-only-policy", () => {
    it("passes buckets whose policies deny s3:* without TLS on the bucket and its objects", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without a bucket policy (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.primary.policy));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no bucket policy, so requests without TLS are allowed\.$/);
    });

    it("fails a bucket whose only TLS policy is attached to another bucket (mismatched partner)", () => {
        const backup = compliantBackup();
        const stray = settingFor(BUCKET_POLICY, "stray-policy", backup.replica.bucket, { policy: JSON.stringify(tlsOnlyDocument(ARN)) });
        const found = violations(policy, [...without(backup.all, backup.primary.policy), stray]);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn, stray.urn]);
        assert.match(found[1].message, /does not deny insecure transport on arn:aws:s3:::signal-trading-prod-backups-replica and arn:aws:s3:::signal-trading-prod-backups-replica\/\*\.$/);
    });

    it("accepts the document as an object, a single statement, Principal {AWS: \"*\"}, Action \"*\" and a boolean false", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.policy, {
            policy: {
                Version: "2012-10-17",
                Statement: { Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: [ARN, `${ARN}/*`], Condition: { Bool: { "aws:SecureTransport": false } } },
            },
        });
        assert.deepEqual(violations(policy, backup.all), []);
    });

    it("accepts coverage split over two denying statements", () => {
        const backup = compliantBackup();
        const [statement] = tlsOnlyDocument(ARN).Statement;
        setOutputs(backup.primary.policy, {
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ ...statement, Resource: ARN }, { ...statement, Sid: "Objects", Resource: `${ARN}/*` }] }),
        });
        assert.deepEqual(violations(policy, backup.all), []);
    });

    it("accepts a wildcard resource that matches the bucket and its objects", () => {
        assert.deepEqual(violations(policy, withStatement({ Resource: `${ARN}*` }).all), []);
    });

    it("fails a statement that allows instead of denying", () => {
        const found = violations(policy, withStatement({ Effect: "Allow" }).all);
        assert.equal(found.length, 1);
        assert.match(found[0].message, NO_DENIAL);
    });

    it("fails a denial aimed at one account instead of every principal", () => {
        assert.match(violations(policy, withStatement({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }).all)[0].message, NO_DENIAL);
    });

    it("fails a denial of only some S3 actions", () => {
        assert.match(violations(policy, withStatement({ Action: ["s3:GetObject", "s3:PutObject"] }).all)[0].message, NO_DENIAL);
    });

    it("fails a denial conditioned on aws:SecureTransport true", () => {
        assert.match(violations(policy, withStatement({ Condition: { Bool: { "aws:SecureTransport": "true" } } }).all)[0].message, NO_DENIAL);
    });

    it("fails a denial without a condition, which would lock everyone out rather than enforce TLS", () => {
        assert.match(violations(policy, withStatement({ Condition: undefined }).all)[0].message, NO_DENIAL);
    });

    it("fails a denial that covers the objects but not the bucket itself", () => {
        const backup = withStatement({ Resource: `${ARN}/*` });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.policy.urn]);
        assert.match(found[0].message, /does not deny insecure transport on arn:aws:s3:::signal-trading-prod-backups\.$/);
    });

    it("fails a denial that covers the bucket but not its objects", () => {
        assert.match(violations(policy, withStatement({ Resource: ARN }).all)[0].message, /does not deny insecure transport on arn:aws:s3:::signal-trading-prod-backups\/\*\.$/);
    });

    it("fails a denial narrowed by a further condition", () => {
        const condition = { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:SourceVpce": "vpce-1" } };
        assert.match(violations(policy, withStatement({ Condition: condition }).all)[0].message, NO_DENIAL);
    });

    it("fails a policy document that is not valid JSON", () => {
        const backup = compliantBackup();
        setOutputs(backup.primary.policy, { policy: "{\"Statement\": [" });
        assert.match(violations(policy, backup.all)[0].message, /has no policy document that can be read as JSON\.$/);
    });
});
