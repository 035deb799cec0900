import * as assert from "node:assert/strict";
import { RuleTestBatch, RuleUnitTest, verdictsOf } from "./promtool";

describe("promtool batches", () => {
    const group = { name: "example", rules: [{ alert: "Down", expr: "up == 0", for: "1m", labels: { severity: "critical" as const }, annotations: { summary: "down", description: "down", runbook_url: "https://example.com/#down" } }] };
    const series = [{ series: 'up{job="a"}', values: "0x10" }];
    const expecting = (name: string, fires: boolean): RuleUnitTest => ({
        name, interval: "1m", input_series: series,
        alert_rule_test: [{ eval_time: "5m", alertname: "Down", exp_alerts: fires ? [{ exp_labels: { severity: "critical", job: "a" }, exp_annotations: group.rules[0].annotations }] : [] }],
    });

    it("runs every case in one process and fails only the case whose expectation does not hold, with promtool's report of it", () => {
        const batch = new RuleTestBatch()
            .add("holds", { groups: [group], tests: [expecting("fires after a minute down", true)] })
            .add("wrong", { groups: [group], tests: [expecting("silent though down", false)], evaluationInterval: "1m" })
            .add("holds too", { groups: [group], tests: [expecting("fires again", true)], evaluationInterval: "5m" });
        assert.throws(() => batch.assertPassed("holds"), /not run yet/);
        batch.run();
        batch.assertPassed("holds");
        batch.assertPassed("holds too");
        assert.throws(() => batch.assertPassed("wrong"), (e: Error) => {
            assert.match(e.message, /^promtool test rules wrong failed:\nFAILED:\n/);
            assert.match(e.message, /name: silent though down,/);
            assert.match(e.message, /got:\[\n\s+0:\n\s+Labels:\{alertname="Down", job="a", severity="critical"\}/);
            assert.doesNotMatch(e.message, /fires again|fires after a minute/);
            return true;
        });
        assert.throws(() => batch.assertPassed("missing"), /no case "missing"/);
        assert.throws(() => batch.add("late", { groups: [group], tests: [] }), /after the run/);
        assert.throws(() => new RuleTestBatch().add("twice", { groups: [], tests: [] }).add("twice", { groups: [], tests: [] }), /added twice/);
    });

    it("fails every case promtool did not report, and every case when it exits non-zero with no file failed", () => {
        const files = ["tests-0.yaml", "tests-1.yaml"];
        const reported = "Unit Testing:  tests-0.yaml\n  SUCCESS\n\n";
        const partial = verdictsOf(reported, 1, ["a", "b"], files);
        assert.equal(partial.get("a"), undefined);
        assert.match(partial.get("b")!, /^promtool \(exit 1\) did not report tests-1.yaml:\nUnit Testing:  tests-0.yaml/);
        const crashed = verdictsOf(`${reported}Unit Testing:  tests-1.yaml\n  SUCCESS\n\npanic: out of memory\n`, 2, ["a", "b"], files);
        assert.deepEqual([...crashed.values()].map((v) => v?.split("\n")[0]), ["promtool (exit 2) failed though every file passed (tests-0.yaml):", "promtool (exit 2) failed though every file passed (tests-1.yaml):"]);
        assert.deepEqual([...verdictsOf(`${reported}Unit Testing:  tests-1.yaml\n  SUCCESS\n`, 0, ["a", "b"], files).values()], [undefined, undefined]);
    });
});
