import { strict as assert } from "node:assert";
import { awsCloudwatchRequireLogEncryption as policy } from "../aws/aws-cloudwatch-require-log-encryption";
import { evaluatePolicies } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { logGroup } from "./fixtures-services";

function group(change: (inputs: Record<string, any>) => void = () => {}) {
    const g = logGroup();
    change(g.inputs);
    return g;
}

describe("aws-cloudwatch-require-log-encryption", () => {
    it("passes a log group encrypted with a customer-managed key", () => {
        assert.deepEqual(violations(policy, [group()]), []);
    });

    it("fails an alias ARN, even of a customer key: CloudWatch Logs takes the key's own ARN", () => {
        assert.match(violations(policy, [group((i) => (i.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/signal-trading-prod-logs"))])[0].message,
            /kmsKeyId is arn:aws:kms:us-east-1:123456789012:alias\/signal-trading-prod-logs, an alias ARN; CloudWatch Logs takes the key's own ARN\.$/);
    });

    it("fails a log group without kmsKeyId, as mandatory by default", () => {
        const g = group((i) => delete i.kmsKeyId);
        const found = evaluatePolicies([policy], "advisory", {}, [g]).violations;
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[g.urn, "mandatory"]]);
        assert.match(found[0].message, /flow-logs \(aws:cloudwatch\/logGroup:LogGroup\) does not encrypt its events with a customer-managed key: kmsKeyId is unset\.$/);
    });

    it("fails an AWS-managed alias and a value that is not a KMS ARN", () => {
        assert.match(violations(policy, [group((i) => (i.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/logs"))])[0].message, /kmsKeyId is arn:aws:kms:us-east-1:123456789012:alias\/aws\/logs, an AWS-managed key\.$/);
        assert.match(violations(policy, [group((i) => (i.kmsKeyId = "alias/signal-trading-prod-logs"))])[0].message, /kmsKeyId is "alias\/signal-trading-prod-logs", not a KMS key or alias ARN\.$/);
    });

    it("judges only log groups", () => {
        const other = group((i) => delete i.kmsKeyId);
        other.type = "aws:cloudwatch/metricAlarm:MetricAlarm";
        assert.deepEqual(violations(policy, [other]), []);
    });
});
