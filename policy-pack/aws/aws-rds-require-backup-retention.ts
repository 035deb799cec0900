import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { RDS_DATABASE_TYPES } from "../lib/rds";

/** Aurora keeps backups per cluster; standalone instances keep their own. */

interface Config {
    minDays: number;
}

/** Automated backups are the only point-in-time recovery; too short a window loses the chance to restore before a late-noticed corruption. */
export const awsRdsRequireBackupRetention: PackResourcePolicy = {
    name: "aws-rds-require-backup-retention",
    description: "RDS DB instances and clusters must keep automated backups for at least the configured number of days.",
    rationale: "Automated backups are the only point-in-time recovery, and a short window loses the chance to restore before a late-noticed corruption.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "backup", "database", "source:SH RDS.11"],
    remediationSteps: "Set backupRetentionPeriod on the aws.rds.Instance or aws.rds.Cluster to at least the configured minimum (7 days by default; the program uses 14).",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 1,
                maximum: 35,
                default: 7,
                description: "Shortest automated-backup retention allowed, in days (RDS allows up to 35).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!RDS_DATABASE_TYPES.has(args.type)) return;
        const { minDays } = args.getConfig<Config>();
        const days = args.props.backupRetentionPeriod;
        if (typeof days !== "number") {
            reportViolation(`${describe(args)} does not set backupRetentionPeriod; set it to at least ${minDays} days.`);
        } else if (days < minDays) {
            reportViolation(`${describe(args)} keeps backups for ${days} days; at least ${minDays} days are required.`);
        }
    },
};
