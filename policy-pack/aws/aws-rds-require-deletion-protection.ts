import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { RDS_DATABASE_TYPES } from "../lib/rds";


/** A replacement planned by a changed input, or a stray `pulumi destroy`, must not delete the database. */
export const awsRdsRequireDeletionProtection: PackResourcePolicy = {
    name: "aws-rds-require-deletion-protection",
    description: "RDS DB instances and clusters must have deletion protection enabled.",
    rationale: "A replacement planned by a changed input, or a stray `pulumi destroy`, must not delete the database.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "database", "source:SH RDS.8"],
    remediationSteps: "Set deletionProtection: true on the aws.rds.Instance or aws.rds.Cluster, or relax this policy in a non-production stack's policy config.",
    validateResource: (args, reportViolation) => {
        if (!RDS_DATABASE_TYPES.has(args.type)) return;
        if (args.props.deletionProtection !== true) reportViolation(`${describe(args)} can be deleted: deletionProtection is ${args.props.deletionProtection ?? "unset"}.`);
    },
};
