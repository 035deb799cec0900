import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const INSTANCE = "aws:rds/instance:Instance";

/**
 * A single-AZ instance is down for the whole of an AZ outage and for every maintenance
 * reboot; Multi-AZ fails over to a synchronous standby in about a minute. Aurora clusters
 * get the same by having instances in several AZs, which a single resource cannot show.
 */
export const awsRdsRequireMultiAz: PackResourcePolicy = {
    name: "aws-rds-require-multi-az",
    description: "RDS DB instances must be deployed Multi-AZ with a synchronous standby.",
    rationale: "A single-AZ instance is down for a whole AZ outage and every maintenance reboot, where Multi-AZ fails over in about a minute.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "database", "source:SH RDS.5"],
    remediationSteps: "Set multiAz: true on the aws.rds.Instance (the stack config's database settings), or relax this policy in a non-production stack's policy config.",
    validateResource: (args, reportViolation) => {
        if (args.type !== INSTANCE) return;
        if (args.props.multiAz !== true) reportViolation(`${describe(args)} runs in a single Availability Zone: multiAz is ${args.props.multiAz ?? "unset"}.`);
    },
};
