import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

interface Config {
    minDays: number;
}

/**
 * Log groups keep events forever unless told otherwise (unset, or 0, means never expire),
 * which is a cost that only grows. Too short a retention loses the evidence an investigation
 * needs, so the policy wants a positive retention of at least the configured minimum.
 */
export const awsCloudwatchRequireLogRetention: PackResourcePolicy = {
    name: "aws-cloudwatch-require-log-retention",
    description: "CloudWatch log groups must expire events after a set retention of at least the configured number of days.",
    rationale: "Logs kept forever are a cost that only grows, and logs kept too briefly lose the evidence an investigation needs.",
    severity: "low",
    enforcementLevel: "advisory",
    tags: ["cost", "logging", "source:CIS EKS 2.1.2", "source:CIS AWS CloudWatch log retention", "source:CKV_AWS_338"],
    remediationSteps: "Set retentionInDays on the aws.cloudwatch.LogGroup to a value CloudWatch accepts (30, 60, 90, 180, 365, ...) of at least the configured minimum; 0 (never expire) is not accepted.",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 1,
                default: 30,
                description: "Shortest retention allowed, in days.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== LOG_GROUP) return;
        const { minDays } = args.getConfig<Config>();
        const days = args.props.retentionInDays;
        if (typeof days !== "number" || days === 0) {
            reportViolation(`${describe(args)} keeps its events forever: retentionInDays is ${days ?? "unset"}; set at least ${minDays} days.`);
        } else if (days < minDays) {
            reportViolation(`${describe(args)} keeps its events ${days} days; at least ${minDays} days are required.`);
        }
    },
};
