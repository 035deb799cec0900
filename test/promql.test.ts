import { strict as assert } from "node:assert";
import { parseQuery, queryProblems } from "./promql";
import { checkRules, testRules } from "./promtool";

describe("PromQL checks", () => {
    it("name every series an expression selects, in ranges, offsets and subqueries too", () => {
        const parsed = parseQuery('sum by (job) (rate(http_server_request_duration_seconds_count{code=~"5.."}[5m])) / sum(rate(up[5m] offset 1h)) > max_over_time(redis_up[1h:1m])');
        assert.deepEqual(parsed, { series: ["http_server_request_duration_seconds_count", "up", "redis_up"], errors: [] });
    });

    it("report syntax errors and selectors by __name__", () => {
        assert.equal(parseQuery("rate(up[5m]").errors.length > 0, true);
        assert.match(parseQuery('{__name__="up"}').errors.join(), /__name__/);
    });

    it("refuse a series outside the contract, the exporters and the recorded series", () => {
        assert.deepEqual(queryProblems("rule X", "rate(http_server_request_duration_seconds_count[5m])"), []);
        assert.deepEqual(queryProblems("rule X", "slo:ratio", new Set(["slo:ratio"])), []);
        assert.deepEqual(queryProblems("rule X", "rate(http_requests_total[5m])"), ["rule X: http_requests_total is in neither the metric contract nor an exporter's metrics nor the recorded series"]);
    });
});

describe("promtool", () => {
    const group = { name: "example", rules: [{ alert: "Down", expr: "up == 0", for: "1m", labels: { severity: "critical" as const }, annotations: { summary: "down", description: "down", runbook_url: "https://example.com/#down" } }] };

    it("checks rules and refuses PromQL its engine cannot read", () => {
        checkRules([group]);
        assert.throws(() => checkRules([{ name: "bad", rules: [{ record: "x:y", expr: "rate(up)" }] }]), /promtool check rules rules.yaml failed/);
    });

    it("runs unit tests, and fails one whose expectation does not hold", () => {
        const series = [{ series: 'up{job="a"}', values: "0x10" }];
        testRules([group], [{ interval: "1m", input_series: series, alert_rule_test: [{ eval_time: "5m", alertname: "Down", exp_alerts: [{ exp_labels: { severity: "critical", job: "a" }, exp_annotations: group.rules[0].annotations }] }] }]);
        assert.throws(() => testRules([group], [{ interval: "1m", input_series: series, alert_rule_test: [{ eval_time: "5m", alertname: "Down", exp_alerts: [] }] }]), /promtool test rules tests.yaml failed/);
    });
});
