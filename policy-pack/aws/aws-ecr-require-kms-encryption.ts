import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const REPOSITORY = "aws:ecr/repository:Repository";

interface Config {
    requireCustomerManagedKey: boolean;
}

/**
 * Images carry code and baked-in configuration; a customer-managed key puts reading them
 * under the key policy and CloudTrail, which AES256 and the AWS-managed key do not.
 */
export const awsEcrRequireKmsEncryption: PackResourcePolicy = {
    name: "aws-ecr-require-kms-encryption",
    description: "ECR repositories must encrypt images with KMS, with a customer-managed key unless the config allows the AWS-managed one.",
    rationale: "Images carry code and baked-in configuration, and a customer-managed key puts reading them under the key policy and CloudTrail.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "containers", "source:GATES ECR KMS", "source:CKV_AWS_136"],
    remediationSteps: "Set encryptionConfigurations: [{ encryptionType: \"KMS\", kmsKey: <customer-managed key ARN> }] on the aws.ecr.Repository (this replaces the repository).",
    configSchema: {
        properties: {
            requireCustomerManagedKey: {
                type: "boolean",
                default: true,
                description: "Require kmsKey to name a customer-managed key; false accepts the AWS-managed aws/ecr key.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== REPOSITORY) return;
        const { requireCustomerManagedKey } = args.getConfig<Config>();
        const encryption = (args.props.encryptionConfigurations ?? [])[0] as { encryptionType?: string; kmsKey?: string } | undefined;
        if (encryption?.encryptionType !== "KMS") {
            reportViolation(`${describe(args)} encrypts images with ${encryption?.encryptionType ?? "the default AES256"}; KMS is required.`);
        } else if (requireCustomerManagedKey && !encryption.kmsKey) {
            reportViolation(`${describe(args)} uses the AWS-managed ECR key; set kmsKey to a customer-managed key.`);
        }
    },
};
