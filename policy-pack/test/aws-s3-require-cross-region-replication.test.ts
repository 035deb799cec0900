import { strict as assert } from "node:assert";
import { awsS3RequireCrossRegionReplication as policy } from "../aws/aws-s3-require-cross-region-replication";
import { violations } from "./fixtures";
import { compliantBackup, setOutputs, without } from "./fixtures-s3";

type Backup = ReturnType<typeof compliantBackup>;

/** Changes the replication rule's destination (merged into the compliant one). */
function changeDestination(backup: Backup, changes: Record<string, unknown>): void {
    const [rule] = backup.replication.outputs.rules;
    setOutputs(backup.replication, { rules: [{ ...rule, destination: { ...rule.destination, ...changes } }] });
}

function changeRule(backup: Backup, changes: Record<string, unknown>): void {
    setOutputs(backup.replication, { rules: [{ ...backup.replication.outputs.rules[0], ...changes }] });
}

const RULE = /backups-replication \(aws:s3\/bucketReplicationConfig:BucketReplicationConfig\), rule "replicate-all": /;

describe("aws-s3-require-cross-region-replication", () => {
    it("passes a backup bucket replicated to a versioned SSE-KMS bucket in another region, exempting the replica and log buckets", () => {
        assert.deepEqual(violations(policy, compliantBackup().all), []);
    });

    it("fails a bucket without replication, and the former replica that now holds primary data (no partner)", () => {
        const backup = compliantBackup();
        const found = violations(policy, without(backup.all, backup.replication));
        assert.deepEqual(found.map((v) => v.urn), [backup.primary.bucket.urn, backup.replica.bucket.urn]);
        assert.match(found[0].message, /backups \(aws:s3\/bucket:Bucket\) has no replication configuration\.$/);
    });

    it("fails replication to a bucket outside the stack (mismatched partner)", () => {
        const backup = compliantBackup();
        changeDestination(backup, { bucket: "arn:aws:s3:::someone-elses-bucket" });
        backup.replication.propertyDependencies = { ...backup.replication.propertyDependencies, rules: [backup.replicaKey.urn] };
        const found = violations(policy, backup.all).filter((v) => v.urn === backup.replication.urn);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /its destination arn:aws:s3:::someone-elses-bucket is not a bucket of this stack\.$/);
    });

    it("fails a rule whose destination ARN is not the stack bucket its rules depend on", () => {
        const backup = compliantBackup();
        changeDestination(backup, { bucket: "arn:aws:s3:::someone-elses-bucket" });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replication.urn]);
        assert.match(found[0].message, RULE);
        assert.match(found[0].message, /is not a bucket of this stack\.$/);
    });

    it("joins the destination through the rules' dependencies while the ARNs are not known yet (matches)", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.bucket, { arn: undefined });
        changeDestination(backup, { bucket: undefined });
        assert.deepEqual(violations(policy, backup.all), []);
    });

    it("fails a replica in the source bucket's region", () => {
        const backup = compliantBackup({ replicaRegion: "us-east-1" });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replication.urn]);
        assert.match(found[0].message, /its destination backups-replica \(aws:s3\/bucket:Bucket\) is in us-east-1, the source bucket's region; it must be in another region\.$/);
    });

    it("takes a bucket's region from its provider when its outputs do not name it", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.bucket, { region: undefined });
        backup.replicaProvider.inputs = { ...backup.replicaProvider.inputs, region: "us-east-1" };
        assert.match(violations(policy, backup.all)[0].message, /is in us-east-1, the source bucket's region/);
    });

    it("fails a replica that is not versioned", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.versioning, { versioningConfiguration: { status: "Suspended" } });
        assert.match(violations(policy, backup.all)[0].message, /its destination backups-replica \(aws:s3\/bucket:Bucket\) is not versioned\.$/);
    });

    it("fails a replica that is not SSE-KMS encrypted", () => {
        const backup = compliantBackup();
        setOutputs(backup.replica.encryption, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        assert.match(violations(policy, backup.all)[0].message, /is not encrypted with SSE-KMS and a named key\.$/);
    });

    it("fails a rule without Replication Time Control", () => {
        const backup = compliantBackup();
        changeDestination(backup, { replicationTime: { status: "Disabled", time: { minutes: 15 } } });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replication.urn]);
        assert.match(found[0].message, /Replication Time Control is off \(destination\.replicationTime\.status must be Enabled\)\.$/);
    });

    it("fails a rule without replication metrics", () => {
        const backup = compliantBackup();
        changeDestination(backup, { metrics: undefined });
        assert.match(violations(policy, backup.all)[0].message, /replication metrics are off \(destination\.metrics\.status must be Enabled\)\.$/);
    });

    it("accepts a rule without Replication Time Control or metrics where the config does not require them", () => {
        const backup = compliantBackup();
        changeDestination(backup, { replicationTime: undefined, metrics: undefined });
        assert.deepEqual(violations(policy, backup.all, { requireReplicationTimeControl: false }), []);
    });

    it("fails a rule that does not replicate KMS-encrypted objects", () => {
        const backup = compliantBackup();
        changeRule(backup, { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Disabled" } } });
        assert.match(violations(policy, backup.all)[0].message, /KMS-encrypted objects are not replicated \(sourceSelectionCriteria\.sseKmsEncryptedObjects\.status must be Enabled\)\.$/);
    });

    it("fails a rule that names no key to encrypt replicas with", () => {
        const backup = compliantBackup();
        changeDestination(backup, { encryptionConfiguration: undefined });
        assert.match(violations(policy, backup.all)[0].message, /it names no destination\.encryptionConfiguration\.replicaKmsKeyId to encrypt replicas with\.$/);
    });

    it("fails a replication configuration whose only rule is Disabled", () => {
        const backup = compliantBackup();
        changeRule(backup, { status: "Disabled" });
        const found = violations(policy, backup.all);
        assert.deepEqual(found.map((v) => v.urn), [backup.replication.urn]);
        assert.match(found[0].message, /has no Enabled replication rule\.$/);
    });

    it("accepts a configuration where one Enabled rule meets every requirement", () => {
        const backup = compliantBackup();
        const [rule] = backup.replication.outputs.rules;
        setOutputs(backup.replication, { rules: [{ ...rule, id: "partial", sourceSelectionCriteria: undefined }, rule] });
        assert.deepEqual(violations(policy, backup.all), []);
    });
});
