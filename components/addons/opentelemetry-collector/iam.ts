import { policyDocument, PolicyDocument } from "../../shared/iam";

/** What the awsxray exporter calls: segments, and the telemetry it reports about itself (its `telemetry.enabled`). */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/**
 * The collector's X-Ray policy: write segments and the exporter's telemetry, in the stack's
 * region only. Neither action has a resource type, so the resource is `*`. No reads: the
 * sampling rules (xray:GetSamplingRules/Targets) serve SDKs that sample against X-Ray, and here
 * the collector samples by itself.
 */
export function otelCollectorPolicy(region: string): PolicyDocument {
    return policyDocument({
        Sid: "WriteTraces",
        Effect: "Allow",
        Action: XRAY_WRITE_ACTIONS,
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": region } },
    });
}
