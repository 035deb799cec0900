import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, settingsOf } from "../lib/s3";

const OWNER_ENFORCED = "BucketOwnerEnforced";

/**
 * ACLs are disabled on every bucket (object ownership BucketOwnerEnforced): access is then
 * decided by policies alone, and objects written by other principals still belong to the
 * bucket owner. An ACL resource on such a bucket is a leftover or an attempt to re-open it.
 */
export const awsS3RequireOwnerEnforced: PackStackPolicy = {
    name: "aws-s3-require-owner-enforced",
    description: "Every S3 bucket must disable ACLs with object ownership BucketOwnerEnforced, and no bucket ACL may be managed.",
    rationale: "With ACLs disabled, policies alone decide access and every object belongs to the bucket owner, so no forgotten ACL can re-open a bucket.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "access-control", "storage", "source:SH S3.12"],
    remediationSteps: "Create an aws.s3.BucketOwnershipControls with bucket set to the bucket's id and rule.objectOwnership \"BucketOwnerEnforced\", and remove any aws.s3.BucketAcl of the bucket (grant access through the bucket policy instead).",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const controls = settingsOf(args.resources, bucket, "ownershipControls");
            if (controls.length === 0) {
                reportViolation(`${describe(bucket)} has no ownership controls, so ACLs stay enabled.`, bucket.urn);
            }
            for (const control of controls) {
                const ownership = control.props.rule?.objectOwnership;
                if (ownership !== OWNER_ENFORCED) {
                    reportViolation(`${describe(control)} sets objectOwnership ${ownership ?? "(none)"}; ${OWNER_ENFORCED} is required.`, control.urn);
                }
            }
            for (const acl of settingsOf(args.resources, bucket, "acl")) {
                reportViolation(`${describe(acl)} manages an ACL of ${describe(bucket)}; ACLs must stay disabled: remove it.`, acl.urn);
            }
        }
    },
};
