import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, settingsOf } from "../lib/s3";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/**
 * Every bucket blocks public access at the bucket level, so neither a stray ACL nor a policy
 * granting "*" can expose backups, whatever the account-level setting is.
 */
export const awsS3RequirePublicAccessBlock: PackStackPolicy = {
    name: "aws-s3-require-public-access-block",
    description: "Every S3 bucket must have a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    rationale: "A bucket-level public access block keeps a stray ACL or a policy granting \"*\" from exposing backups, whatever the account-level setting is.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "storage", "source:SH S3.1", "source:SH S3.8"],
    remediationSteps: "Create an aws.s3.BucketPublicAccessBlock with bucket set to the bucket's id and blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all set to true.",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const blocks = settingsOf(args.resources, bucket, "publicAccessBlock");
            if (blocks.length === 0) {
                reportViolation(`${describe(bucket)} has no public access block.`, bucket.urn);
            }
            for (const block of blocks) {
                const off = FLAGS.filter((flag) => block.props[flag] !== true);
                if (off.length > 0) reportViolation(`${describe(block)} does not set ${off.join(", ")} to true.`, block.urn);
            }
        }
    },
};
