import { strict as assert } from "node:assert";
import { certManagerPolicy } from "./iam";

const policy = certManagerPolicy({ partition: "aws", hostedZoneId: "Z0123456789ABCDEFGHIJ" });

describe("cert-manager IAM policy", () => {
    it("upserts and deletes only _acme-challenge TXT records, in the platform's hosted zone only", () => {
        assert.deepEqual(policy.Statement[0], {
            Sid: "ChangeOnlyAcmeChallengeRecords",
            Effect: "Allow",
            Action: "route53:ChangeResourceRecordSets",
            Resource: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
            Condition: {
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
                "ForAllValues:StringEquals": {
                    "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                },
            },
        });
    });

    it("waits for its changes, which have no narrower resource than change/*", () => {
        assert.deepEqual(policy.Statement.slice(1), [{ Sid: "WaitForTheChange", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" }]);
    });

    it("grants nothing else: no listing of zones or records, no wildcard action, nothing on every resource", () => {
        assert.equal(policy.Statement.length, 2);
        for (const statement of policy.Statement) {
            assert.equal(statement.Effect, "Allow");
            assert.ok([statement.Action].flat().every((a) => a.startsWith("route53:") && !a.includes("*")), `${statement.Sid} has a wildcard or foreign action`);
            assert.notEqual(statement.Resource, "*");
        }
        const actions = policy.Statement.flatMap((s) => [s.Action].flat());
        for (const listing of ["route53:ListHostedZonesByName", "route53:ListHostedZones", "route53:ListResourceRecordSets"]) assert.ok(!actions.includes(listing), listing);
    });

    it("names the zone and the changes in the stack's partition", () => {
        const china = certManagerPolicy({ partition: "aws-cn", hostedZoneId: "Z9" });
        assert.deepEqual(china.Statement.map((s) => s.Resource), ["arn:aws-cn:route53:::hostedzone/Z9", "arn:aws-cn:route53:::change/*"]);
    });
});
