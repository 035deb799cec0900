import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, settingsOf } from "../lib/s3";

/** Every bucket keeps object versions, so an overwritten or deleted backup can be recovered. */
export const awsS3RequireVersioning: PackStackPolicy = {
    name: "aws-s3-require-versioning",
    description: "Every S3 bucket must have versioning enabled so overwritten or deleted backups can be recovered.",
    rationale: "Versioning keeps an overwritten or deleted backup recoverable.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "backup", "storage", "source:SH S3.14"],
    remediationSteps: "Create an aws.s3.BucketVersioning with bucket set to the bucket's id and versioningConfiguration.status \"Enabled\".",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const versionings = settingsOf(args.resources, bucket, "versioning");
            if (versionings.length === 0) {
                reportViolation(`${describe(bucket)} has no versioning configuration.`, bucket.urn);
            }
            for (const versioning of versionings) {
                const status = versioning.props.versioningConfiguration?.status;
                if (status !== "Enabled") reportViolation(`${describe(versioning)} has versioning status ${status ?? "(none)"}; Enabled is required.`, versioning.urn);
            }
        }
    },
};
