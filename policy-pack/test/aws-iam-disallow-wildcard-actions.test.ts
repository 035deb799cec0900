import { strict as assert } from "node:assert";
import { awsIamDisallowWildcardActions as policy } from "../aws/aws-iam-disallow-wildcard-actions";
import { awsProvider, resource, violations } from "./fixtures";
import { autoscalerPermissions, irsaTrustPolicy, json } from "./fixtures-services";

/** A RolePolicy holding the autoscaler's permissions with its first statement changed by `change`. */
function rolePolicy(change: (statement: Record<string, any>) => void = () => {}) {
    const document = autoscalerPermissions();
    change(document.Statement[0]);
    const provider = awsProvider();
    const policyResource = resource("aws:iam/rolePolicy:RolePolicy", "autoscaler", { provider, inputs: { role: "autoscaler-irsa-1a2b3c4", policy: json(document) } });
    return { policyResource, all: [provider, policyResource] };
}

describe("aws-iam-disallow-wildcard-actions", () => {
    it("passes a role policy listing exact actions", () => {
        assert.deepEqual(violations(policy, rolePolicy().all), []);
    });

    it("fails an Allow of \"*\" on \"*\"", () => {
        const { policyResource, all } = rolePolicy((s) => (s.Action = "*"));
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [policyResource.urn]);
        assert.match(found[0].message, /autoscaler \(aws:iam\/rolePolicy:RolePolicy\) policy statement 1 \(Describe\) allows \* on all resources\.$/);
    });

    it("fails a service-wide action in any case", () => {
        const found = violations(policy, rolePolicy((s) => s.Action.push("EC2:*")).all);
        assert.match(found[0].message, /allows EC2:\* on all resources\.$/);
    });

    it("fails an Allow with NotAction on all resources", () => {
        const found = violations(policy, rolePolicy((s) => {
            delete s.Action;
            s.NotAction = ["iam:*"];
        }).all);
        assert.match(found[0].message, /allows every action except iam:\* on all resources\.$/);
    });

    it("treats NotResource as all resources", () => {
        const found = violations(policy, rolePolicy((s) => {
            s.Action = "s3:*";
            delete s.Resource;
            s.NotResource = "arn:aws:s3:::audit-logs/*";
        }).all);
        assert.match(found[0].message, /allows s3:\* on all resources\.$/);
    });

    it("allows a service-wide action scoped to specific resources", () => {
        assert.deepEqual(violations(policy, rolePolicy((s) => {
            s.Action = "ecr:*";
            s.Resource = ["arn:aws:ecr:us-east-1:123456789012:repository/signal-trading/*"];
        }).all), []);
    });

    it("ignores a Deny of \"*\"", () => {
        assert.deepEqual(violations(policy, rolePolicy((s) => {
            s.Effect = "Deny";
            s.Action = "*";
        }).all), []);
    });

    it("does not count prefix wildcards such as ec2:Describe* as service-wide", () => {
        assert.deepEqual(violations(policy, rolePolicy((s) => (s.Action = "ec2:Describe*")).all), []);
    });

    it("exempts the wildcard actions the config allows", () => {
        const { all } = rolePolicy((s) => (s.Action = "cloudwatch:*"));
        assert.equal(violations(policy, all).length, 1);
        assert.deepEqual(violations(policy, all, { allowedActions: ["CloudWatch:*"] }), []);
    });

    it("fails a role's inline policy, naming it", () => {
        const provider = awsProvider();
        const role = resource("aws:iam/role:Role", "admin", {
            provider, inputs: { assumeRolePolicy: json(irsaTrustPolicy()), inlinePolicies: [{ name: "everything", policy: json({ Statement: [{ Effect: "Allow", Action: "*:*", Resource: "*" }] }) }] },
        });
        const found = violations(policy, [provider, role]);
        assert.deepEqual(found.map((v) => v.urn), [role.urn]);
        assert.match(found[0].message, /admin \(aws:iam\/role:Role\) inline policy "everything" statement 1 allows \*:\* on all resources\.$/);
    });

    it("checks managed policies, user policies and group policies given as objects", () => {
        const provider = awsProvider();
        const document = { Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] };
        const found = violations(policy, [provider,
            resource("aws:iam/policy:Policy", "managed", { provider, inputs: { policy: document } }),
            resource("aws:iam/userPolicy:UserPolicy", "user", { provider, inputs: { user: "ci", policy: document } }),
            resource("aws:iam/groupPolicy:GroupPolicy", "group", { provider, inputs: { group: "ops", policy: document } }),
        ]);
        assert.deepEqual(found.map((v) => v.urn?.split("::").pop()), ["managed", "user", "group"]);
    });
});
