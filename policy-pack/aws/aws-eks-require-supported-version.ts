
import { PackResourcePolicy } from "../lib/policy";
const CLUSTER = "aws:eks/cluster:Cluster";

interface Config {
    supportedVersions: string[];
}

/**
 * Clusters run a Kubernetes version in EKS standard support: past it, AWS charges extended
 * support and eventually upgrades the control plane on its own schedule.
 */
export const awsEksRequireSupportedVersion: PackResourcePolicy = {
    name: "aws-eks-require-supported-version",
    description: "EKS clusters must pin a Kubernetes version that is in EKS standard support.",
    rationale: "Past EKS standard support AWS charges for extended support and eventually upgrades the control plane on its own schedule.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "maintenance", "eks", "source:SH EKS.2"],
    remediationSteps: "Set version on the cluster to one of the supported versions (e.g. \"1.36\") and upgrade one minor version at a time, node groups after the control plane.",
    configSchema: {
        properties: {
            supportedVersions: {
                type: "array",
                items: { type: "string", pattern: "^[0-9]+\\.[0-9]+$" },
                default: ["1.35", "1.36"],
                description: "Kubernetes minor versions allowed for clusters. EKS standard support ends: 1.35 on 2027-03-27, 1.36 on 2027-08-02; remove a version before its date.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const { supportedVersions } = args.getConfig<Config>();
        const version = args.props.version;
        const who = `${args.name} (${args.type})`;
        if (version === undefined || version === "") {
            reportViolation(`${who} does not pin version, so EKS picks its current default and upgrades are unplanned.`);
        } else if (!supportedVersions.includes(version)) {
            reportViolation(`${who} runs Kubernetes ${version}; supported: ${supportedVersions.join(", ")}.`);
        }
    },
};
