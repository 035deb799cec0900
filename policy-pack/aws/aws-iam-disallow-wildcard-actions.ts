import { actionMatches, parsePolicyDocument, PolicyStatement, statementLabel } from "../lib/iam";
import { PackResourcePolicy, reasonedList } from "../lib/policy";
import { describe } from "../lib/resources";

const ROLE = "aws:iam/role:Role";
/** Types whose `policy` input is one identity-based permissions policy. */
const POLICY_TYPES = new Set(["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"]);
/** Types that attach one managed policy (`policyArn`) to a role, user or group; `role` names the role where there is one. */
const ATTACHMENT_TYPES = new Set([
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
]);
/** `*`, `*:*` or a whole service (`s3:*`). */
const WILDCARD_ACTION = /^([^:]+:)?\*$/;
/** An AWS managed policy (account `aws`), in any partition and path: the name is the last segment. */
const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

interface Exemption {
    name: string;
    reason: string;
}

interface Config {
    allowedActions: string[];
    deniedManagedPolicies: string[];
    escalationActions: string[];
    escalationActionsOnAllResources: string[];
    exemptions: Exemption[];
}

/**
 * Full or service-wide actions on every resource are administrator rights in disguise: they
 * grant today's and every future API of the service, including IAM and KMS key policy edits. An
 * AWS managed policy such as AdministratorAccess is the same grant by reference, and the
 * privilege-escalation actions (Rhino Security Labs' list of IAM escalation paths) turn a
 * narrow identity into an administrator in one call: writing or attaching a policy, editing a
 * trust policy, minting another identity's credentials, passing any role to a service.
 */
export const awsIamDisallowWildcardActions: PackResourcePolicy = {
    name: "aws-iam-disallow-wildcard-actions",
    description: "IAM permissions policies must not allow \"*\" or service-wide \"<service>:*\" actions, or NotAction, on all resources, nor privilege-escalation actions (policy writes and attachments, policy versions, trust policy edits, credentials of other identities, bucket policies; iam:PassRole and code updates on all resources); roles, users and groups must not be given the AWS managed policies that grant administrator-equivalent rights.",
    rationale: "Wildcards, admin-equivalent managed policies and privilege-escalation actions each let one identity grant itself or another anything, today and for every future API.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "iam", "source:SH IAM.1", "source:SH IAM.21", "source:Rhino Security Labs AWS IAM privilege escalation methods", "source:CIS AWS 1.16"],
    remediationSteps: "In the role's inlinePolicies or the policy's `policy` document, list the exact actions the workload calls instead of \"*\" or \"<service>:*\", or scope Resource to specific ARNs; do not combine Allow with NotAction. Replace an admin-equivalent AWS managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess, ...) with a customer managed policy of the actions the identity needs. Remove privilege-escalation actions, or scope iam:PassRole to the role ARNs the service is given; an identity whose job is granting rights (the bootstrap's deploy role, an administrators' break-glass role) is listed by its resource name in exemptions with the reason and what limits it.",
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "Wildcard actions (for example \"ecr:*\") accepted on all resources, compared case-insensitively; NotAction is never exempt.",
            },
            deniedManagedPolicies: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [
                    "AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess", "AmazonEC2FullAccess",
                    "AWSKeyManagementServicePowerUser", "SecretsManagerReadWrite", "AWSLambda_FullAccess", "AmazonRDSFullAccess",
                    "AmazonDynamoDBFullAccess", "AWSCloudFormationFullAccess", "AmazonSSMFullAccess", "AWSOrganizationsFullAccess",
                    "AdministratorAccess-Amplify", "AdministratorAccess-AWSElasticBeanstalk",
                ],
                description: "Names of AWS managed policies (arn:aws:iam::aws:policy/[<path>/]<name>) that grant \"*\", a whole service or IAM/organisation administration, and must not be attached to a role, user or group or listed in a role's managedPolicyArns.",
            },
            escalationActions: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [
                    "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
                    "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
                    "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
                    "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup",
                    "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
                    "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
                    "s3:PutBucketPolicy",
                ],
                description: "Actions an Allow statement must not grant on any resource (an action pattern such as \"iam:*\" or \"iam:Put*\" that covers one counts): each lets its holder raise its own or another identity's rights.",
            },
            escalationActionsOnAllResources: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["iam:PassRole", "lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint"],
                description: "Actions an Allow statement must not grant on all resources (\"*\" or NotResource): passing any role to a service, or replacing the code that runs under any function's or endpoint's role, borrows that role's rights. Scoped to ARNs they are fine.",
            },
            exemptions: reasonedList({ name: "text" }, "Roles, policies or attachments, by their resource name in the program (as the plan lists them; an attachment is also exempt when its `role` is an exempt role's name), whose admin-equivalent managed policies and privilege-escalation actions this policy accepts for a written reason: { name, reason }. Wildcard actions and NotAction on all resources are never exempt."),
        },
    },
    validateResource: (args, reportViolation) => {
        const config = args.getConfig<Config>();
        // An exemption accepts what an administering identity needs; wildcards stay refused.
        const exempt = isExempt(args.name, args.props, config.exemptions);
        const managed = exempt ? [] : managedPolicyProblems(args.type, args.props, new Set(config.deniedManagedPolicies.map((n) => n.toLowerCase())));
        for (const problem of managed) reportViolation(`${describe(args)} ${problem}.`);
        const documents = args.type === ROLE
            ? ((args.props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[]).map((p, i) => ({ label: p.name ? `inline policy "${p.name}"` : `inline policy ${i + 1}`, document: p.policy }))
            : POLICY_TYPES.has(args.type) ? [{ label: "policy", document: args.props.policy }] : [];
        const allowed = new Set(config.allowedActions.map((a) => a.toLowerCase()));
        for (const { label, document } of documents) {
            (parsePolicyDocument(document) ?? []).forEach((statement, index) => {
                // A wildcard on all resources already grants every escalation; one report a statement.
                const problem = broadGrant(statement, allowed) ?? (exempt ? undefined : escalation(statement, config));
                if (problem) reportViolation(`${describe(args)} ${label} ${statementLabel(statement, index)} ${problem}.`);
            });
        }
    },
};

function isExempt(name: string, props: Record<string, any>, exemptions: Exemption[]): boolean {
    const names = new Set(exemptions.map((e) => e.name));
    return names.has(name) || (typeof props.role === "string" && names.has(props.role));
}

/** The denied AWS managed policies a resource attaches, as problems. */
function managedPolicyProblems(type: string, props: Record<string, any>, denied: Set<string>): string[] {
    const arns: unknown[] = type === ROLE ? (Array.isArray(props.managedPolicyArns) ? props.managedPolicyArns : [])
        : ATTACHMENT_TYPES.has(type) ? [props.policyArn] : [];
    return arns.filter((arn): arn is string => typeof arn === "string")
        .filter((arn) => denied.has(AWS_MANAGED_POLICY.exec(arn)?.[1]?.toLowerCase() ?? ""))
        .map((arn) => `${type === ROLE ? "lists in managedPolicyArns" : "attaches"} ${arn}, an AWS managed policy with administrator-equivalent rights`);
}

function grantsAllResources(statement: PolicyStatement): boolean {
    // NotResource grants everything but a list, which is as broad as "*".
    return statement.resource.includes("*") || statement.notResource.length > 0;
}

function broadGrant(statement: PolicyStatement, allowed: Set<string>): string | undefined {
    if (statement.effect !== "Allow" || !grantsAllResources(statement)) return undefined;
    if (statement.notAction.length > 0) return `allows every action except ${statement.notAction.join(", ")} on all resources`;
    const wildcards = statement.action.filter((a) => WILDCARD_ACTION.test(a) && !allowed.has(a.toLowerCase()));
    return wildcards.length > 0 ? `allows ${wildcards.join(", ")} on all resources` : undefined;
}

/** The privilege-escalation actions an Allow statement grants, through any of its action patterns. */
function escalation(statement: PolicyStatement, config: Config): string | undefined {
    if (statement.effect !== "Allow") return undefined;
    const granted = (actions: string[]) => actions.filter((action) => statement.action.some((pattern) => actionMatches(pattern, action)));
    const anywhere = granted(config.escalationActions);
    const everywhere = grantsAllResources(statement) ? granted(config.escalationActionsOnAllResources) : [];
    const parts = [
        ...(anywhere.length > 0 ? [`${anywhere.join(", ")}`] : []),
        ...(everywhere.length > 0 ? [`${everywhere.join(", ")} on all resources`] : []),
    ];
    return parts.length > 0 ? `allows privilege escalation: ${parts.join("; ")}` : undefined;
}
