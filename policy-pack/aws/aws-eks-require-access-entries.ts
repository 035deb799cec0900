
import { PackResourcePolicy } from "../lib/policy";
const CLUSTER = "aws:eks/cluster:Cluster";

interface Config {
    allowedModes: string[];
}

/**
 * Cluster access is granted through EKS access entries, which are AWS resources the stack
 * declares and audits, rather than the aws-auth ConfigMap; and whoever ran the first deploy
 * does not keep an invisible cluster-admin grant.
 */
export const awsEksRequireAccessEntries: PackResourcePolicy = {
    name: "aws-eks-require-access-entries",
    description: "EKS clusters must authenticate through access entries (authenticationMode API) and must not grant the creator implicit cluster-admin.",
    rationale: "Access entries are AWS resources the stack declares and audits, unlike the aws-auth ConfigMap, and they leave no invisible cluster-admin grant to whoever ran the first deploy.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "iam", "eks", "source:CIS EKS 4.1.7", "source:BPG"],
    remediationSteps: "Set accessConfig on the cluster to { authenticationMode: \"API\", bootstrapClusterCreatorAdminPermissions: false } and grant access with aws.eks.AccessEntry and AccessPolicyAssociation resources.",
    configSchema: {
        properties: {
            allowedModes: {
                type: "array",
                items: { type: "string", enum: ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"] },
                default: ["API"],
                description: "Authentication modes a cluster may use (API_AND_CONFIG_MAP only while migrating from aws-auth).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const { allowedModes } = args.getConfig<Config>();
        const access = args.props.accessConfig ?? {};
        const who = `${args.name} (${args.type})`;
        if (!allowedModes.includes(access.authenticationMode)) {
            reportViolation(`${who} uses authentication mode ${access.authenticationMode ?? "unset (EKS default CONFIG_MAP)"}; allowed: ${allowedModes.join(", ")}.`);
        }
        if (access.bootstrapClusterCreatorAdminPermissions !== false) {
            reportViolation(`${who} grants its creator cluster-admin (accessConfig.bootstrapClusterCreatorAdminPermissions is ${access.bootstrapClusterCreatorAdminPermissions ?? "unset, default true"}).`);
        }
    },
};
