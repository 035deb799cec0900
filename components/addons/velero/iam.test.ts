import { strict as assert } from "node:assert";
import { PolicyStatement } from "../../shared/iam";
import { veleroPolicy, VeleroPolicyInputs } from "./iam";

const INPUTS: VeleroPolicyInputs = {
    partition: "aws",
    region: "us-east-1",
    accountId: "123456789012",
    bucketArn: "arn:aws:s3:::signal-trading-prod-backups-1a2b3c4",
    backupsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backups",
    volumesKeyArn: "arn:aws:kms:us-east-1:123456789012:key/volumes",
};
const SNAPSHOTS = "arn:aws:ec2:us-east-1::snapshot/*";
const VOLUMES = "arn:aws:ec2:us-east-1:123456789012:volume/*";

describe("Velero IAM policy", () => {
    const policy = veleroPolicy(INPUTS);
    const statement = (sid: string): PolicyStatement => {
        const found = policy.Statement.filter((s) => s.Sid === sid);
        assert.equal(found.length, 1, `expected one statement ${sid}`);
        return found[0];
    };
    const actions = (s: PolicyStatement) => [s.Action].flat();

    it("lists the backup bucket and reads, writes and deletes its objects only", () => {
        assert.deepEqual(statement("ListBackupBucket"), {
            Sid: "ListBackupBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::signal-trading-prod-backups-1a2b3c4",
        });
        assert.deepEqual(statement("ReadWriteBackupObjects"), {
            Sid: "ReadWriteBackupObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: "arn:aws:s3:::signal-trading-prod-backups-1a2b3c4/*",
        });
    });

    it("uses the backups key only through S3 in the stack's region", () => {
        assert.deepEqual(statement("EncryptBackupObjectsThroughS3"), {
            Sid: "EncryptBackupObjectsThroughS3",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "arn:aws:kms:us-east-1:123456789012:key/backups",
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        });
    });

    it("lets EBS use the volumes key on its behalf, to restore encrypted volumes, and grants it only to AWS resources", () => {
        const throughEc2 = { "kms:ViaService": "ec2.us-east-1.amazonaws.com" };
        assert.deepEqual(statement("UseVolumesKeyThroughEc2"), {
            Sid: "UseVolumesKeyThroughEc2",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*", "kms:DescribeKey"],
            Resource: "arn:aws:kms:us-east-1:123456789012:key/volumes",
            Condition: { StringEquals: throughEc2 },
        });
        assert.deepEqual(statement("GrantVolumesKeyToEbs"), {
            Sid: "GrantVolumesKeyToEbs",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: "arn:aws:kms:us-east-1:123456789012:key/volumes",
            Condition: { StringEquals: throughEc2, Bool: { "kms:GrantIsForAWSResource": "true" } },
        });
    });

    it("snapshots only the EBS CSI driver's volumes, into snapshots tagged with the Velero backup", () => {
        assert.deepEqual(statement("SnapshotCsiVolumes"), {
            Sid: "SnapshotCsiVolumes", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: VOLUMES,
            Condition: { StringEquals: { "aws:ResourceTag/ebs.csi.aws.com/cluster": "true" } },
        });
        assert.deepEqual(statement("CreateVeleroTaggedSnapshots"), {
            Sid: "CreateVeleroTaggedSnapshots", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: SNAPSHOTS,
            Condition: { Null: { "aws:RequestTag/velero.io/backup": "false" } },
        });
    });

    it("restores encrypted volumes from Velero's snapshots only and deletes no other snapshot", () => {
        assert.deepEqual(statement("RestoreFromVeleroSnapshots"), {
            Sid: "RestoreFromVeleroSnapshots", Effect: "Allow", Action: "ec2:CreateVolume", Resource: SNAPSHOTS,
            Condition: { Null: { "aws:ResourceTag/velero.io/backup": "false" } },
        });
        assert.deepEqual(statement("RestoreEncryptedVolumes"), {
            Sid: "RestoreEncryptedVolumes", Effect: "Allow", Action: "ec2:CreateVolume", Resource: VOLUMES,
            Condition: { Null: { "aws:RequestTag/velero.io/backup": "false" }, Bool: { "ec2:Encrypted": "true" } },
        });
        assert.deepEqual(statement("ExpireVeleroSnapshots"), {
            Sid: "ExpireVeleroSnapshots", Effect: "Allow", Action: "ec2:DeleteSnapshot", Resource: SNAPSHOTS,
            Condition: { Null: { "aws:ResourceTag/velero.io/backup": "false" } },
        });
    });

    it("tags snapshots and volumes only while creating them", () => {
        assert.deepEqual(statement("TagOnCreate"), {
            Sid: "TagOnCreate", Effect: "Allow", Action: "ec2:CreateTags", Resource: [SNAPSHOTS, VOLUMES],
            Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
        });
    });

    it("grants \"*\" only to the read-only Describe calls, allows only, and names no wildcard service", () => {
        const unscoped = policy.Statement.filter((s) => [s.Resource].flat().includes("*"));
        assert.deepEqual(unscoped, [{ Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: "*" }]);
        for (const s of policy.Statement) {
            assert.equal(s.Effect, "Allow");
            assert.ok(actions(s).every((a) => !/^([a-z0-9]+:)?\*$/.test(a)), `${s.Sid} allows a whole service`);
        }
    });

    it("allows the plugin README's actions except s3:PutObjectTagging (no tagging configured), plus the two keys' use", () => {
        const readme = [
            "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot",
            "s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:ListBucket",
        ];
        const granted = new Set(policy.Statement.flatMap(actions));
        assert.deepEqual([...granted].filter((a) => !a.startsWith("kms:")).sort(), [...readme].sort());
        assert.ok(!granted.has("s3:PutObjectTagging"));
    });

    it("names the partition, region and account it is given", () => {
        const other = veleroPolicy({ ...INPUTS, partition: "aws-us-gov", region: "us-gov-west-1", accountId: "210987654321" });
        const ec2Resources = other.Statement.filter((s) => actions(s).some((a) => a.startsWith("ec2:Create") || a === "ec2:DeleteSnapshot")).flatMap((s) => [s.Resource].flat());
        assert.deepEqual([...new Set(ec2Resources)].sort(), ["arn:aws-us-gov:ec2:us-gov-west-1:210987654321:volume/*", "arn:aws-us-gov:ec2:us-gov-west-1::snapshot/*"]);
        assert.equal(other.Statement.find((s) => s.Sid === "GrantVolumesKeyToEbs")!.Condition!.StringEquals["kms:ViaService"], "ec2.us-gov-west-1.amazonaws.com");
    });
});
