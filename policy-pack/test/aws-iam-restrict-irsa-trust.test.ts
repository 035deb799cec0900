import { strict as assert } from "node:assert";
import { awsIamRestrictIrsaTrust as policy } from "../aws/aws-iam-restrict-irsa-trust";
import { awsProvider, violations } from "./fixtures";
import { irsaTrustPolicy, json, OIDC_ISSUER, role, serviceTrustPolicy } from "./fixtures-services";

const SUB = `${OIDC_ISSUER}:sub`;
const AUD = `${OIDC_ISSUER}:aud`;

/** The IRSA role with its trust statement changed by `change`. */
function irsaRole(change: (statement: Record<string, any>) => void = () => {}) {
    const document = irsaTrustPolicy();
    change(document.Statement[0]);
    const provider = awsProvider();
    const r = role("autoscaler-irsa", json(document), provider);
    return { role: r, all: [provider, r] };
}

describe("aws-iam-restrict-irsa-trust", () => {
    it("passes an IRSA role scoped to one service account and the STS audience", () => {
        assert.deepEqual(violations(policy, irsaRole().all), []);
    });

    it("passes a service role trusted by a service principal", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("flow-logs", json(serviceTrustPolicy()), provider)]), []);
    });

    it("accepts the trust policy as an object and a list of exact service accounts", () => {
        const document = irsaTrustPolicy();
        document.Statement[0].Condition.StringEquals[SUB] = ["system:serviceaccount:kube-system:cluster-autoscaler", "system:serviceaccount:velero:velero"] as any;
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("irsa", document, provider)]), []);
    });

    it("fails a web-identity statement without a sub condition", () => {
        const { role: r, all } = irsaRole((s) => delete s.Condition.StringEquals[SUB]);
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, new RegExp(`trust statement 1 has no StringEquals condition on ${escape(SUB)}, so every service account of the cluster can assume the role\\.$`));
    });

    it("fails a sub matched with StringLike", () => {
        const found = violations(policy, irsaRole((s) => {
            s.Condition.StringLike = { [SUB]: "system:serviceaccount:kube-system:*" };
            delete s.Condition.StringEquals[SUB];
        }).all);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /matches .*:sub with StringLike; only StringEquals on exact service accounts is allowed\.$/);
    });

    it("fails a StringEquals sub holding a wildcard", () => {
        const found = violations(policy, irsaRole((s) => (s.Condition.StringEquals[SUB] = "system:serviceaccount:kube-system:*")).all);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /allows .*:sub values that are not exact service accounts: system:serviceaccount:kube-system:\*\.$/);
    });

    it("fails a sub that names no service account", () => {
        const found = violations(policy, irsaRole((s) => (s.Condition.StringEquals[SUB] = "system:serviceaccount:kube-system")).all);
        assert.match(found[0].message, /not exact service accounts: system:serviceaccount:kube-system\.$/);
    });

    it("fails a web-identity statement without an aud condition", () => {
        const found = violations(policy, irsaRole((s) => delete s.Condition.StringEquals[AUD]).all);
        assert.equal(found.length, 1);
        assert.match(found[0].message, new RegExp(`does not require StringEquals ${escape(AUD)} = sts\\.amazonaws\\.com\\.$`));
    });

    it("fails an aud other than sts.amazonaws.com", () => {
        assert.equal(violations(policy, irsaRole((s) => (s.Condition.StringEquals[AUD] = "kubernetes.default.svc")).all).length, 1);
    });

    it("fails a statement whose wildcard action covers AssumeRoleWithWebIdentity", () => {
        const found = violations(policy, irsaRole((s) => {
            s.Action = "sts:AssumeRole*";
            delete s.Condition.StringEquals[SUB];
        }).all);
        assert.match(found[0].message, /has no StringEquals condition on/);
    });

    it("fails a trust policy that lets anyone assume the role unconditionally", () => {
        const provider = awsProvider();
        const open = role("open", json({ Version: "2012-10-17", Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }), provider);
        const found = violations(policy, [provider, open]);
        assert.deepEqual(found.map((v) => v.urn), [open.urn]);
        assert.match(found[0].message, /open \(aws:iam\/role:Role\) trust statement 1 \(Anyone\) lets any principal assume the role without a condition\.$/);
    });

    it("fails a bare \"*\" principal as it does {AWS: \"*\"}", () => {
        const provider = awsProvider();
        const open = role("open", json({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } }), provider);
        assert.equal(violations(policy, [provider, open]).length, 1);
    });

    it("leaves a \"*\" principal that carries a condition to other checks", () => {
        const provider = awsProvider();
        const scoped = role("scoped", json({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } } }), provider);
        assert.deepEqual(violations(policy, [provider, scoped]), []);
    });

    it("skips a trust policy that is unknown until deployment", () => {
        const provider = awsProvider();
        assert.deepEqual(violations(policy, [provider, role("pending", undefined, provider)]), []);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
