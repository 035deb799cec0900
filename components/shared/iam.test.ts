import { strict as assert } from "node:assert";
import { managedPolicyArn, policyDocument, serviceTrustPolicy, serviceTrustPolicyJson, sourcelessServiceTrustPolicy } from "./iam";
import { valueOf } from "../../test/outputs";

describe("IAM documents", () => {
    it("wraps statements in a 2012-10-17 policy document, in order", () => {
        const allow = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" };
        const deny = { Effect: "Deny" as const, Action: "s3:DeleteObject", Resource: "*" };
        assert.deepEqual(policyDocument(allow, deny), { Version: "2012-10-17", Statement: [allow, deny] });
    });

    it("lets the named AWS service assume a role only for a resource of the given account, with any extra actions after sts:AssumeRole", () => {
        assert.deepEqual(serviceTrustPolicy("eks.amazonaws.com", "123456789012", ["sts:TagSession"]), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            }],
        });
        assert.deepEqual(serviceTrustPolicy("s3.amazonaws.com", "210987654321").Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "210987654321" } });
    });

    it("renders the service trust as JSON once the account ID is known", async () => {
        assert.deepEqual(JSON.parse(await valueOf(serviceTrustPolicyJson("monitoring.rds.amazonaws.com", Promise.resolve("123456789012")))),
            serviceTrustPolicy("monitoring.rds.amazonaws.com", "123456789012"));
    });

    it("lets EC2 assume an instance role without source conditions, which EC2 does not send", () => {
        assert.deepEqual(sourcelessServiceTrustPolicy("ec2.amazonaws.com").Statement, [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }]);
    });

    it("names AWS managed policies in the partition, paths included", () => {
        assert.equal(managedPolicyArn("aws", "AmazonEKSClusterPolicy"), "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
        assert.equal(managedPolicyArn("aws-cn", "service-role/AmazonEBSCSIDriverPolicy"), "arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    });
});
