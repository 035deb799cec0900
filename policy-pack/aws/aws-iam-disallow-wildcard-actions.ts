import { parsePolicyDocument, PolicyStatement, statementLabel } from "../lib/iam";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const ROLE = "aws:iam/role:Role";
/** Types whose `policy` input is one identity-based permissions policy. */
const POLICY_TYPES = new Set(["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"]);
/** `*`, `*:*` or a whole service (`s3:*`). */
const WILDCARD_ACTION = /^([^:]+:)?\*$/;

interface Config {
    allowedActions: string[];
}

/**
 * Full or service-wide actions on every resource are administrator rights in disguise: they
 * grant today's and every future API of the service, including IAM and KMS key policy edits.
 */
export const awsIamDisallowWildcardActions: PackResourcePolicy = {
    name: "aws-iam-disallow-wildcard-actions",
    description: "IAM permissions policies must not allow \"*\" or service-wide \"<service>:*\" actions, or NotAction, on all resources.",
    rationale: "Full or service-wide actions on every resource are administrator rights in disguise, covering every future API of the service too.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "iam", "source:SH IAM.1", "source:SH IAM.21"],
    remediationSteps: "In the role's inlinePolicies or the policy's `policy` document, list the exact actions the workload calls instead of \"*\" or \"<service>:*\", or scope Resource to specific ARNs; do not combine Allow with NotAction.",
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "Wildcard actions (for example \"ecr:*\") accepted on all resources, compared case-insensitively; NotAction is never exempt.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const documents = args.type === ROLE
            ? ((args.props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[]).map((p, i) => ({ label: p.name ? `inline policy "${p.name}"` : `inline policy ${i + 1}`, document: p.policy }))
            : POLICY_TYPES.has(args.type) ? [{ label: "policy", document: args.props.policy }] : [];
        const allowed = new Set(args.getConfig<Config>().allowedActions.map((a) => a.toLowerCase()));
        for (const { label, document } of documents) {
            (parsePolicyDocument(document) ?? []).forEach((statement, index) => {
                const problem = broadGrant(statement, allowed);
                if (problem) reportViolation(`${describe(args)} ${label} ${statementLabel(statement, index)} ${problem}.`);
            });
        }
    },
};

function broadGrant(statement: PolicyStatement, allowed: Set<string>): string | undefined {
    // NotResource grants everything but a list, which is as broad as "*".
    if (statement.effect !== "Allow" || !(statement.resource.includes("*") || statement.notResource.length > 0)) return undefined;
    if (statement.notAction.length > 0) return `allows every action except ${statement.notAction.join(", ")} on all resources`;
    const wildcards = statement.action.filter((a) => WILDCARD_ACTION.test(a) && !allowed.has(a.toLowerCase()));
    return wildcards.length > 0 ? `allows ${wildcards.join(", ")} on all resources` : undefined;
}
