import { grantsEveryone, KMS_KEY_POLICY, KMS_KEY_TYPES, parsePolicyDocument, PolicyStatement, statementLabel } from "../lib/iam";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    accountConditionKeys: string[];
}

/**
 * A key policy statement for "*" lets any AWS account use the key unless a condition pins
 * the caller or the calling service to our account or organization.
 */
export const awsKmsDisallowPublicPrincipal: PackResourcePolicy = {
    name: "aws-kms-disallow-public-principal",
    description: "KMS key policies must not allow every principal unless a condition restricts the caller to known accounts.",
    rationale: "A statement for \"*\" without a condition pinning the caller to the account lets any AWS account use the key.",
    severity: "critical",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "source:SH KMS.5"],
    remediationSteps: "In the key's policy (aws.kms.Key policy or aws.kms.KeyPolicy), name the account root, roles or service principals instead of \"*\", or add a condition on aws:SourceAccount, aws:SourceArn, kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID.",
    configSchema: {
        properties: {
            accountConditionKeys: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["aws:SourceAccount", "aws:SourceArn", "kms:CallerAccount", "aws:PrincipalAccount", "aws:PrincipalOrgID"],
                description: "Condition keys that, when a statement requires them, restrict a \"*\" principal to known accounts (compared case-insensitively).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!KMS_KEY_TYPES.has(args.type) && args.type !== KMS_KEY_POLICY) return;
        const { accountConditionKeys } = args.getConfig<Config>();
        const keys = new Set(accountConditionKeys.map((k) => k.toLowerCase()));
        (parsePolicyDocument(args.props.policy) ?? []).forEach((statement, index) => {
            if (grantsEveryone(statement) && !restrictsAccount(statement, keys)) {
                reportViolation(`${describe(args)} policy ${statementLabel(statement, index)} allows every principal without a condition on ${accountConditionKeys.join(", ")}.`);
            }
        });
    },
};

/**
 * True when a condition requires one of `keys`. Negated operators, `...IfExists` (true when the
 * key is absent) and `Null` do not restrict who calls, so they do not count.
 */
function restrictsAccount(statement: PolicyStatement, keys: Set<string>): boolean {
    return Object.entries(statement.condition).some(([operator, entries]) =>
        !/Not|IfExists$|^Null$/.test(operator) && Object.keys(entries).some((k) => keys.has(k.toLowerCase())));
}
