import { customerKeyArnProblem } from "../lib/kms";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/**
 * Without kmsKeyId CloudWatch Logs encrypts a group with a key of its own, which the account's
 * key policies and CloudTrail do not see. Container logs, audit events and flow logs carry
 * request paths, identities and addresses, so reading them should go through the platform's
 * key. A group's key can be set and changed in place (AssociateKmsKey), so this never forces
 * a replacement. CreateLogGroup and AssociateKmsKey take the key's own ARN, so an alias ARN,
 * which other services resolve, is refused here too.
 *
 * A key ARN not known yet at preview reaches a policy under the Pulumi CLI as an unknown value,
 * which makes the CLI skip the policy for that resource; so an unset kmsKeyId means none.
 */
export const awsCloudwatchRequireLogEncryption: PackResourcePolicy = {
    name: "aws-cloudwatch-require-log-encryption",
    description: "CloudWatch log groups must encrypt their events with a customer-managed KMS key: kmsKeyId the key's ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias.",
    rationale: "Logs carry request paths, identities and addresses, and only a customer-managed key puts reading them under the key policy and CloudTrail.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "logging", "source:CKV_AWS_158", "source:SEC08-BP01"],
    remediationSteps: "Set kmsKeyId on the aws.cloudwatch.LogGroup to the platform's logs key ARN (the components take it as logsKeyArn); the key policy must let the service principal logs.<region>.amazonaws.com use it for this account's log groups. Changing a group's key updates it in place.",
    validateResource: (args, reportViolation) => {
        if (args.type !== LOG_GROUP) return;
        const keyId = args.props.kmsKeyId;
        const problem = customerKeyArnProblem(keyId) ?? (/:alias\//.test(keyId) ? `is ${keyId}, an alias ARN; CloudWatch Logs takes the key's own ARN` : undefined);
        if (problem) reportViolation(`${describe(args)} does not encrypt its events with a customer-managed key: kmsKeyId ${problem}.`);
    },
};
