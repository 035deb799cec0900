
import { PackResourcePolicy } from "../lib/policy";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

interface Config {
    maxHopLimit: number;
}

/**
 * Nodes answer instance-metadata requests only with a session token (IMDSv2), and with a hop
 * limit of 1 a pod's packets cannot reach the endpoint, so pods cannot borrow the node role.
 * Turning the endpoint off entirely is stricter still and also compliant.
 */
export const awsLaunchtemplateRequireImdsv2: PackResourcePolicy = {
    name: "aws-launchtemplate-require-imdsv2",
    description: "Launch templates must require IMDSv2 session tokens and set a metadata hop limit no higher than the configured maximum (or disable the metadata endpoint).",
    rationale: "Session tokens and a hop limit of 1 keep pods from borrowing the node's IAM role through the instance metadata endpoint.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "compute", "source:SH EC2.170", "source:SH AutoScaling.3", "source:CKV_AWS_79", "source:CKV_AWS_341"],
    remediationSteps: "Set metadataOptions on the launch template to { httpEndpoint: \"enabled\", httpTokens: \"required\", httpPutResponseHopLimit: 1 } (remediation sets the tokens and the hop limit).",
    configSchema: {
        properties: {
            maxHopLimit: {
                type: "integer",
                minimum: 1,
                maximum: 64,
                default: 1,
                description: "Highest allowed metadataOptions.httpPutResponseHopLimit; 1 keeps pods on the pod network away from the node's credentials.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== LAUNCH_TEMPLATE) return;
        const { maxHopLimit } = args.getConfig<Config>();
        const metadata = args.props.metadataOptions ?? {};
        if (metadata.httpEndpoint === "disabled") return;
        const who = `${args.name} (${args.type})`;
        if (metadata.httpTokens !== "required") {
            reportViolation(`${who} allows IMDSv1 (metadataOptions.httpTokens is ${metadata.httpTokens ?? "unset"}, not "required").`);
        }
        const hops = metadata.httpPutResponseHopLimit;
        if (typeof hops !== "number") {
            reportViolation(`${who} does not set metadataOptions.httpPutResponseHopLimit; the maximum is ${maxHopLimit}.`);
        } else if (hops > maxHopLimit) {
            reportViolation(`${who} sets metadataOptions.httpPutResponseHopLimit to ${hops}; the maximum is ${maxHopLimit}.`);
        }
    },
    // Leaves httpEndpoint alone: a disabled endpoint is already compliant and is not re-enabled.
    remediateResource: (args) => {
        if (args.type !== LAUNCH_TEMPLATE) return undefined;
        const { maxHopLimit } = args.getConfig<Config>();
        const metadata = args.props.metadataOptions ?? {};
        if (metadata.httpEndpoint === "disabled") return undefined;
        const hops = metadata.httpPutResponseHopLimit;
        const hopsOk = typeof hops === "number" && hops <= maxHopLimit;
        if (metadata.httpTokens === "required" && hopsOk) return undefined;
        return { ...args.props, metadataOptions: { ...metadata, httpTokens: "required", httpPutResponseHopLimit: hopsOk ? hops : maxHopLimit } };
    },
};
