import { coverageProblems, CoverageLimit, DEFAULT_COVERAGE_LIMIT } from "../lib/cidr";
import { PackResourcePolicy } from "../lib/policy";

const CLUSTER = "aws:eks/cluster:Cluster";

/**
 * The Kubernetes API is reachable from inside the VPC, and from the internet only from listed
 * networks. EKS defaults endpointPublicAccess to true and publicAccessCidrs to 0.0.0.0/0, so
 * an unset value is as open as an explicit one. What counts is how many addresses the list
 * opens together: two halves of the internet are the internet, however they are written.
 */
export const awsEksRestrictPublicEndpoint: PackResourcePolicy = {
    name: "aws-eks-restrict-public-endpoint",
    description: "EKS clusters must enable the private API endpoint and, when the public endpoint is on, limit it to valid CIDRs that together cover at most one /24 of IPv4 addresses and one /48 of IPv6 addresses (configurable), overlaps counted once.",
    rationale: "EKS opens the Kubernetes API to the whole internet by default, so an unset value is as exposed as an explicit 0.0.0.0/0.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "eks", "source:SH EKS.1", "source:CIS EKS 5.4.1", "source:CIS EKS 5.4.2"],
    remediationSteps: "Set vpcConfig.endpointPrivateAccess to true, and either set vpcConfig.endpointPublicAccess to false or set vpcConfig.publicAccessCidrs to the operators' CIDRs (e.g. the VPN egress range, cluster.endpointPublicAccessCidrs in Pulumi.<stack>.yaml), which together cover no more than one /24 (IPv4) or /48 (IPv6).",
    configSchema: {
        properties: {
            ipv4PrefixLength: {
                type: "integer", minimum: 0, maximum: 32, default: DEFAULT_COVERAGE_LIMIT.ipv4PrefixLength,
                description: "The IPv4 addresses publicAccessCidrs may cover together, as the size of one block of this prefix length (24: 256 addresses).",
            },
            ipv6PrefixLength: {
                type: "integer", minimum: 0, maximum: 128, default: DEFAULT_COVERAGE_LIMIT.ipv6PrefixLength,
                description: "The IPv6 addresses publicAccessCidrs may cover together, as the size of one block of this prefix length (48: one site).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const limit = args.getConfig<CoverageLimit>();
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
        const problems = coverageProblems(cidrs.map(String), limit);
        if (problems.length > 0) reportViolation(`${who} opens its public endpoint too wide: vpcConfig.publicAccessCidrs ${problems.join("; ")}.`);
    },
};
