import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, bucketsThrough, configuredBucket, isAccessLogTarget, settingsOf } from "../lib/s3";

/**
 * Every bucket records server access logs in another bucket of the stack, so reads and
 * deletions of backups can be audited. The log buckets themselves are exempt: logging them
 * would need yet another bucket, and logging a bucket into itself loops.
 */
export const awsS3RequireAccessLogging: PackStackPolicy = {
    name: "aws-s3-require-access-logging",
    description: "Every S3 bucket that is not itself an access-log target must deliver server access logs to another bucket of the stack.",
    rationale: "Access logs in another bucket are the audit trail of who read or deleted backups.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "logging", "storage", "source:SH S3.9"],
    remediationSteps: "Create an aws.s3.BucketLogging with bucket set to the bucket's id and targetBucket set to the id of the stack's access-log bucket (a different bucket in the same region), with a targetPrefix.",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            if (isAccessLogTarget(args.resources, bucket)) continue;
            const loggings = settingsOf(args.resources, bucket, "logging");
            if (loggings.length === 0) {
                reportViolation(`${describe(bucket)} has no server access logging.`, bucket.urn);
            }
            for (const logging of loggings) {
                const selfTarget = (logging.propertyDependencies.targetBucket ?? []).some((t) => t.urn === configuredBucket(logging)?.urn);
                if (selfTarget) {
                    reportViolation(`${describe(logging)} delivers ${describe(bucket)}'s access logs to the bucket itself; use a separate log bucket.`, logging.urn);
                } else if (bucketsThrough(logging, "targetBucket").length === 0) {
                    reportViolation(`${describe(logging)} delivers access logs to a targetBucket that is not a bucket of this stack.`, logging.urn);
                }
            }
        }
    },
};
