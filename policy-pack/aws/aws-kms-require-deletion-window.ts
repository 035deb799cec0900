import { KMS_KEY_TYPES } from "../lib/iam";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    minDays: number;
}

/**
 * Deleting a key makes everything encrypted under it unreadable for good; the waiting period
 * is the only time to notice a mistaken or malicious deletion and cancel it.
 */
export const awsKmsRequireDeletionWindow: PackResourcePolicy = {
    name: "aws-kms-require-deletion-window",
    description: "KMS keys must set a deletion waiting period of at least the configured number of days.",
    rationale: "Deleting a key makes its data unreadable for good, and the waiting period is the only time to notice a mistaken or malicious deletion.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "source:SH KMS.3"],
    remediationSteps: "Set deletionWindowInDays on the KMS key to at least the configured minimum (30, the AWS maximum, by default).",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 7,
                maximum: 30,
                default: 30,
                description: "Shortest deletion waiting period allowed, in days (AWS accepts 7 to 30).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!KMS_KEY_TYPES.has(args.type)) return;
        const { minDays } = args.getConfig<Config>();
        const days = args.props.deletionWindowInDays;
        if (typeof days !== "number") {
            reportViolation(`${describe(args)} does not set deletionWindowInDays; set it explicitly to at least ${minDays} days.`);
        } else if (days < minDays) {
            reportViolation(`${describe(args)} has a deletion window of ${days} days; at least ${minDays} days are required.`);
        }
    },
};
