import { strict as assert } from "node:assert";
import { awsIamRestrictServiceTrust as policy } from "../aws/aws-iam-restrict-service-trust";
import { awsProvider, violations } from "./fixtures";
import { ACCOUNT, irsaTrustPolicy, json, role, serviceTrustPolicy } from "./fixtures-services";

/** A service role trusted by `service`, its statement changed by `change`. */
function serviceRole(service = "vpc-flow-logs.amazonaws.com", change: (statement: Record<string, any>) => void = () => {}) {
    const document = serviceTrustPolicy();
    document.Statement[0].Principal = { Service: service };
    change(document.Statement[0]);
    const provider = awsProvider();
    const r = role("service-role", json(document), provider);
    return { role: r, all: [provider, r] };
}

describe("aws-iam-restrict-service-trust", () => {
    it("passes a flow-log role bound to its account by aws:SourceAccount", () => {
        assert.deepEqual(violations(policy, serviceRole().all), []);
    });

    for (const service of ["eks.amazonaws.com", "monitoring.rds.amazonaws.com", "s3.amazonaws.com", "vpc-flow-logs.amazonaws.com"]) {
        it(`fails a ${service} trust without aws:SourceAccount or aws:SourceArn, naming the service`, () => {
            const { role: r, all } = serviceRole(service, (s) => delete s.Condition);
            const found = violations(policy, all);
            assert.deepEqual(found.map((v) => v.urn), [r.urn]);
            assert.match(found[0].message, new RegExp(`service-role \\(aws:iam/role:Role\\) trust statement 1 lets ${service.replace(/\./g, "\\.")} assume the role without a binding aws:SourceAccount or aws:SourceArn condition, so it may do so for another account's resources \\(confused deputy\\)\\.$`));
        });
    }

    it("passes aws:SourceArn with ArnLike", () => {
        assert.deepEqual(violations(policy, serviceRole("monitoring.rds.amazonaws.com", (s) => {
            s.Condition = { ArnLike: { "aws:SourceArn": `arn:aws:rds:us-east-1:${ACCOUNT}:db:*` } };
        }).all), []);
    });

    it("reads condition keys case-insensitively, as IAM does", () => {
        assert.deepEqual(violations(policy, serviceRole("s3.amazonaws.com", (s) => (s.Condition = { StringEquals: { "AWS:sourceaccount": ACCOUNT } })).all), []);
    });

    it("fails a wildcard or IfExists condition, which binds nothing", () => {
        const wildcard = violations(policy, serviceRole("s3.amazonaws.com", (s) => (s.Condition = { StringLike: { "aws:SourceAccount": "*" } })).all);
        assert.match(wildcard[0].message, /without a binding .* \(only StringLike aws:SourceAccount \["\*"\]\)/);
        const ifExists = violations(policy, serviceRole("s3.amazonaws.com", (s) => (s.Condition = { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } })).all);
        assert.equal(ifExists.length, 1);
    });

    it("ignores ec2.amazonaws.com, which sets no source keys for instance profiles", () => {
        assert.deepEqual(violations(policy, serviceRole("ec2.amazonaws.com", (s) => delete s.Condition).all), []);
    });

    it("judges the services the config lists", () => {
        const { all } = serviceRole("ec2.amazonaws.com", (s) => delete s.Condition);
        assert.equal(violations(policy, all, { servicePrincipals: ["ec2.amazonaws.com"] }).length, 1);
    });

    it("checks each statement of a role trusting a listed service among others", () => {
        const { all } = serviceRole("eks.amazonaws.com", (s) => {
            delete s.Condition;
            s.Principal = { Service: ["ec2.amazonaws.com", "eks.amazonaws.com"] };
        });
        assert.match(violations(policy, all)[0].message, /lets eks\.amazonaws\.com assume the role/);
    });

    it("ignores Deny statements, web-identity trusts and other actions", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("irsa", json(irsaTrustPolicy()), provider)]), []);
        assert.deepEqual(violations(policy, serviceRole("eks.amazonaws.com", (s) => { delete s.Condition; s.Effect = "Deny"; }).all), []);
        assert.deepEqual(violations(policy, serviceRole("eks.amazonaws.com", (s) => { delete s.Condition; s.Action = "sts:TagSession"; }).all), []);
    });
});
