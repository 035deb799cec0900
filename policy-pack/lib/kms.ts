/**
 * A KMS key named by ARN: a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`) or an alias
 * ARN (`...:alias/<name>`). Aliases under `alias/aws/` are the AWS-managed keys (aws/ebs,
 * aws/s3), whose key policy the account cannot change, so they do not count as customer keys.
 */
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

/** Why `value` is not the ARN of a customer-managed KMS key, or undefined when it is one. */
export function customerKeyArnProblem(value: unknown): string | undefined {
    if (value === undefined || value === null || value === "") return "is unset";
    if (typeof value !== "string" || !KMS_ARN.test(value)) return `is ${JSON.stringify(value)}, not a KMS key or alias ARN`;
    if (/:alias\/aws\//.test(value)) return `is ${value}, an AWS-managed key`;
    return undefined;
}
