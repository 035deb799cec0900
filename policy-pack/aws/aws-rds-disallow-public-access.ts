import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/** The types that take publiclyAccessible: standalone instances and Aurora cluster members. */
const INSTANCE_TYPES = new Set(["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"]);

/** A publicly accessible database gets a public DNS name and address; one security-group mistake exposes it. */
export const awsRdsDisallowPublicAccess: PackResourcePolicy = {
    name: "aws-rds-disallow-public-access",
    description: "RDS DB instances must not be publicly accessible.",
    rationale: "A publicly accessible database gets a public address, so one security-group mistake exposes the trade data.",
    severity: "critical",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "database", "source:SH RDS.2"],
    remediationSteps: "Set publiclyAccessible: false (or leave it unset) on the aws.rds.Instance or aws.rds.ClusterInstance, and reach the database from inside the VPC.",
    validateResource: (args, reportViolation) => {
        if (!INSTANCE_TYPES.has(args.type)) return;
        if (args.props.publiclyAccessible === true) reportViolation(`${describe(args)} is publicly accessible.`);
    },
};
