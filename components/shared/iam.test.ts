import { strict as assert } from "node:assert";
import { managedPolicyArn, policyDocument, serviceTrustPolicy } from "./iam";

describe("IAM documents", () => {
    it("wraps statements in a 2012-10-17 policy document, in order", () => {
        const allow = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" };
        const deny = { Effect: "Deny" as const, Action: "s3:DeleteObject", Resource: "*" };
        assert.deepEqual(policyDocument(allow, deny), { Version: "2012-10-17", Statement: [allow, deny] });
    });

    it("lets only the named AWS service assume a role, with any extra actions after sts:AssumeRole", () => {
        assert.deepEqual(serviceTrustPolicy("eks.amazonaws.com", ["sts:TagSession"]), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
        });
        assert.deepEqual(serviceTrustPolicy("ec2.amazonaws.com").Statement[0].Action, ["sts:AssumeRole"]);
    });

    it("names AWS managed policies in the partition, paths included", () => {
        assert.equal(managedPolicyArn("aws", "AmazonEKSClusterPolicy"), "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
        assert.equal(managedPolicyArn("aws-cn", "service-role/AmazonEBSCSIDriverPolicy"), "arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    });
});
