import { strict as assert } from "node:assert";
import { externalDnsPolicy } from "./iam";

const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const policy = externalDnsPolicy({ partition: "aws", hostedZoneId: "Z0123456789ABCDEFGHIJ", zoneName: "signal-trading.example.com" });

describe("external-dns IAM policy", () => {
    it("changes only A, AAAA, CNAME and TXT records below the apex of the platform's hosted zone", () => {
        assert.deepEqual(policy.Statement[0], {
            Sid: "ChangeRecordsBelowTheZoneApex",
            Effect: "Allow",
            Action: "route53:ChangeResourceRecordSets",
            Resource: ZONE,
            Condition: {
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.signal-trading.example.com"] },
                "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA", "CNAME", "TXT"] },
            },
        });
    });

    it("reads the records and tags of that zone only, and lists hosted zones, which has no narrower resource", () => {
        assert.deepEqual(policy.Statement.slice(1), [
            { Sid: "ReadTheZone", Effect: "Allow", Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"], Resource: ZONE },
            { Sid: "FindTheZone", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
        ]);
    });

    it("grants nothing else: every statement allows, no wildcard action, only the listing on every resource", () => {
        for (const statement of policy.Statement) {
            assert.equal(statement.Effect, "Allow");
            assert.ok([statement.Action].flat().every((a) => a.startsWith("route53:") && !a.includes("*")), `${statement.Sid} has a wildcard or foreign action`);
            if (statement.Resource === "*") assert.deepEqual([statement.Action].flat(), ["route53:ListHostedZones"]);
        }
    });

    it("names the zone in the stack's partition", () => {
        const china = externalDnsPolicy({ partition: "aws-cn", hostedZoneId: "Z9", zoneName: "example.cn" });
        assert.equal(china.Statement[0].Resource, "arn:aws-cn:route53:::hostedzone/Z9");
        assert.equal(china.Statement[1].Resource, "arn:aws-cn:route53:::hostedzone/Z9");
    });
});
