import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const REPOSITORY = "aws:ecr/repository:Repository";
/** IMMUTABLE_WITH_EXCLUSION keeps every tag immutable except the listed filters (e.g. a moving `latest`). */
const IMMUTABLE = new Set(["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]);

/** A mutable tag lets a push replace what a pinned deployment runs, unreviewed. */
export const awsEcrRequireImmutableTags: PackResourcePolicy = {
    name: "aws-ecr-require-immutable-tags",
    description: "ECR repositories must make image tags immutable so a pushed tag always names the same image.",
    rationale: "A mutable tag lets a push replace, unreviewed, what a pinned deployment runs.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "containers", "source:SH ECR.2"],
    remediationSteps: "Set imageTagMutability: \"IMMUTABLE\" on the aws.ecr.Repository (or IMMUTABLE_WITH_EXCLUSION with exclusion filters).",
    remediateResource: (args) => {
        if (args.type !== REPOSITORY || IMMUTABLE.has(args.props.imageTagMutability)) return undefined;
        // The exclusion filters of MUTABLE_WITH_EXCLUSION list the immutable tags; IMMUTABLE covers them and takes no filters.
        const { imageTagMutabilityExclusionFilters: _filters, ...rest } = args.props;
        return { ...rest, imageTagMutability: "IMMUTABLE" };
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== REPOSITORY) return;
        const mutability = args.props.imageTagMutability;
        if (!IMMUTABLE.has(mutability)) reportViolation(`${describe(args)} has ${mutability ?? "unset (MUTABLE)"} image tags; IMMUTABLE is required.`);
    },
};
