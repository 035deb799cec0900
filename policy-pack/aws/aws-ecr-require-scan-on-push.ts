import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const REPOSITORY = "aws:ecr/repository:Repository";

/** Scanning at push finds known CVEs before an image reaches a cluster, not at the next audit. */
export const awsEcrRequireScanOnPush: PackResourcePolicy = {
    name: "aws-ecr-require-scan-on-push",
    description: "ECR repositories must scan images for vulnerabilities when they are pushed.",
    rationale: "Scanning at push finds known CVEs before an image reaches a cluster, not at the next audit.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "containers", "source:SH ECR.1"],
    remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true } on the aws.ecr.Repository.",
    remediateResource: (args) => {
        if (args.type !== REPOSITORY || args.props.imageScanningConfiguration?.scanOnPush === true) return undefined;
        return { ...args.props, imageScanningConfiguration: { ...args.props.imageScanningConfiguration, scanOnPush: true } };
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== REPOSITORY) return;
        if (args.props.imageScanningConfiguration?.scanOnPush !== true) reportViolation(`${describe(args)} does not scan images on push.`);
    },
};
