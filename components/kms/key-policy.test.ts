import { strict as assert } from "node:assert";
import { PolicyStatement } from "../shared/iam";
import { ADMINISTRATOR_ACTIONS, KeyPolicyInputs, keyPolicy, KeyServiceUse, KeyUser, MAINTAINER_ACTIONS, METADATA_READ_ACTIONS } from "./key-policy";

const ACCOUNT = "123456789012";
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/signal-trading-delivery-prod-break-glass`;
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/signal-trading-delivery-prod-deploy`;
const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const VELERO: KeyUser = { sid: "VeleroRestoresVolumes", roleNamePrefixes: ["signal-trading-prod-velero-role"], via: "ec2", grantsForAwsResources: true };
const INPUTS: KeyPolicyInputs = {
    partition: "aws", accountId: ACCOUNT, region: "us-east-1", administratorArns: [BREAK_GLASS], maintainerArns: [DEPLOY], maintainersMayDelete: false, services: [], users: [],
};
const policyFor = (change: Partial<KeyPolicyInputs> = {}) => keyPolicy({ ...INPUTS, ...change });
const statement = (statements: PolicyStatement[], sid: string) => {
    const found = statements.filter((s) => s.Sid === sid);
    assert.equal(found.length, 1, `expected one statement ${sid}`);
    return found[0];
};

/** A principal anyone matches: `"*"` or an AWS principal of `"*"`. */
const isPublic = (s: PolicyStatement) => s.Principal === "*" || [s.Principal?.AWS].flat().includes("*");

describe("KMS key policy", () => {
    it("lets the break-glass role administer the key and the deploy role maintain it, by name, and delegates only metadata reads to IAM", () => {
        assert.deepEqual(policyFor(), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "BreakGlassAdministersKey", Effect: "Allow", Principal: { AWS: [BREAK_GLASS] }, Action: ADMINISTRATOR_ACTIONS, Resource: "*" },
                { Sid: "DeployRoleMaintainsKey", Effect: "Allow", Principal: { AWS: [DEPLOY] }, Action: MAINTAINER_ACTIONS, Resource: "*" },
                { Sid: "AccountReadsKeyMetadataThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: METADATA_READ_ACTIONS, Resource: "*" },
                {
                    Sid: "DeployersGrantKeyToAwsResources", Effect: "Allow", Principal: { AWS: [BREAK_GLASS, DEPLOY] }, Action: "kms:CreateGrant", Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                },
            ],
        });
        assert.deepEqual(METADATA_READ_ACTIONS, ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]);
    });

    it("keeps the deploy role able to update the policy (KMS's lock-out check), describe and tag, but not disable or delete the key", () => {
        for (const action of ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:DescribeKey", "kms:TagResource", "kms:UntagResource", "kms:CreateAlias"]) {
            assert.ok(MAINTAINER_ACTIONS.includes(action), action);
        }
        for (const action of MAINTAINER_ACTIONS) assert.ok(!/^kms:(ScheduleKeyDeletion|Disable|Delete(?!Alias)|Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(action), action);
        assert.ok(ADMINISTRATOR_ACTIONS.includes("kms:Put*") && ADMINISTRATOR_ACTIONS.includes("kms:ScheduleKeyDeletion"));
        assert.ok(ADMINISTRATOR_ACTIONS.every((a) => !/^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(a)), "the administrator may use the key");
    });

    it("falls back to the account root only when no administrator and no maintainer is named (a dev stack before its bootstrap)", () => {
        assert.deepEqual(policyFor({ administratorArns: [], maintainerArns: [] }).Statement, [
            { Sid: "AccountAdministersKeyAndDelegatesUseToIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
        ]);
    });

    it("lets a named role of the program use the key only through its service, and grant it only to AWS resources", () => {
        const statements = policyFor({ users: [VELERO] }).Statement;
        const named = { ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/signal-trading-prod-velero-role-*`] }, StringEquals: { "kms:ViaService": "ec2.us-east-1.amazonaws.com" } };
        assert.deepEqual(statement(statements, "VeleroRestoresVolumes"), {
            Sid: "VeleroRestoresVolumes", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: USE_ACTIONS, Resource: "*", Condition: named,
        });
        assert.deepEqual(statement(statements, "VeleroRestoresVolumesGrants"), {
            Sid: "VeleroRestoresVolumesGrants", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: "*", Condition: { ...named, Bool: { "kms:GrantIsForAWSResource": true } },
        });
    });

    it("lets a direct caller use the key without a service condition, with its own actions when given", () => {
        const cluster = statement(policyFor({ users: [{ sid: "EksEncryptsSecrets", roleNamePrefixes: ["p-cluster-role"], actions: ["kms:Encrypt", "kms:Decrypt"] }] }).Statement, "EksEncryptsSecrets");
        assert.deepEqual(cluster.Action, ["kms:Encrypt", "kms:Decrypt"]);
        assert.deepEqual(cluster.Condition, { ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/p-cluster-role-*`] } });
    });

    it("has no public principal except for the Auto Scaling service-linked role, matched exactly, through EC2 of the region, in this account", () => {
        const policy = policyFor({ services: ["cloudwatch-logs", "ebs"] as KeyServiceUse[], users: [VELERO], region: "eu-west-1" });
        const publicStatements = policy.Statement.filter(isPublic);
        assert.deepEqual(publicStatements.map((s) => s.Sid), ["AutoScalingEncryptsNodeVolumes", "AutoScalingAttachesNodeVolumes"]);
        for (const s of publicStatements) {
            assert.deepEqual(s.Condition?.ArnEquals, { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling` });
            assert.deepEqual(s.Condition?.StringEquals, { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "ec2.eu-west-1.amazonaws.com" });
        }
        assert.equal(statement(policy.Statement, "AutoScalingAttachesNodeVolumes").Condition?.Bool?.["kms:GrantIsForAWSResource"], true);
        assert.equal(policyFor({ services: ["cloudwatch-logs"] }).Statement.filter(isPublic).length, 0);
    });

    it("lets the region's CloudWatch Logs use the key only for this account's log groups, by encryption context", () => {
        assert.deepEqual(statement(policyFor({ services: ["cloudwatch-logs"], region: "us-west-2" }).Statement, "CloudWatchLogsEncryptsThisAccountsLogGroups"), {
            Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: "logs.us-west-2.amazonaws.com" },
            Action: USE_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:*` } },
        });
    });

    it("lets only this account's CloudWatch alarms publish, only to its topics in the region (source account, encryption context), without other use of the key", () => {
        assert.deepEqual(statement(policyFor({ services: ["cloudwatch-alarms"], region: "us-west-2" }).Statement, "CloudWatchAlarmsPublishToThisAccountsTopics"), {
            Sid: "CloudWatchAlarmsPublishToThisAccountsTopics",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:us-west-2:${ACCOUNT}:*` } },
        });
        assert.equal(policyFor({ services: ["cloudwatch-logs"] }).Statement.filter((s) => s.Sid === "CloudWatchAlarmsPublishToThisAccountsTopics").length, 0);
    });

    it("never grants a user or a service kms:* or key administration", () => {
        const policy = policyFor({ services: ["cloudwatch-logs", "ebs", "cloudwatch-alarms"], users: [VELERO] });
        for (const s of policy.Statement.filter((x) => !["BreakGlassAdministersKey", "DeployRoleMaintainsKey"].includes(x.Sid!))) {
            const actions = [s.Action].flat();
            assert.ok(!actions.some((a) => a === "kms:*" || /^kms:(Put|Delete|Schedule|Disable|Update)/.test(a)), `${s.Sid}: ${actions}`);
        }
    });
    it("lets the deploy role schedule the deletion only of a key that pulumi destroy deletes", () => {
        const maintains = (policy: ReturnType<typeof policyFor>) => statement(policy.Statement, "DeployRoleMaintainsKey").Action as string[];
        assert.ok(!maintains(policyFor()).includes("kms:ScheduleKeyDeletion"));
        assert.ok(maintains(policyFor({ maintainersMayDelete: true })).includes("kms:ScheduleKeyDeletion"));
        assert.ok(!maintains(policyFor({ maintainersMayDelete: true })).includes("kms:DisableKey"));
    });
});
