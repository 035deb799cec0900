import { strict as assert } from "node:assert";
import { awsCloudwatchRequireLogRetention as policy } from "../aws/aws-cloudwatch-require-log-retention";
import { evaluatePolicies } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { logGroup } from "./fixtures-services";

function group(change: (inputs: Record<string, any>) => void = () => {}) {
    const g = logGroup();
    change(g.inputs);
    return g;
}

describe("aws-cloudwatch-require-log-retention", () => {
    it("passes a log group keeping events 30 days", () => {
        assert.deepEqual(violations(policy, [group()]), []);
    });

    it("fails a log group without a retention, as advisory by default", () => {
        const g = group((i) => delete i.retentionInDays);
        const found = evaluateAtOwnLevel([g]);
        assert.deepEqual(found.map((v) => v.urn), [g.urn]);
        assert.equal(found[0].enforcementLevel, "advisory");
        assert.match(found[0].message, /flow-logs \(aws:cloudwatch\/logGroup:LogGroup\) keeps its events forever: retentionInDays is unset; set at least 30 days\.$/);
    });

    it("fails a log group that never expires (retention 0)", () => {
        assert.match(violations(policy, [group((i) => (i.retentionInDays = 0))])[0].message, /keeps its events forever: retentionInDays is 0;/);
    });

    it("fails a retention shorter than the minimum", () => {
        assert.match(violations(policy, [group((i) => (i.retentionInDays = 7))])[0].message, /keeps its events 7 days; at least 30 days are required\.$/);
    });

    it("requires the configured minimum instead of the default", () => {
        assert.equal(violations(policy, [group()], { minDays: 90 }).length, 1);
        assert.deepEqual(violations(policy, [group((i) => (i.retentionInDays = 7))], { minDays: 7 }), []);
    });
});

/** Runs the policy without a config entry, so its own advisory level applies. */
function evaluateAtOwnLevel(resources: Parameters<typeof violations>[1]) {
    return evaluatePolicies([policy], "mandatory", {}, resources).violations;
}
