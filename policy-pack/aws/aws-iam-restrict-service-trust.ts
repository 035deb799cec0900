import { actionMatches, conditionsOn, parsePolicyDocument, statementLabel } from "../lib/iam";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const ROLE = "aws:iam/role:Role";
const ASSUME_ROLE = "sts:AssumeRole";
const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"];

interface Config {
    servicePrincipals: string[];
}

/**
 * A role trusted by an AWS service can be assumed by that service on behalf of any customer
 * who names its ARN (the cross-service confused deputy): another account's flow log, replication
 * rule or database could be pointed at the platform's role. `aws:SourceAccount` or
 * `aws:SourceArn` in the trust policy binds the service's use of the role to this account's
 * resources. Services that do not set those keys when they assume a role (EC2 for instance
 * profiles, Lambda) would refuse to work with them, so only listed principals are judged.
 */
export const awsIamRestrictServiceTrust: PackResourcePolicy = {
    name: "aws-iam-restrict-service-trust",
    description: "IAM role trust policies that let an AWS service principal (of servicePrincipals: services that set aws:SourceAccount and aws:SourceArn when they assume a role) assume the role must condition every such statement on aws:SourceAccount or aws:SourceArn with exact, non-wildcard values.",
    rationale: "Without aws:SourceAccount or aws:SourceArn, the service may assume the role for any customer's resource that names it: the cross-service confused deputy.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "iam", "source:AWS IAM cross-service confused deputy prevention", "source:Prowler iam_role_cross_service_confused_deputy_prevention"],
    remediationSteps: "In the role's assumeRolePolicy, add to each statement that trusts the service a Condition { StringEquals: { \"aws:SourceAccount\": \"<account id>\" } } (the account from aws.getCallerIdentity), or ArnLike { \"aws:SourceArn\": \"arn:aws:<service>:<region>:<account>:<resource>\" } when the resource's ARN is known. A service that does not set these keys (ec2.amazonaws.com for instance profiles) is not in servicePrincipals.",
    configSchema: {
        properties: {
            servicePrincipals: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [
                    "eks.amazonaws.com",
                    "monitoring.rds.amazonaws.com",
                    "s3.amazonaws.com",
                    "vpc-flow-logs.amazonaws.com",
                    "delivery.logs.amazonaws.com",
                    "logs.amazonaws.com",
                    "cloudtrail.amazonaws.com",
                    "config.amazonaws.com",
                    "events.amazonaws.com",
                    "scheduler.amazonaws.com",
                    "states.amazonaws.com",
                    "sns.amazonaws.com",
                    "firehose.amazonaws.com",
                ],
                description: "Service principals whose trust statements must carry aws:SourceAccount or aws:SourceArn: those whose documentation shows the keys in the service role's trust policy (cross-service confused deputy prevention). Not ec2.amazonaws.com or lambda.amazonaws.com, which do not set them.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== ROLE) return;
        const statements = parsePolicyDocument(args.props.assumeRolePolicy);
        if (!statements) return;
        const judged = new Set(args.getConfig<Config>().servicePrincipals.map((p) => p.toLowerCase()));
        statements.forEach((statement, index) => {
            if (statement.effect !== "Allow" || !statement.action.some((a) => actionMatches(a, ASSUME_ROLE))) return;
            const services = (statement.principal.Service ?? []).filter((s) => judged.has(s.toLowerCase()));
            if (services.length === 0) return;
            const where = `${describe(args)} trust ${statementLabel(statement, index)} lets ${services.join(", ")} assume the role`;
            const conditions = SOURCE_KEYS.flatMap((key) => conditionsOn(statement, key).map((c) => ({ key, ...c })));
            // IfExists passes when the service sets no key, so it protects nothing.
            const binding = conditions.filter((c) => !c.operator.endsWith("IfExists") && c.values.length > 0 && c.values.every((v) => v !== "" && v !== "*"));
            if (binding.length === 0) {
                const loose = conditions.map((c) => `${c.operator} ${c.key} ${JSON.stringify(c.values)}`);
                reportViolation(`${where} without a binding aws:SourceAccount or aws:SourceArn condition${loose.length > 0 ? ` (only ${loose.join(", ")})` : ""}, so it may do so for another account's resources (confused deputy).`);
            }
        });
    },
};
