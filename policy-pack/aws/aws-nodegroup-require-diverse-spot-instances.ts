
import { PackResourcePolicy } from "../lib/policy";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

interface Config {
    minInstanceTypes: number;
}

/**
 * A spot node group draws on several capacity pools, so one reclaimed instance type does not
 * take the whole group down. Without instanceTypes EKS uses a single default type.
 */
export const awsNodegroupRequireDiverseSpotInstances: PackResourcePolicy = {
    name: "aws-nodegroup-require-diverse-spot-instances",
    description: "SPOT EKS node groups must list at least the configured number of distinct instance types.",
    rationale: "Several instance types draw on several spot capacity pools, so one reclaimed type does not take the whole group down.",
    severity: "low",
    enforcementLevel: "advisory",
    tags: ["reliability", "cost", "compute", "source:SH AutoScaling.6"],
    remediationSteps: "List several interchangeable instance types of similar size in the spot node group's instanceTypes (e.g. m7i.xlarge, m6i.xlarge, m6a.xlarge).",
    configSchema: {
        properties: {
            minInstanceTypes: {
                type: "integer",
                minimum: 1,
                default: 3,
                description: "Fewest distinct instance types a SPOT node group must list.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== NODE_GROUP || args.props.capacityType !== "SPOT") return;
        const { minInstanceTypes } = args.getConfig<Config>();
        const types = new Set<unknown>(Array.isArray(args.props.instanceTypes) ? args.props.instanceTypes : []);
        if (types.size < minInstanceTypes) {
            reportViolation(`${args.name} (${args.type}) is a SPOT group with ${types.size} instance type${types.size === 1 ? "" : "s"}; at least ${minInstanceTypes} required.`);
        }
    },
};
