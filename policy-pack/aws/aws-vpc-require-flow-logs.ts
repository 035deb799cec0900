import { PackStackPolicy } from "../lib/policy";
import { dependentsOfType, describe } from "../lib/resources";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

interface Config {
    allowedTrafficTypes: string[];
}

/** Every VPC of the stack has a flow log that records the traffic incident response needs. */
export const awsVpcRequireFlowLogs: PackStackPolicy = {
    name: "aws-vpc-require-flow-logs",
    description: "Every VPC must have a VPC flow log recording the configured traffic types.",
    rationale: "Flow logs are the record of which addresses talked to what, which incident response needs after the fact.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "logging", "source:SH EC2.6", "source:CIS AWS 3.9"],
    remediationSteps: "Create an aws.ec2.FlowLog with vpcId set to the VPC (the Network component does) and trafficType ALL.",
    configSchema: {
        properties: {
            allowedTrafficTypes: {
                type: "array",
                items: { type: "string", enum: ["ALL", "ACCEPT", "REJECT"] },
                default: ["ALL"],
                description: "Traffic types a flow log may record.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { allowedTrafficTypes } = args.getConfig<Config>();
        for (const vpc of args.resources.filter((r) => r.type === VPC)) {
            const flowLogs = dependentsOfType(args.resources, vpc, FLOW_LOG);
            if (flowLogs.length === 0) {
                reportViolation(`${describe(vpc)} has no flow log.`, vpc.urn);
            } else if (!flowLogs.some((log) => allowedTrafficTypes.includes(log.props.trafficType))) {
                reportViolation(`${describe(vpc)} logs only ${flowLogs.map((l) => l.props.trafficType).join(", ")} traffic; allowed: ${allowedTrafficTypes.join(", ")}.`, vpc.urn);
            }
        }
    },
};
