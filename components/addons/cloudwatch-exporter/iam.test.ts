import { strict as assert } from "node:assert";
import { cloudwatchExporterPolicy } from "./iam";

describe("CloudWatch exporter IAM policy", () => {
    it("reads tagged resources and their CloudWatch metrics, in the stack's region only, and nothing else", () => {
        assert.deepEqual(cloudwatchExporterPolicy("eu-west-1"), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "ReadCloudWatchMetricsOfTaggedResources",
                Effect: "Allow",
                Action: ["tag:GetResources", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData"],
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
            }],
        });
    });

    it("grants no write, no wildcard action and not the static jobs' GetMetricStatistics", () => {
        const actions = [cloudwatchExporterPolicy("us-east-1").Statement.flatMap((s) => s.Action)].flat();
        assert.ok(actions.every((a) => /^(tag|cloudwatch):(Get|List)\w+$/.test(a)), actions.join());
        assert.equal(actions.includes("cloudwatch:GetMetricStatistics"), false);
    });
});
