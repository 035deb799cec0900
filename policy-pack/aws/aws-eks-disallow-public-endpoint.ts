import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const CLUSTER = "aws:eks/cluster:Cluster";

/**
 * A limited public endpoint (aws-eks-restrict-public-endpoint) is acceptable; no public endpoint
 * is better, since then a leaked credential is useless outside the VPC and its VPN. The
 * preference reports without blocking: moving operators to a private path (VPN, SSM) is a
 * project, not a change a plan can demand.
 */
export const awsEksDisallowPublicEndpoint: PackResourcePolicy = {
    name: "aws-eks-disallow-public-endpoint",
    description: "EKS clusters should not have a public API endpoint at all (vpcConfig.endpointPublicAccess false).",
    rationale: "Even a public endpoint limited to known networks lets a stolen credential or an API vulnerability be used from those networks without the VPC; a private endpoint needs both.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "network", "eks", "source:CIS EKS 5.4.2", "source:BPG private cluster requirements"],
    remediationSteps: "Give operators a path into the VPC (client VPN or SSM port forwarding to the private endpoint), then set cluster.endpointPublicAccessCidrs to [] in Pulumi.<stack>.yaml, which turns vpcConfig.endpointPublicAccess off (an in-place update of the cluster).",
    validateResource: (args, reportViolation) => {
        if (args.type !== CLUSTER) return;
        const vpcConfig = args.props.vpcConfig ?? {};
        if (vpcConfig.endpointPublicAccess === false) return;
        const cidrs: unknown = vpcConfig.publicAccessCidrs;
        const reach = Array.isArray(cidrs) && cidrs.length > 0 ? cidrs.join(", ") : "0.0.0.0/0 (no publicAccessCidrs)";
        reportViolation(`${describe(args)} has a public API endpoint (reachable from ${reach}); a private-only endpoint is preferred.`);
    },
};
