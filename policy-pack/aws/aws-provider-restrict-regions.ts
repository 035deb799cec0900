import { PackResourcePolicy } from "../lib/policy";
import { providerInput } from "../lib/resources";

const AWS_PROVIDER = "pulumi:providers:aws";

interface Config {
    allowedRegions: string[];
}

/**
 * Every AWS provider names an allowed region. One without a region would take it from the
 * deployer's environment (AWS_REGION, the profile), so the same program could land anywhere.
 */
export const awsProviderRestrictRegions: PackResourcePolicy = {
    name: "aws-provider-restrict-regions",
    description: "AWS providers must set a region from the allowed list.",
    rationale: "A provider without an allowed region takes one from the deployer's environment, so the same program could land anywhere.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["cost", "governance", "source:GATES cost allowed regions"],
    remediationSteps: "Set region on the aws.Provider (from the stack config signal-trading:region or aws:region) to one of the allowed regions.",
    configSchema: {
        properties: {
            allowedRegions: {
                type: "array",
                items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$" },
                default: ["us-east-1", "us-east-2", "us-west-2"],
                description: "AWS regions resources may be deployed to (primary and backup-replica regions).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_PROVIDER) return;
        const { allowedRegions } = args.getConfig<Config>();
        const region = providerInput<string>(args.props.region);
        const who = `${args.name} (${args.type})`;
        if (typeof region !== "string" || region === "") {
            reportViolation(`${who} sets no region, so it would use whatever region the deployer's environment names.`);
        } else if (!allowedRegions.includes(region)) {
            reportViolation(`${who} deploys to ${region}; allowed: ${allowedRegions.join(", ")}.`);
        }
    },
};
