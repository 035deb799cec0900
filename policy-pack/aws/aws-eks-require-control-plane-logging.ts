
import { PackResourcePolicy } from "../lib/policy";
const CLUSTER = "aws:eks/cluster:Cluster";
const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

interface Config {
    requiredLogTypes: string[];
}

/** The log types the cluster lacks, in the order the config lists them. */
function missingLogTypes(props: Record<string, any>, required: string[]): string[] {
    const enabled: unknown[] = Array.isArray(props.enabledClusterLogTypes) ? props.enabledClusterLogTypes : [];
    return required.filter((type) => !enabled.includes(type));
}

/** Control-plane logs are the only record of who did what to the Kubernetes API. */
export const awsEksRequireControlPlaneLogging: PackResourcePolicy = {
    name: "aws-eks-require-control-plane-logging",
    description: "EKS clusters must send the required control-plane log types (by default all five) to CloudWatch Logs.",
    rationale: "Control-plane logs are the only record of who did what to the Kubernetes API.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "logging", "eks", "source:SH EKS.8", "source:CIS EKS 2.1.1"],
    remediationSteps: "Set enabledClusterLogTypes on the cluster to [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"] (remediation adds the missing types).",
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: { type: "string", enum: LOG_TYPES },
                default: LOG_TYPES,
                description: "Control-plane log types every cluster must enable.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const missing = missingLogTypes(args.props, args.getConfig<Config>().requiredLogTypes);
        if (missing.length > 0) reportViolation(`${args.name} (${args.type}) does not log: ${missing.join(", ")}.`);
    },
    // Appending keeps the types already listed in place, so a second run changes nothing.
    remediateResource: (args) => {
        if (args.type !== CLUSTER) return undefined;
        const missing = missingLogTypes(args.props, args.getConfig<Config>().requiredLogTypes);
        if (missing.length === 0) return undefined;
        const enabled: unknown[] = Array.isArray(args.props.enabledClusterLogTypes) ? args.props.enabledClusterLogTypes : [];
        return { ...args.props, enabledClusterLogTypes: [...enabled, ...missing] };
    },
};
