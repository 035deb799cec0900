import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, settingsOf } from "../lib/s3";

interface Config {
    maxNoncurrentDays: number;
    maxIncompleteUploadDays: number;
}

interface LifecycleRule {
    status?: string;
    noncurrentVersionExpiration?: { noncurrentDays?: number };
    abortIncompleteMultipartUpload?: { daysAfterInitiation?: number };
}

/** The shortest of the days the Enabled rules set, or undefined when none sets any. */
function shortest(rules: LifecycleRule[], days: (rule: LifecycleRule) => number | undefined): number | undefined {
    const set = rules.filter((r) => r.status === "Enabled").map(days).filter((d): d is number => typeof d === "number");
    return set.length > 0 ? Math.min(...set) : undefined;
}

/**
 * Versioned buckets grow without bound unless old versions expire, and abandoned multipart
 * uploads are billed but invisible; each bucket's lifecycle bounds both.
 */
export const awsS3RequireLifecycle: PackStackPolicy = {
    name: "aws-s3-require-lifecycle",
    description: "Every S3 bucket must have a lifecycle configuration whose Enabled rules expire noncurrent versions and abort incomplete multipart uploads within the configured days.",
    rationale: "Versioned buckets grow without bound unless old versions expire, and abandoned multipart uploads are billed but invisible.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["cost", "reliability", "storage", "source:SH S3.10", "source:SH S3.13"],
    remediationSteps: "Create an aws.s3.BucketLifecycleConfiguration with bucket set to the bucket's id and an Enabled rule with noncurrentVersionExpiration.noncurrentDays and abortIncompleteMultipartUpload.daysAfterInitiation within the configured limits (e.g. 30 and 7).",
    configSchema: {
        properties: {
            maxNoncurrentDays: {
                type: "integer", minimum: 1, default: 365,
                description: "Most days a noncurrent object version may be kept before an Enabled lifecycle rule expires it.",
            },
            maxIncompleteUploadDays: {
                type: "integer", minimum: 1, default: 7,
                description: "Most days after initiation before an Enabled lifecycle rule aborts an incomplete multipart upload.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { maxNoncurrentDays, maxIncompleteUploadDays } = args.getConfig<Config>();
        for (const bucket of bucketsOf(args.resources)) {
            const lifecycles = settingsOf(args.resources, bucket, "lifecycle");
            if (lifecycles.length === 0) {
                reportViolation(`${describe(bucket)} has no lifecycle configuration.`, bucket.urn);
            }
            for (const lifecycle of lifecycles) {
                const rules: LifecycleRule[] = lifecycle.props.rules ?? [];
                const noncurrent = shortest(rules, (r) => r.noncurrentVersionExpiration?.noncurrentDays);
                if (noncurrent === undefined) {
                    reportViolation(`${describe(lifecycle)} has no Enabled rule expiring noncurrent versions (noncurrentVersionExpiration).`, lifecycle.urn);
                } else if (noncurrent > maxNoncurrentDays) {
                    reportViolation(`${describe(lifecycle)} expires noncurrent versions after ${noncurrent} days; at most ${maxNoncurrentDays} allowed.`, lifecycle.urn);
                }
                const abort = shortest(rules, (r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation);
                if (abort === undefined) {
                    reportViolation(`${describe(lifecycle)} has no Enabled rule aborting incomplete multipart uploads (abortIncompleteMultipartUpload).`, lifecycle.urn);
                } else if (abort > maxIncompleteUploadDays) {
                    reportViolation(`${describe(lifecycle)} aborts incomplete multipart uploads after ${abort} days; at most ${maxIncompleteUploadDays} allowed.`, lifecycle.urn);
                }
            }
        }
    },
};
