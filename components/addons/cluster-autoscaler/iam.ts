import { policyDocument, PolicyDocument } from "../../shared/iam";

/**
 * The cluster autoscaler's policy (its AWS cloud-provider README's recommended set): read
 * anything it needs to simulate node groups, but change only the Auto Scaling groups tagged
 * as owned by this cluster, so it can never resize another cluster's capacity.
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "DiscoverNodeGroups",
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
                // Labels and taints of an empty managed node group, for scaling it up from zero.
                "eks:DescribeNodegroup",
            ],
            Resource: "*",
        },
        {
            Sid: "ScaleOnlyThisClustersNodeGroups",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: "*",
            Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
        },
    );
}
