import { strict as assert } from "node:assert";
import { registrationsOf } from "../../test/harness";
import { replacementRule } from "../../tools/plan/replacements";
import { ControlPlaneAudit, ControlPlaneAuditArgs } from "./control-plane-audit";
import { renderAuditMetricFilters, renderControlPlaneQueries } from "./control-plane-queries";

const LOG_GROUP = "/aws/eks/signal-trading-prod/cluster";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/signal-trading-delivery-prod-break-glass";
const DEPLOY = "arn:aws:iam::123456789012:role/signal-trading-delivery-prod-deploy";
const ARGS: ControlPlaneAuditArgs = { logGroupName: LOG_GROUP, topicKeyArn: KEY, breakGlassRoleArn: BREAK_GLASS, deployRoleArn: DEPLOY };
const build = (args: Partial<ControlPlaneAuditArgs> = {}) => registrationsOf(() => new ControlPlaneAudit("signal-trading-prod", { ...ARGS, ...args }));

describe("ControlPlaneAudit component", () => {
    it("saves every rendered query over the control-plane log group, under its rendered name", async () => {
        const r = await build();
        const saved = r.ofType("aws:cloudwatch/queryDefinition:QueryDefinition").map((q) => r.inputs(q));
        assert.deepEqual(saved, renderControlPlaneQueries({ folder: "signal-trading-prod", breakGlassRoleArn: BREAK_GLASS })
            .map((q) => ({ name: q.name, queryString: q.queryString, logGroupNames: [LOG_GROUP] })));
    });

    it("counts each filter's events in a metric of the cluster's namespace, on the control-plane log group", async () => {
        const r = await build();
        const filters = r.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => r.inputs(f));
        assert.deepEqual(filters, renderAuditMetricFilters({ breakGlassRoleArn: BREAK_GLASS, deployRoleArn: DEPLOY }).map((f) => ({
            name: `signal-trading-prod-${f.key}`, logGroupName: LOG_GROUP, pattern: f.pattern,
            metricTransformation: { namespace: "SignalTrading/ControlPlane/signal-trading-prod", name: f.metricName, value: "1", unit: "Count" },
        })));
    });

    it("alarms on each metric's five-minute sum reaching its threshold, notifying the encrypted topic, quiet without events", async () => {
        const r = await build();
        const topic = r.one("aws:sns/topic:Topic");
        assert.deepEqual(r.inputs(topic), { name: "signal-trading-prod-control-plane-alarms", kmsMasterKeyId: KEY, tags: { Name: "signal-trading-prod-control-plane-alarms" } });
        const topicArn = r.outputs(topic).arn;
        assert.ok(topicArn, "the mocks give the topic an ARN");
        const alarms = r.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        const byName = new Map(alarms.map((a) => [r.inputs(a).name, r.inputs(a)]));
        for (const filter of renderAuditMetricFilters({ breakGlassRoleArn: BREAK_GLASS, deployRoleArn: DEPLOY })) {
            const alarm = byName.get(`signal-trading-prod-control-plane-${filter.key}`);
            assert.ok(alarm, filter.key);
            assert.deepEqual({ ...alarm, tags: undefined }, {
                name: `signal-trading-prod-control-plane-${filter.key}`, alarmDescription: filter.description, namespace: "SignalTrading/ControlPlane/signal-trading-prod", metricName: filter.metricName,
                statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: filter.threshold, comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching", alarmActions: [topicArn], tags: undefined,
            });
            assert.deepEqual(alarm.tags, { Name: `signal-trading-prod-control-plane-${filter.key}` });
        }
        assert.equal(alarms.length, 6);
        assert.equal(r.ofType("aws:sns/topicSubscription:TopicSubscription").length, 0, "nobody is subscribed by the program");
    });

    it("has no break-glass query or alarm without a break-glass role", async () => {
        const r = await build({ breakGlassRoleArn: undefined });
        assert.equal(r.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length, 5);
        assert.ok(!r.ofType("aws:cloudwatch/queryDefinition:QueryDefinition").some((q) => r.inputs(q).name.endsWith("/break-glass")));
    });

    it("names every resource from the cluster's name only, so that changing a query, pattern or threshold replaces nothing", async () => {
        const before = await build();
        const after = await build({ breakGlassRoleArn: "arn:aws:iam::123456789012:role/other-break-glass" });
        for (const type of ["aws:cloudwatch/queryDefinition:QueryDefinition", "aws:cloudwatch/logMetricFilter:LogMetricFilter", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:sns/topic:Topic"]) {
            const forcing = (r: typeof before) => r.ofType(type).map((x) => replacementRule(type)!.replaceOn.map((path) => r.inputs(x)[path]));
            assert.deepEqual(forcing(after), forcing(before), type);
        }
        assert.notDeepEqual(
            before.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => before.inputs(f).pattern),
            after.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => after.inputs(f).pattern),
        );
    });

    it("registers as signal-trading:audit:ControlPlaneAudit and parents its resources to itself", async () => {
        const r = await build();
        const component = r.one("signal-trading:audit:ControlPlaneAudit", "signal-trading-prod");
        for (const child of r.all.filter((x) => x !== component)) assert.equal(child.parent, component.urn, child.name);
    });
});
