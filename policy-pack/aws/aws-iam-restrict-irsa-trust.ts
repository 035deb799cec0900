import { actionMatches, conditionsOn, grantsEveryone, parsePolicyDocument, PolicyStatement, statementLabel } from "../lib/iam";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const ROLE = "aws:iam/role:Role";
const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
/** The issuer of an EKS cluster's OIDC provider, as its ARN ends: `oidc-provider/<issuer>`. */
const EKS_OIDC_PROVIDER = /:oidc-provider\/(oidc\.eks\.[^/]+\/id\/[^/]+)$/;
/** Kubernetes namespace and service account names: DNS labels and subdomains, so no wildcard can hide in them. */
const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;
const STS_AUDIENCE = "sts.amazonaws.com";

/**
 * An IRSA role is assumable by any pod whose projected token the cluster's OIDC issuer signs.
 * Without an exact `sub` every service account of the cluster can take the role, and without
 * `aud` a token minted for another audience can be replayed to STS.
 */
export const awsIamRestrictIrsaTrust: PackResourcePolicy = {
    name: "aws-iam-restrict-irsa-trust",
    description: "IAM role trust policies must scope EKS web-identity federation to exact service accounts and the STS audience, and must not let anyone assume the role unconditionally.",
    rationale: "Without exact sub and aud conditions any service account of the cluster, or a token minted for another audience, can assume the role.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "iam", "source:CIS EKS 5.2.1", "source:CKV_AWS_60", "source:CKV_AWS_61"],
    remediationSteps: "In the role's assumeRolePolicy, give every sts:AssumeRoleWithWebIdentity statement a StringEquals condition with \"<issuer>:sub\": \"system:serviceaccount:<namespace>:<service-account>\" and \"<issuer>:aud\": \"sts.amazonaws.com\", and replace any \"*\" principal with the exact principals that need the role.",
    validateResource: (args, reportViolation) => {
        if (args.type !== ROLE) return;
        const statements = parsePolicyDocument(args.props.assumeRolePolicy);
        if (!statements) return;
        statements.forEach((statement, index) => {
            const where = `${describe(args)} trust ${statementLabel(statement, index)}`;
            if (grantsEveryone(statement) && Object.keys(statement.condition).length === 0) {
                reportViolation(`${where} lets any principal assume the role without a condition.`);
            }
            for (const problem of webIdentityProblems(statement)) reportViolation(`${where} ${problem}.`);
        });
    },
};

/** What is wrong with a statement's scoping of each EKS OIDC issuer it trusts. */
function webIdentityProblems(statement: PolicyStatement): string[] {
    if (statement.effect !== "Allow" || !statement.action.some((a) => actionMatches(a, WEB_IDENTITY))) return [];
    const issuers = (statement.principal.Federated ?? []).map((p) => EKS_OIDC_PROVIDER.exec(p)?.[1]).filter((i): i is string => i !== undefined);
    const problems: string[] = [];
    for (const issuer of issuers) {
        const subjects = conditionsOn(statement, `${issuer}:sub`);
        const loose = subjects.filter((c) => c.operator !== "StringEquals").map((c) => c.operator);
        const exact = subjects.filter((c) => c.operator === "StringEquals").flatMap((c) => c.values);
        if (loose.length > 0) problems.push(`matches ${issuer}:sub with ${loose.join(", ")}; only StringEquals on exact service accounts is allowed`);
        if (exact.length === 0) {
            if (loose.length === 0) problems.push(`has no StringEquals condition on ${issuer}:sub, so every service account of the cluster can assume the role`);
        } else {
            const bad = exact.filter((s) => !SERVICE_ACCOUNT_SUBJECT.test(s));
            if (bad.length > 0) problems.push(`allows ${issuer}:sub values that are not exact service accounts: ${bad.join(", ")}`);
        }
        const audiences = conditionsOn(statement, `${issuer}:aud`);
        const audienceOk = audiences.length > 0 && audiences.every((c) => c.operator === "StringEquals" && c.values.length === 1 && c.values[0] === STS_AUDIENCE);
        if (!audienceOk) problems.push(`does not require StringEquals ${issuer}:aud = ${STS_AUDIENCE}`);
    }
    return problems;
}
