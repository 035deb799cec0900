import { PackResourcePolicy, reasonedList } from "../lib/policy";
import { describe } from "../lib/resources";

const ROLE = "aws:iam/role:Role";
/** A customer managed policy: AWS managed policies (account `aws`) grant broadly and are not boundaries anyone reviews. */
const CUSTOMER_POLICY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]+$/;

interface Config {
    allowedBoundaryArns: string[];
    exemptions: { name: string; reason: string }[];
}

/**
 * A role's permissions are the intersection of its policies and its permissions boundary. With
 * a boundary on every role the platform creates, a mistaken or widened policy (a wildcard, a
 * managed policy attached by hand, a compromised deploy identity adding one) still cannot give
 * a node, an add-on or a service more than the boundary allows, such as IAM changes or access
 * outside the environment.
 */
export const awsIamRequirePermissionsBoundary: PackResourcePolicy = {
    name: "aws-iam-require-permissions-boundary",
    description: "IAM roles must carry a permissions boundary: a customer managed policy, one of the configured ones when a list is set.",
    rationale: "Without a boundary a role's attached and inline policies alone decide what it may do, so one widened policy grants everything it names.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "iam", "source:AWS IAM permissions boundaries", "source:AWS Well-Architected SEC03-BP02"],
    remediationSteps: "Set permissionsBoundary on the aws.iam.Role to the environment's boundary policy ARN (the platform takes it from `iam.permissionsBoundaryArn` in Pulumi.<stack>.yaml; the bootstrap project creates the policy), and pass it to every component that creates roles. A role an administrator creates outside the deploy role's reach (the bootstrap's delivery roles) is listed in exemptions as { name, reason }.",
    configSchema: {
        properties: {
            allowedBoundaryArns: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "The boundary policy ARNs a role may carry; empty accepts any customer managed policy.",
            },
            exemptions: reasonedList({ name: "text" }, "Roles, by their resource name in the program (as the plan lists them), that carry no boundary for a written reason: { name, reason }."),
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== ROLE) return;
        const { allowedBoundaryArns, exemptions } = args.getConfig<Config>();
        if (exemptions.some((e) => e.name === args.name)) return;
        const boundary: unknown = args.props.permissionsBoundary;
        if (typeof boundary !== "string" || boundary === "") {
            reportViolation(`${describe(args)} has no permissionsBoundary, so its policies alone limit what it may do.`);
        } else if (!CUSTOMER_POLICY_ARN.test(boundary)) {
            reportViolation(`${describe(args)} has the permissionsBoundary ${boundary}, which is not a customer managed policy ARN (arn:aws:iam::<account>:policy/<name>).`);
        } else if (allowedBoundaryArns.length > 0 && !allowedBoundaryArns.includes(boundary)) {
            reportViolation(`${describe(args)} has the permissionsBoundary ${boundary}, which is not one of the allowed boundaries: ${allowedBoundaryArns.join(", ")}.`);
        }
    },
};
