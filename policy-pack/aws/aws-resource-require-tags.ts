import { PackResourcePolicy } from "../lib/policy";
import { providerInput } from "../lib/resources";
import { TAGGABLE_AWS_TYPES } from "../lib/taggable";

interface Config {
    requiredTags: string[];
}

/**
 * Every taggable AWS resource carries the tagging standard's tags, from its own `tags` or
 * from its provider's `defaultTags` (which is how this project sets them).
 */
export const awsResourceRequireTags: PackResourcePolicy = {
    name: "aws-resource-require-tags",
    description: "Taggable AWS resources must carry the required tags (owner, cost-center, environment), set on the resource or through the provider's defaultTags.",
    rationale: "Cost reports, ownership lookups and incident triage find a resource's team and environment only through its tags.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["cost", "tagging", "source:AWS Security Hub tagging standard"],
    remediationSteps: "Set the tags in the stack config (signal-trading:tags) so the AWS provider's defaultTags carry them, or pass the missing tags on the resource.",
    configSchema: {
        properties: {
            requiredTags: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["owner", "cost-center", "environment"],
                description: "Tag keys every taggable resource must have with a non-empty value.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return;
        const { requiredTags } = args.getConfig<Config>();
        const fromProvider = providerInput<{ tags?: Record<string, string> }>(args.provider?.props.defaultTags)?.tags ?? {};
        const effective: Record<string, string> = { ...fromProvider, ...(args.props.tags ?? {}) };
        const missing = requiredTags.filter((key) => !effective[key]);
        if (missing.length > 0) reportViolation(`${args.name} (${args.type}) lacks the tags: ${missing.join(", ")}.`);
    },
};
