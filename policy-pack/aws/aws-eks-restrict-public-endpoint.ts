
import { PackResourcePolicy } from "../lib/policy";
const CLUSTER = "aws:eks/cluster:Cluster";

interface Config {
    disallowedCidrs: string[];
}

/**
 * The Kubernetes API is reachable from inside the VPC, and from the internet only from listed
 * networks. EKS defaults endpointPublicAccess to true and publicAccessCidrs to 0.0.0.0/0, so
 * an unset value is as open as an explicit one.
 */
export const awsEksRestrictPublicEndpoint: PackResourcePolicy = {
    name: "aws-eks-restrict-public-endpoint",
    description: "EKS clusters must enable the private API endpoint and, when the public endpoint is on, limit it to listed CIDRs that are not open to the internet.",
    rationale: "EKS opens the Kubernetes API to the whole internet by default, so an unset value is as exposed as an explicit 0.0.0.0/0.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "eks", "source:SH EKS.1", "source:CIS EKS 5.4.1", "source:CIS EKS 5.4.2"],
    remediationSteps: "Set vpcConfig.endpointPrivateAccess to true, and either set vpcConfig.endpointPublicAccess to false or set vpcConfig.publicAccessCidrs to the operators' CIDRs (e.g. the VPN egress range).",
    configSchema: {
        properties: {
            disallowedCidrs: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["0.0.0.0/0", "::/0"],
                description: "CIDRs that must not appear in vpcConfig.publicAccessCidrs (ranges that mean the whole internet).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const { disallowedCidrs } = args.getConfig<Config>();
        const vpcConfig = args.props.vpcConfig ?? {};
        const who = `${args.name} (${args.type})`;
        if (vpcConfig.endpointPrivateAccess !== true) {
            reportViolation(`${who} does not enable the private endpoint (vpcConfig.endpointPrivateAccess is ${vpcConfig.endpointPrivateAccess ?? "unset"}), so nodes reach the API over the internet.`);
        }
        if (vpcConfig.endpointPublicAccess === false) return;
        const cidrs: unknown = vpcConfig.publicAccessCidrs;
        if (!Array.isArray(cidrs) || cidrs.length === 0) {
            reportViolation(`${who} has a public endpoint without vpcConfig.publicAccessCidrs, so EKS opens it to 0.0.0.0/0.`);
            return;
        }
        const open = cidrs.filter((cidr) => disallowedCidrs.includes(cidr));
        if (open.length > 0) reportViolation(`${who} opens its public endpoint to ${open.join(", ")}.`);
    },
};
