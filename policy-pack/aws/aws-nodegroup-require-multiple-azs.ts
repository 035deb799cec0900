import { PolicyResource } from "@pulumi/policy";
import { subnetsOf, zoneOf } from "../lib/network";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

interface Config {
    minZones: number;
}

/**
 * Each pool of nodes survives the loss of a zone: its subnets span several availability
 * zones. Zonal node groups (one per AZ, launched from one shared launch template, the layout
 * the cluster autoscaler needs for zone-bound volumes) form one pool together.
 */
export const awsNodegroupRequireMultipleAzs: PackStackPolicy = {
    name: "aws-nodegroup-require-multiple-azs",
    description: "EKS node groups, or the zonal node groups sharing one launch template, must have subnets in at least the configured number of availability zones.",
    rationale: "A pool of nodes confined to one zone goes down with that zone, however many nodes it has.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "compute", "source:SH AutoScaling.2", "source:REL10-BP01"],
    remediationSteps: "Pass one private subnet per availability zone (network.privateSubnetIds) as the node group's subnetIds, or create one node group per zone from the same launch template (nodeGroups.<name>.zonal), and give the Network component enough availabilityZones.",
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
        const pools = new Map<string, PolicyResource[]>();
        for (const group of args.resources.filter((r) => r.type === NODE_GROUP)) {
            const template = (group.propertyDependencies.launchTemplate ?? []).find((r) => r.type === LAUNCH_TEMPLATE);
            const key = template?.urn ?? group.urn;
            pools.set(key, [...(pools.get(key) ?? []), group]);
        }
        for (const pool of pools.values()) {
            const known = pool.filter((group) => {
                if (subnetsOf(group).length > 0) return true;
                reportViolation(`${describe(group)} has no subnet in the stack, so its zones cannot be verified.`, group.urn);
                return false;
            });
            if (known.length === 0) continue;
            // A subnet without a zone lands wherever AWS puts it, so it adds no known zone.
            const zones = [...new Set(known.flatMap(subnetsOf).map(zoneOf).filter((z): z is string => z !== undefined))].sort();
            if (zones.length >= minZones) continue;
            const siblings = pool.length > 1 ? ` with the ${pool.length - 1} other node group${pool.length === 2 ? "" : "s"} of its launch template` : "";
            for (const group of known) {
                reportViolation(`${describe(group)}${siblings} spans ${zones.length} availability zone${zones.length === 1 ? "" : "s"} (${zones.join(", ") || "none known"}); at least ${minZones} required.`, group.urn);
            }
        }
    },
};
