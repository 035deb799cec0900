import { strict as assert } from "node:assert";
import { PolicyStatement } from "../shared/iam";
import { keyPolicy, KeyServiceUse } from "./key-policy";

const ACCOUNT = "123456789012";
const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const policyFor = (services: KeyServiceUse[], region = "us-east-1") => keyPolicy({ partition: "aws", accountId: ACCOUNT, region, services });

/** A principal anyone matches: `"*"` or an AWS principal of `"*"`. */
const isPublic = (s: PolicyStatement) => s.Principal === "*" || [s.Principal?.AWS].flat().includes("*");

describe("KMS key policy", () => {
    it("without services, only lets the account administer the key and delegate its use to IAM", () => {
        assert.deepEqual(policyFor([]), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AccountAdministersKeyAndDelegatesUseToIam",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "kms:*",
                Resource: "*",
            }],
        });
    });

    it("names the account root in the given partition", () => {
        const policy = keyPolicy({ partition: "aws-us-gov", accountId: ACCOUNT, region: "us-gov-west-1", services: [] });
        assert.deepEqual(policy.Statement[0].Principal, { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
    });

    it("has no statement with a public principal unless it is conditioned on this account's callers through EC2 of the region", () => {
        const policy = policyFor(["cloudwatch-logs", "ebs"], "eu-west-1");
        const publicStatements = policy.Statement.filter(isPublic);
        assert.equal(publicStatements.length, 2, "the ebs statements use a public principal with conditions");
        for (const statement of publicStatements) {
            assert.equal(statement.Effect, "Allow");
            assert.equal(statement.Condition?.StringEquals?.["kms:CallerAccount"], ACCOUNT, `${statement.Sid} is not limited to the account`);
            assert.equal(statement.Condition?.StringEquals?.["kms:ViaService"], "ec2.eu-west-1.amazonaws.com", `${statement.Sid} is not limited to EC2`);
        }
        assert.equal(policyFor(["cloudwatch-logs"]).Statement.filter(isPublic).length, 0);
    });

    it("lets EBS use the key and create grants only for AWS resources, for this account's callers through EC2", () => {
        const statements = policyFor(["ebs"]).Statement.slice(1);
        const throughEc2 = { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "ec2.us-east-1.amazonaws.com" };
        assert.deepEqual(statements, [
            { Sid: "EbsEncryptsVolumesForThisAccount", Effect: "Allow", Principal: { AWS: "*" }, Action: USE_ACTIONS, Resource: "*", Condition: { StringEquals: throughEc2 } },
            {
                Sid: "EbsAttachesEncryptedVolumesForThisAccount", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:CreateGrant", Resource: "*",
                Condition: { StringEquals: throughEc2, Bool: { "kms:GrantIsForAWSResource": true } },
            },
        ]);
    });

    it("lets the region's CloudWatch Logs use the key only for this account's log groups, by encryption context", () => {
        const statements = policyFor(["cloudwatch-logs"], "us-west-2").Statement;
        assert.equal(statements.length, 2);
        assert.deepEqual(statements[1], {
            Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: "logs.us-west-2.amazonaws.com" },
            Action: USE_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:*` } },
        });
    });

    it("never grants a service kms:* or key administration", () => {
        for (const statement of policyFor(["cloudwatch-logs", "ebs"]).Statement.slice(1)) {
            const actions = [statement.Action].flat();
            assert.ok(!actions.some((a) => a === "kms:*" || /^kms:(Put|Delete|Schedule|Disable|Update)/.test(a)), `${statement.Sid}: ${actions}`);
        }
    });
});
