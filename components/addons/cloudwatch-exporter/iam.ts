import { policyDocument, PolicyDocument } from "../../shared/iam";

/**
 * What YACE's discovery jobs call (its README, "Authentication", the minimum for discovery
 * jobs): the Resource Groups Tagging API to find the tagged resources, ListMetrics to find
 * their series and GetMetricData to read them. GetMetricStatistics serves only its static
 * jobs, which the platform does not use; no namespace read here needs a service's own API.
 */
export const CLOUDWATCH_READ_ACTIONS = ["tag:GetResources", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData"];

/**
 * The exporter's policy: read-only, in the stack's region. None of the three actions has a
 * resource type (CloudWatch metrics and the tagging API's queries are not resources), so the
 * resource is `*`; the region condition keeps it from reading another region's metrics.
 */
export function cloudwatchExporterPolicy(region: string): PolicyDocument {
    return policyDocument({
        Sid: "ReadCloudWatchMetricsOfTaggedResources",
        Effect: "Allow",
        Action: CLOUDWATCH_READ_ACTIONS,
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": region } },
    });
}
