import { strict as assert } from "node:assert";
import { awsIamDisallowWildcardActions as policy } from "../aws/aws-iam-disallow-wildcard-actions";
import { awsProvider, resource, violations } from "./fixtures";
import { ACCOUNT, autoscalerPermissions, irsaTrustPolicy, json, role, serviceTrustPolicy } from "./fixtures-services";

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

    describe("managed policy attachments", () => {
        const attachment = (type: string, name: string, inputs: Record<string, any>) => {
            const provider = awsProvider();
            return [provider, resource(type, name, { provider, inputs })];
        };

        it("fails a RolePolicyAttachment of AdministratorAccess, naming the ARN", () => {
            const all = attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ops-admin", { role: "ops-7c1e2a9", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
            const found = violations(policy, all);
            assert.deepEqual(found.map((v) => v.urn), [all[1].urn]);
            assert.match(found[0].message, /ops-admin \(aws:iam\/rolePolicyAttachment:RolePolicyAttachment\) attaches arn:aws:iam::aws:policy\/AdministratorAccess, an AWS managed policy with administrator-equivalent rights\.$/);
        });

        it("fails the denied policies through every attachment type, any path and partition", () => {
            const provider = awsProvider();
            const found = violations(policy, [provider,
                resource("aws:iam/userPolicyAttachment:UserPolicyAttachment", "user", { provider, inputs: { user: "ci", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }),
                resource("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "group", { provider, inputs: { group: "ops", policyArn: "arn:aws-us-gov:iam::aws:policy/IAMFullAccess" } }),
                resource("aws:iam/policyAttachment:PolicyAttachment", "shared", { provider, inputs: { roles: ["a"], policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" } }),
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "pathed", { provider, inputs: { role: "b", policyArn: "arn:aws:iam::aws:policy/job-function/AdministratorAccess" } }),
            ]);
            assert.deepEqual(found.map((v) => v.urn?.split("::").pop()), ["user", "group", "shared", "pathed"]);
        });

        it("fails a role listing a denied policy in managedPolicyArns", () => {
            const provider = awsProvider();
            const r = role("deployer", json(irsaTrustPolicy()), provider);
            r.inputs.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::aws:policy/AdministratorAccess"];
            const found = violations(policy, [provider, r]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /deployer \(aws:iam\/role:Role\) lists in managedPolicyArns arn:aws:iam::aws:policy\/AdministratorAccess/);
        });

        it("passes the narrow AWS managed policies the platform attaches, and customer managed policies of the same name", () => {
            const provider = awsProvider();
            assert.deepEqual(violations(policy, [provider,
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster", { provider, inputs: { role: "c", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" } }),
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "monitoring", { provider, inputs: { role: "m", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" } }),
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "own", { provider, inputs: { role: "o", policyArn: `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess` } }),
            ]), []);
        });

        it("takes the denied list from the config", () => {
            const all = attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster", { role: "c", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" });
            assert.equal(violations(policy, all, { deniedManagedPolicies: ["AmazonEKSClusterPolicy"] }).length, 1);
        });

        it("exempts an attachment by its own name or its role's name, and nothing else", () => {
            const all = attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "break-glass", { role: "break-glass-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
            assert.deepEqual(violations(policy, all, { exemptions: [{ name: "break-glass", reason: "administrators behind MFA" }] }), []);
            assert.deepEqual(violations(policy, all, { exemptions: [{ name: "break-glass-role", reason: "administrators behind MFA" }] }), []);
            assert.equal(violations(policy, all, { exemptions: [{ name: "deploy", reason: "another identity" }] }).length, 1);
        });
    });

    describe("privilege escalation", () => {
        const cases: [string, Record<string, any>][] = [
            ["iam:PutRolePolicy", { Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/app-*` }],
            ["iam:AttachUserPolicy", { Action: "iam:AttachUserPolicy", Resource: `arn:aws:iam::${ACCOUNT}:user/ci` }],
            ["iam:CreatePolicyVersion", { Action: "iam:CreatePolicyVersion", Resource: `arn:aws:iam::${ACCOUNT}:policy/app` }],
            ["iam:UpdateAssumeRolePolicy", { Action: "iam:UpdateAssumeRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/app` }],
            ["s3:PutBucketPolicy", { Action: "s3:PutBucketPolicy", Resource: "arn:aws:s3:::app-data" }],
            ["iam:CreateAccessKey", { Action: "iam:CreateAccessKey", Resource: `arn:aws:iam::${ACCOUNT}:user/*` }],
        ];
        for (const [action, statement] of cases) {
            it(`fails an Allow of ${action}, even on specific resources`, () => {
                const { policyResource, all } = rolePolicy((s) => Object.assign(s, statement));
                const found = violations(policy, all);
                assert.deepEqual(found.map((v) => v.urn), [policyResource.urn]);
                assert.match(found[0].message, new RegExp(`statement 1 \\(Describe\\) allows privilege escalation: ${action}\\.$`));
            });
        }

        it("fails an action pattern that covers escalation actions, listing each", () => {
            const found = violations(policy, rolePolicy((s) => Object.assign(s, { Action: "iam:Put*Policy", Resource: `arn:aws:iam::${ACCOUNT}:role/x` })).all);
            assert.match(found[0].message, /allows privilege escalation: iam:PutUserPolicy, iam:PutGroupPolicy, iam:PutRolePolicy\.$/);
        });

        it("fails iam:PassRole on all resources and passes it scoped to role ARNs", () => {
            const found = violations(policy, rolePolicy((s) => Object.assign(s, { Action: "iam:PassRole", Resource: "*" })).all);
            assert.match(found[0].message, /allows privilege escalation: iam:PassRole on all resources\.$/);
            assert.deepEqual(violations(policy, rolePolicy((s) => Object.assign(s, { Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/app-node-*` })).all), []);
        });

        it("reports iam:* on all resources once, as a wildcard, and iam:* on one role as escalation", () => {
            const messages = violations(policy, rolePolicy((s) => Object.assign(s, { Action: "iam:*", Resource: "*" })).all).map((v) => v.message);
            assert.equal(messages.length, 1);
            assert.match(messages[0], /allows iam:\* on all resources\.$/);
            const scoped = violations(policy, rolePolicy((s) => Object.assign(s, { Action: "iam:*", Resource: `arn:aws:iam::${ACCOUNT}:role/app` })).all);
            assert.match(scoped[0].message, /allows privilege escalation: iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, .*iam:DeleteUserPermissionsBoundary\.$/);
        });

        it("ignores Deny statements naming escalation actions (a permissions boundary's)", () => {
            assert.deepEqual(violations(policy, rolePolicy((s) => Object.assign(s, { Effect: "Deny", Action: ["iam:Put*", "iam:Attach*", "iam:PassRole"], Resource: "*" })).all), []);
        });

        it("exempts a policy by its resource name", () => {
            const { all } = rolePolicy((s) => Object.assign(s, { Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/app-*` }));
            assert.deepEqual(violations(policy, all, { exemptions: [{ name: "autoscaler", reason: "grants rights by design" }] }), []);
        });

        it("never exempts a wildcard on all resources", () => {
            const { all } = rolePolicy((s) => Object.assign(s, { Action: "iam:*", Resource: "*" }));
            assert.match(violations(policy, all, { exemptions: [{ name: "autoscaler", reason: "grants rights by design" }] })[0].message, /allows iam:\* on all resources\.$/);
        });
    });

    it("passes a service role's trust policy and permissions with no escalation", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("flow-logs", json(serviceTrustPolicy()), provider)]), []);
    });
});
