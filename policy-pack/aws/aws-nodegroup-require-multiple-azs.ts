import { StackValidationPolicy } from "@pulumi/policy";
import { subnetsOf } from "../lib/network";
import { describe } from "../lib/resources";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

interface Config {
    minZones: number;
}

/** Each node group survives the loss of a zone: its subnets span several availability zones. */
export const awsNodegroupRequireMultipleAzs: StackValidationPolicy = {
    name: "aws-nodegroup-require-multiple-azs",
    description: "EKS node groups must have subnets in at least the configured number of availability zones.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "compute", "source:SH AutoScaling.2", "source:REL10-BP01"],
    remediationSteps: "Pass one private subnet per availability zone (network.privateSubnetIds) as the node group's subnetIds, and give the Network component enough availabilityZones.",
    configSchema: {
        properties: {
            minZones: {
                type: "integer",
                minimum: 1,
                default: 2,
                description: "Fewest distinct availability zones a node group's subnets must cover.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { minZones } = args.getConfig<Config>();
        for (const group of args.resources.filter((r) => r.type === NODE_GROUP)) {
            const subnets = subnetsOf(group);
            if (subnets.length === 0) {
                reportViolation(`${describe(group)} has no subnet in the stack, so its zones cannot be verified.`, group.urn);
                continue;
            }
            // A subnet without a zone lands wherever AWS puts it, so it adds no known zone.
            const zones = [...new Set(subnets.map((s) => s.props.availabilityZone ?? s.props.availabilityZoneId).filter((z): z is string => typeof z === "string"))].sort();
            if (zones.length < minZones) {
                reportViolation(`${describe(group)} spans ${zones.length} availability zone${zones.length === 1 ? "" : "s"} (${zones.join(", ") || "none known"}); at least ${minZones} required.`, group.urn);
            }
        }
    },
};
