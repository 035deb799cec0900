import { PackStackPolicy } from "../lib/policy";
import { dependentsOfType, describe } from "../lib/resources";

const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

/**
 * The default security group of every VPC is adopted and stripped of its rules. AWS creates
 * it allowing all traffic among its members and all egress; anything launched without a
 * security group would get it.
 */
export const awsVpcRequireClosedDefaultSecurityGroup: PackStackPolicy = {
    name: "aws-vpc-require-closed-default-security-group",
    description: "Every VPC's default security group must be managed by the stack and have no ingress or egress rules.",
    rationale: "AWS creates the default group allowing all traffic among its members and all egress, and anything launched without a security group gets it.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "source:SH EC2.2", "source:CIS AWS 5.4"],
    remediationSteps: "Adopt the VPC's default security group with aws.ec2.DefaultSecurityGroup and empty ingress and egress lists (the Network component does).",
    validateStack: (args, reportViolation) => {
        for (const vpc of args.resources.filter((r) => r.type === VPC)) {
            const groups = dependentsOfType(args.resources, vpc, DEFAULT_SECURITY_GROUP);
            if (groups.length === 0) {
                reportViolation(`${describe(vpc)}: its default security group is not managed, so it keeps AWS's allow rules.`, vpc.urn);
            }
            for (const group of groups) {
                const ingress = group.props.ingress ?? [];
                const egress = group.props.egress ?? [];
                if (ingress.length > 0 || egress.length > 0) {
                    reportViolation(`${describe(group)} has ${ingress.length} ingress and ${egress.length} egress rules; the default security group must have none.`, group.urn);
                }
            }
        }
    },
};
