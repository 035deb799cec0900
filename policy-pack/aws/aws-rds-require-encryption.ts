import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { RDS_DATABASE_TYPES } from "../lib/rds";

/** DB instances and clusters own their storage; Aurora cluster instances inherit the cluster's encryption. */

interface Config {
    requireCustomerManagedKey: boolean;
}

/**
 * Storage, snapshots, backups and replicas of an unencrypted database stay unencrypted, and
 * encryption cannot be turned on later without a snapshot-copy-restore migration.
 */
export const awsRdsRequireEncryption: PackResourcePolicy = {
    name: "aws-rds-require-encryption",
    description: "RDS DB instances and clusters must encrypt storage at rest, with a customer-managed KMS key unless the config allows the AWS-managed one.",
    rationale: "An unencrypted database leaves its snapshots, backups and replicas unencrypted too, and cannot be encrypted later without a migration.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "database", "source:SH RDS.3"],
    remediationSteps: "Set storageEncrypted: true and kmsKeyId: <customer-managed key ARN> on the aws.rds.Instance or aws.rds.Cluster (an existing database must be migrated through an encrypted snapshot copy).",
    configSchema: {
        properties: {
            requireCustomerManagedKey: {
                type: "boolean",
                default: true,
                description: "Require kmsKeyId to name a customer-managed key; false accepts the AWS-managed aws/rds key.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!RDS_DATABASE_TYPES.has(args.type)) return;
        const { requireCustomerManagedKey } = args.getConfig<Config>();
        if (args.props.storageEncrypted !== true) {
            reportViolation(`${describe(args)} does not encrypt its storage: storageEncrypted is ${args.props.storageEncrypted ?? "unset"}.`);
        } else if (requireCustomerManagedKey && !args.props.kmsKeyId) {
            reportViolation(`${describe(args)} uses the AWS-managed RDS key; set kmsKeyId to a customer-managed key.`);
        }
    },
};
