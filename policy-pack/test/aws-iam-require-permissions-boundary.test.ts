import { strict as assert } from "node:assert";
import { awsIamRequirePermissionsBoundary as policy } from "../aws/aws-iam-require-permissions-boundary";
import { awsProvider, violations } from "./fixtures";
import { ACCOUNT, BOUNDARY_ARN, irsaTrustPolicy, json, role, serviceTrustPolicy } from "./fixtures-services";

/** The flow-log role with its inputs changed by `change`. */
function flowLogRole(change: (inputs: Record<string, any>) => void = () => {}) {
    const provider = awsProvider();
    const r = role("flow-logs", json(serviceTrustPolicy()), provider);
    change(r.inputs);
    return { role: r, all: [provider, r] };
}

describe("aws-iam-require-permissions-boundary", () => {
    it("passes a service role and an IRSA role bounded by the environment's boundary", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("flow-logs", json(serviceTrustPolicy()), provider), role("velero-irsa", json(irsaTrustPolicy()), provider)]), []);
    });

    it("fails a role without a permissions boundary, naming it", () => {
        const { role: r, all } = flowLogRole((i) => delete i.permissionsBoundary);
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, /flow-logs \(aws:iam\/role:Role\) has no permissionsBoundary, so its policies alone limit what it may do\.$/);
    });

    it("fails an empty permissions boundary", () => {
        assert.match(violations(policy, flowLogRole((i) => (i.permissionsBoundary = "")).all)[0].message, /has no permissionsBoundary/);
    });

    it("fails an AWS managed policy as the boundary: it is no boundary the organisation reviews", () => {
        const found = violations(policy, flowLogRole((i) => (i.permissionsBoundary = "arn:aws:iam::aws:policy/AdministratorAccess")).all);
        assert.match(found[0].message, /has the permissionsBoundary arn:aws:iam::aws:policy\/AdministratorAccess, which is not a customer managed policy ARN/);
    });

    it("fails a role ARN given as the boundary", () => {
        assert.equal(violations(policy, flowLogRole((i) => (i.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:role/platform-admin`)).all).length, 1);
    });

    it("requires one of the configured boundaries when a list is set", () => {
        const other = `arn:aws:iam::${ACCOUNT}:policy/signal-trading-dev-boundary`;
        assert.deepEqual(violations(policy, flowLogRole().all, { allowedBoundaryArns: [BOUNDARY_ARN] }), []);
        const found = violations(policy, flowLogRole().all, { allowedBoundaryArns: [other] });
        assert.match(found[0].message, new RegExp(`has the permissionsBoundary ${BOUNDARY_ARN}, which is not one of the allowed boundaries: ${other}\\.$`));
    });

    it("passes a role listed in exemptions by its resource name, and only that role", () => {
        const { all } = flowLogRole((i) => delete i.permissionsBoundary);
        assert.deepEqual(violations(policy, all, { exemptions: [{ name: "flow-logs", reason: "created by an administrator" }] }), []);
        assert.equal(violations(policy, all, { exemptions: [{ name: "velero-irsa", reason: "another role" }] }).length, 1);
    });

    it("ignores everything that is not a role", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider]), []);
    });
});
