import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, encryptionDefaults, isAccessLogTarget, isKmsDefault, KMS_ALGORITHMS, settingsOf } from "../lib/s3";

const SSE_S3 = "AES256";

/**
 * Buckets are encrypted by default with a customer-managed KMS key, so reading backups takes
 * a key grant as well as S3 access. Access-log target buckets are the exception: S3 server
 * access logging cannot deliver to SSE-KMS buckets, so they may use SSE-S3 (AES256).
 */
export const awsS3RequireKmsEncryption: PackStackPolicy = {
    name: "aws-s3-require-kms-encryption",
    description: "Every S3 bucket must default-encrypt with SSE-KMS (aws:kms or aws:kms:dsse) and a named KMS key; access-log target buckets may use SSE-S3 (AES256) because S3 server access logging cannot deliver to SSE-KMS buckets.",
    rationale: "With a customer-managed key, reading backups takes a key grant as well as S3 access, and the key policy decides who can restore.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "storage", "source:SH S3.17"],
    remediationSteps: "Create an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to the bucket's id and rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <the KMS key's ARN> } (bucketKeyEnabled: true); for an access-log bucket, sseAlgorithm \"AES256\".",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const configs = settingsOf(args.resources, bucket, "encryption");
            if (configs.length === 0) {
                reportViolation(`${describe(bucket)} has no server-side encryption configuration.`, bucket.urn);
                continue;
            }
            const logTarget = isAccessLogTarget(args.resources, bucket);
            for (const config of configs) {
                const defaults = encryptionDefaults(config);
                if (defaults.length === 0) {
                    reportViolation(`${describe(config)} has no default encryption rule (applyServerSideEncryptionByDefault).`, config.urn);
                }
                for (const d of defaults) {
                    if (isKmsDefault(d) || (logTarget && d.sseAlgorithm === SSE_S3)) continue;
                    if (KMS_ALGORITHMS.includes(d.sseAlgorithm ?? "")) {
                        reportViolation(`${describe(config)} uses ${d.sseAlgorithm} without a kmsMasterKeyId; name the customer-managed KMS key.`, config.urn);
                    } else {
                        const allowed = logTarget ? `${KMS_ALGORITHMS.join(" or ")} with a kmsMasterKeyId, or AES256 (an access-log target)` : `${KMS_ALGORITHMS.join(" or ")} with a kmsMasterKeyId (only access-log target buckets may use AES256)`;
                        reportViolation(`${describe(config)} encrypts with ${d.sseAlgorithm || "no algorithm"}; required: ${allowed}.`, config.urn);
                    }
                }
            }
        }
    },
};
