import { parseJson } from "../lib/iam";
import { PackStackPolicy } from "../lib/policy";
import { dependentsOfType, describe } from "../lib/resources";

const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

/** Without expiry rules every pushed image is stored, and billed, forever. */
export const awsEcrRequireLifecyclePolicy: PackStackPolicy = {
    name: "aws-ecr-require-lifecycle-policy",
    description: "Every ECR repository must have a lifecycle policy with at least one rule.",
    rationale: "Without expiry rules every pushed image is stored, and billed, forever.",
    severity: "low",
    enforcementLevel: "mandatory",
    tags: ["cost", "containers", "source:SH ECR.3"],
    remediationSteps: "Create an aws.ecr.LifecyclePolicy with repository set to the repository's name output and a policy whose rules expire untagged and old images.",
    validateStack: (args, reportViolation) => {
        for (const repository of args.resources.filter((r) => r.type === REPOSITORY)) {
            const policies = dependentsOfType(args.resources, repository, LIFECYCLE_POLICY);
            if (policies.length === 0) reportViolation(`${describe(repository)} has no lifecycle policy.`, repository.urn);
            for (const policy of policies) {
                const document = parseJson(policy.props.policy);
                // An unknown document is judged at deployment; a known one needs rules.
                if (document === undefined) continue;
                const rules = (document as { rules?: unknown } | null)?.rules;
                if (!Array.isArray(rules) || rules.length === 0) reportViolation(`${describe(policy)} has no rules, so it expires nothing in ${repository.name}.`, policy.urn);
            }
        }
    },
};
