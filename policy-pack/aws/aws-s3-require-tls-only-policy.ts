import { actionMatches, conditionsOn, parsePolicyDocument, PolicyStatement } from "../lib/iam";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, settingsOf } from "../lib/s3";

/** True when the statement denies every S3 action to every principal on requests made without TLS, and on nothing else. */
function deniesInsecureTransport(statement: PolicyStatement): boolean {
    const conditions = Object.values(statement.condition).flatMap((entries) => Object.keys(entries));
    const secureTransport = conditionsOn(statement, "aws:SecureTransport");
    return statement.effect === "Deny"
        && (statement.principal.AWS ?? []).includes("*")
        && statement.action.some((pattern) => actionMatches(pattern, "s3:*"))
        // Any further condition would narrow the denial to some of the insecure requests.
        && conditions.length === 1
        && secureTransport.length === 1
        && secureTransport[0].operator === "Bool"
        && secureTransport[0].values.length > 0
        && secureTransport[0].values.every((v) => v.toLowerCase() === "false");
}

/** An IAM resource pattern against an ARN; unlike actions, resources match case-sensitively. */
function resourceMatches(pattern: string, arn: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`).test(arn);
}

/**
 * Every bucket's policy denies any request made without TLS, to the bucket and to its objects,
 * so backups never cross the network in clear text.
 */
export const awsS3RequireTlsOnlyPolicy: PackStackPolicy = {
    name: "aws-s3-require-tls-only-policy",
    description: "Every S3 bucket must have a bucket policy that denies s3:* to every principal when aws:SecureTransport is false, on the bucket and its objects.",
    rationale: "Backups hold every Secret of the cluster and must never cross the network in clear text.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "storage", "source:SH S3.5"],
    remediationSteps: "Create an aws.s3.BucketPolicy with bucket set to the bucket's id and a policy statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [<bucket ARN>, \"<bucket ARN>/*\"], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const policies = settingsOf(args.resources, bucket, "policy");
            if (policies.length === 0) {
                reportViolation(`${describe(bucket)} has no bucket policy, so requests without TLS are allowed.`, bucket.urn);
            }
            for (const policy of policies) {
                const statements = parsePolicyDocument(policy.props.policy);
                if (statements === undefined) {
                    reportViolation(`${describe(policy)} has no policy document that can be read as JSON.`, policy.urn);
                    continue;
                }
                const denials = statements.filter(deniesInsecureTransport);
                if (denials.length === 0) {
                    reportViolation(`${describe(policy)} has no statement denying s3:* to every principal when aws:SecureTransport is "false".`, policy.urn);
                    continue;
                }
                const arn: unknown = bucket.props.arn;
                if (typeof arn !== "string") continue; // not known yet: the denial is there, its coverage is checked once the ARN is
                const patterns = denials.flatMap((s) => s.resource);
                const uncovered = [arn, `${arn}/*`].filter((target) => !patterns.some((p) => resourceMatches(p, target)));
                if (uncovered.length > 0) reportViolation(`${describe(policy)} does not deny insecure transport on ${uncovered.join(" and ")}.`, policy.urn);
            }
        }
    },
};
