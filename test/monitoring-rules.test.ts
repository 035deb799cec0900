import { strict as assert } from "node:assert";
import { alertmanagerConfig } from "../components/addons/monitoring/alertmanager";
import { Severity } from "../components/observability/rules";
import { kubernetesPrometheusruleRequireSeverityAndRunbook as severityGate } from "../policy-pack/kubernetes/kubernetes-prometheusrule-require-severity-and-runbook";
import { chartRuleSelector, PlannedObject, PlannedRule, runbookProblems, unselectedRules } from "./monitoring-rules";

const rule = (labels: Record<string, string>, namespace = "signal-trading-monitoring"): PlannedRule => ({
    name: "alerts", namespace, labels,
    groups: [{ name: "g", rules: [{ record: "x:y", expr: "up" }, { alert: "ServiceDown", annotations: { runbook_url: "https://example.com/runbooks.md#servicedown" } }] }],
});
const namespaces: PlannedObject[] = [{ name: "signal-trading-monitoring", labels: { "app.kubernetes.io/part-of": "signal-trading" } }, { name: "other", labels: {} }];

describe("joining PrometheusRules to their readers", () => {
    it("reads the chart's rule selector as its template does", () => {
        assert.deepEqual(chartRuleSelector({}, "kps"), { matchLabels: { release: "kps" } });
        assert.deepEqual(chartRuleSelector({ ruleSelectorNilUsesHelmValues: false }, "kps"), {});
        assert.deepEqual(chartRuleSelector({ ruleSelectorNilUsesHelmValues: false, ruleSelector: { matchLabels: { a: "b" } } }, "kps"), { matchLabels: { a: "b" } });
    });

    it("reports a rule outside the selected namespaces or without the selected labels", () => {
        const values = { prometheus: { prometheusSpec: { ruleNamespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } } } } };
        assert.deepEqual(unselectedRules([rule({ release: "kps" })], namespaces, values, "kps"), []);
        assert.deepEqual(unselectedRules([rule({})], namespaces, values, "kps"), ['PrometheusRule alerts: labels {} are not selected by ruleSelector {"matchLabels":{"release":"kps"}}']);
        assert.match(unselectedRules([rule({ release: "kps" }, "other")], namespaces, values, "kps").join(), /namespace other is not selected by ruleNamespaceSelector/);
        assert.deepEqual(unselectedRules([rule({ release: "kps" }, "other")], namespaces, { prometheus: { prometheusSpec: {} } }, "kps"), [], "the chart's default {} selects every namespace");
        assert.match(unselectedRules([rule({ release: "kps" }, "missing")], namespaces, values, "kps").join(), /no such Namespace in the plan/);
    });

    it("reports an alert whose runbook_url is elsewhere or names no heading", () => {
        assert.deepEqual(runbookProblems([rule({})], "https://example.com/runbooks.md", "# Runbooks\n\n## ServiceDown\n"), []);
        assert.deepEqual(runbookProblems([rule({})], "https://example.com/runbooks.md", "# Runbooks\n\n## Service down\n"), ["PrometheusRule alerts, group g, alert ServiceDown: docs/runbooks.md has no heading with anchor #servicedown"]);
        assert.match(runbookProblems([rule({})], "https://example.org/runbooks.md", "## ServiceDown\n").join(), /is not https:\/\/example\.org\/runbooks\.md#<heading>/);
    });
});

describe("severities", () => {
    it("the gate accepts exactly the severities Alertmanager routes by name, and the rules' type names no other", () => {
        const accepted = (severityGate.configSchema?.properties as { severities: { default: string[] } }).severities.default;
        const config = alertmanagerConfig({ slackChannels: { critical: "#c", warning: "#w", ticket: "#t" }, alertRoutes: {} });
        const routed = config.route.routes.flatMap((r) => (r.matchers ?? []).map((m) => /^severity = "(\w+)"$/.exec(m)?.[1]).filter((s): s is string => s !== undefined));
        assert.deepEqual([...accepted].sort(), [...routed].sort());
        const typed: Record<Severity, true> = { critical: true, warning: true, ticket: true, info: true };
        assert.deepEqual(Object.keys(typed).sort(), [...accepted].sort());
    });
});
