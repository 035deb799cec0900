import { strict as assert } from "node:assert";
import { kubernetesPrometheusruleRequireSeverityAndRunbook as policy } from "../kubernetes/kubernetes-prometheusrule-require-severity-and-runbook";
import { violations } from "./fixtures";
import { serviceMonitor } from "./fixtures-application";
import { prometheusRule, serviceDownAlert } from "./fixtures-monitoring";

/** The one violation of a PrometheusRule whose ServiceDown alert `change` altered, without the policy's description. */
function problemOf(change: (alert: ReturnType<typeof serviceDownAlert>) => void, properties: Record<string, unknown> = {}): string {
    const alert = serviceDownAlert();
    change(alert);
    const rule = prometheusRule([alert]);
    const found = violations(policy, [rule], properties);
    assert.deepEqual(found.map((v) => v.urn), [rule.urn]);
    return found[0].message.slice(policy.description.length + 1);
}

describe("kubernetes-prometheusrule-require-severity-and-runbook", () => {
    it("passes alerts with a known severity and an absolute runbook URL, and does not judge recording rules", () => {
        assert.deepEqual(violations(policy, [prometheusRule()]), []);
    });

    it("fails an alert without a severity label, naming its group and alert", () => {
        assert.equal(problemOf((a) => { delete (a.labels as Record<string, string>).severity; }),
            "signal-trading-alerts (kubernetes:monitoring.coreos.com/v1:PrometheusRule): group signal-trading-availability, alert ServiceDown: has no severity label.");
    });

    it("fails a severity Alertmanager does not route, and follows the configured list", () => {
        assert.match(problemOf((a) => { a.labels.severity = "page"; }), /alert ServiceDown: severity "page" is not one of critical, warning, ticket, info\.$/);
        assert.match(problemOf(() => undefined, { severities: ["warning"] }), /severity "critical" is not one of warning\.$/);
    });

    it("fails an alert without a runbook_url, or with one that is not an absolute http(s) URL", () => {
        assert.match(problemOf((a) => { delete (a.annotations as Record<string, string>).runbook_url; }), /alert ServiceDown: has no runbook_url annotation\.$/);
        assert.match(problemOf((a) => { a.annotations.runbook_url = "docs/runbooks.md#servicedown"; }), /runbook_url "docs\/runbooks\.md#servicedown" is not an absolute http\(s\) URL\.$/);
        assert.match(problemOf((a) => { a.annotations.runbook_url = "file:///runbooks.md"; }), /is not an absolute http\(s\) URL/);
    });

    it("lists every problem of every alert in one violation", () => {
        const bare = { alert: "HighErrorRate", expr: "vector(1)", labels: {}, annotations: {} };
        const found = violations(policy, [prometheusRule([serviceDownAlert(), bare])]);
        assert.equal(found.length, 1);
        assert.ok(found[0].message.endsWith("group signal-trading-availability, alert HighErrorRate: has no severity label; group signal-trading-availability, alert HighErrorRate: has no runbook_url annotation."), found[0].message);
    });

    it("does not judge other kinds", () => {
        assert.deepEqual(violations(policy, [serviceMonitor()]), []);
    });
});
