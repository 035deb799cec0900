import { strict as assert } from "node:assert";
import { otelCollectorPolicy } from "./iam";

describe("OpenTelemetry Collector IAM policy", () => {
    it("writes trace segments and the exporter's telemetry in the stack's region, and nothing else", () => {
        assert.deepEqual(otelCollectorPolicy("eu-west-1"), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "WriteTraces",
                Effect: "Allow",
                Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
            }],
        });
    });

    it("reads no sampling rules: the collector samples by itself", () => {
        const actions = otelCollectorPolicy("us-east-1").Statement.flatMap((s) => [s.Action].flat());
        assert.ok(actions.every((a) => a.startsWith("xray:Put")), actions.join(", "));
    });
});
