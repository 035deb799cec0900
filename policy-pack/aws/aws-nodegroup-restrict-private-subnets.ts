import { publicSubnetReason, subnetsOf } from "../lib/network";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/**
 * Worker nodes live only in private subnets: no public IP on launch and no route to an
 * internet gateway. A node group whose subnets are not in the stack cannot be shown to be
 * private, so it fails rather than passing unseen.
 */
export const awsNodegroupRestrictPrivateSubnets: PackStackPolicy = {
    name: "aws-nodegroup-restrict-private-subnets",
    description: "EKS node groups must run only in private subnets of the stack: no public IPs on launch and no route to an internet gateway.",
    rationale: "A node with a public IP or a route to an internet gateway is one security-group mistake away from being reachable from the internet.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "compute", "source:CIS EKS 5.4.3", "source:SH EC2.15"],
    remediationSteps: "Pass the Network component's private subnets (network.privateSubnetIds) as the node group's subnetIds; keep mapPublicIpOnLaunch false and route those subnets through NAT gateways, not the internet gateway.",
    validateStack: (args, reportViolation) => {
        for (const group of args.resources.filter((r) => r.type === NODE_GROUP)) {
            const subnets = subnetsOf(group);
            if (subnets.length === 0) {
                reportViolation(`${describe(group)} has no subnet in the stack, so its subnets cannot be verified as private.`, group.urn);
            }
            for (const subnet of subnets) {
                const reason = publicSubnetReason(args.resources, subnet);
                if (reason) reportViolation(`${describe(group)} runs in ${describe(subnet)}, which ${reason}.`, group.urn);
            }
        }
    },
};
