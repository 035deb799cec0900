import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { queryProblems } from "../../../test/promql";
import { checkRules, ExpectedAlert, RuleTestBatch, RuleUnitTest } from "../../../test/promtool";
import { headingAnchor, isAlertingRule, RuleGroup } from "../rules";
import { sloSeriesNames } from "../slo-series";
import { AvailabilitySlo, BURN_RATE_ALERTS, LatencySlo, SLO_ALERT, SLO_RUNBOOK_HEADINGS, sloEventSeriesNames, sloProblems, sloRuleGroup, sloRuleGroups } from "./rules";

const NAMESPACE = "signal-trading";
const RUNBOOKS = "https://example.com/docs/runbooks.md";
const PROBES = ["/ready", "/healthz"];

const availability: AvailabilitySlo = { service: "gateway", sli: "availability", objectivePercent: 99.9, periodDays: 30, excludedRoutes: PROBES };
const latency: LatencySlo = { service: "gateway", sli: "latency", objectivePercent: 95, thresholdSeconds: 0.5, periodDays: 30, excludedRoutes: PROBES };

const sloLabels = (slo: string, sli: string) => ({ slo, sli, service: "gateway", namespace: NAMESPACE });

describe("SLO rules", () => {
    it("generates the recording rules and burn-rate alerts of an availability SLO exactly", () => {
        const scope = 'job="gateway", namespace="signal-trading", http_route!~"/ready|/healthz"';
        const all = (w: string) => `sum(rate(http_server_request_duration_seconds_count{${scope}}[${w}]))`;
        const bad = (w: string) => `(sum(rate(http_server_request_duration_seconds_count{${scope}, http_response_status_code=~"5.."}[${w}])) or 0 * ${all(w)})`;
        const own = '{slo="gateway-availability", namespace="signal-trading"}';
        const labels = sloLabels("gateway-availability", "availability");
        const alert = (severity: string, burn: number, long: string, short: string, share: string, lasts: string) => ({
            alert: "SLOErrorBudgetBurn",
            expr: `slo:sli_error:ratio_rate${long}${own} > (${burn} * 0.001)\nand\nslo:sli_error:ratio_rate${short}${own} > (${burn} * 0.001)`,
            labels: { severity, window: long, ...labels },
            annotations: {
                summary: `gateway is burning its availability error budget ${burn}× as fast as its 30-day SLO allows`,
                description: `Over the last ${long} and the last ${short}, more than ${share} of gateway's requests in signal-trading failed with a server error (5xx); the 99.9 % objective allows 0.1 %. At this rate a whole 30-day error budget lasts ${lasts}.`,
                runbook_url: `${RUNBOOKS}#sloerrorbudgetburn-${severity}`,
            },
        });
        assert.deepEqual(sloRuleGroup(availability, NAMESPACE, RUNBOOKS), {
            name: "slo-gateway-availability",
            rules: [
                { record: "slo:sli_bad_events:rate5m", expr: bad("5m"), labels },
                { record: "slo:sli_events:rate5m", expr: all("5m"), labels },
                ...["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: `${bad(w)} / ${all(w)}`, labels })),
                { record: "slo:sli_error:ratio_rate_period", expr: `sum_over_time(slo:sli_bad_events:rate5m${own}[30d]) / sum_over_time(slo:sli_events:rate5m${own}[30d])`, labels },
                { record: "slo:objective:ratio", expr: "vector(0.999)", labels },
                { record: "slo:error_budget:ratio", expr: "vector(0.001)", labels },
                { record: "slo:time_period:days", expr: "vector(30)", labels },
                { record: "slo:current_burn_rate:ratio", expr: `slo:sli_error:ratio_rate5m${own} / 0.001`, labels },
                { record: "slo:period_burn_rate:ratio", expr: `slo:sli_error:ratio_rate_period${own} / 0.001`, labels },
                { record: "slo:period_error_budget_remaining:ratio", expr: `1 - slo:period_burn_rate:ratio${own}`, labels },
                alert("critical", 14.4, "1h", "5m", "1.44 %", "50 hours"),
                alert("critical", 6, "6h", "30m", "0.6 %", "5 days"),
                alert("ticket", 3, "1d", "2h", "0.3 %", "10 days"),
                alert("ticket", 1, "3d", "6h", "0.1 %", "30 days"),
            ],
        });
    });

    it("counts a latency SLO's bad requests as all requests less those in the threshold's bucket, whichever way Prometheus spells a whole-number bound", () => {
        const ratio = (slo: LatencySlo) => sloRuleGroup(slo, NAMESPACE, RUNBOOKS).rules.find((r) => "record" in r && r.record === "slo:sli_error:ratio_rate1h")!.expr;
        const scope = 'job="gateway", namespace="signal-trading", http_route!~"/ready|/healthz"';
        const all = `sum(rate(http_server_request_duration_seconds_count{${scope}}[1h]))`;
        assert.equal(ratio(latency), `(${all} - sum(rate(http_server_request_duration_seconds_bucket{${scope}, le="0.5"}[1h]))) / ${all}`);
        assert.equal(ratio({ ...latency, thresholdSeconds: 1 }), `(${all} - sum(rate(http_server_request_duration_seconds_bucket{${scope}, le=~"1|1\\\\.0"}[1h]))) / ${all}`);
        const latencyAlert = sloRuleGroup(latency, NAMESPACE, RUNBOOKS).rules.filter(isAlertingRule)[0];
        assert.equal(latencyAlert.annotations.description, "Over the last 1h and the last 5m, more than 72 % of gateway's requests in signal-trading took longer than 500 ms; the 95 % objective allows 5 %. At this rate a whole 30-day error budget lasts 50 hours.");
    });

    it("names in every expression only the metric contract's series and the series the rules record", () => {
        const groups = sloRuleGroups([availability, latency, { ...availability, service: "data" }], NAMESPACE, RUNBOOKS);
        const rules = groups.flatMap((g) => g.rules);
        const recorded = new Set(rules.flatMap((r) => ("record" in r ? [r.record] : [])));
        assert.deepEqual([...recorded].sort(), [...sloSeriesNames(), ...sloEventSeriesNames()].sort(), "records exactly the SLO series");
        assert.deepEqual(rules.flatMap((r) => queryProblems("alert" in r ? r.alert : r.record, r.expr, recorded)), []);
    });

    it("passes promtool check rules, several SLOs side by side", () => {
        checkRules(sloRuleGroups([availability, latency, { ...availability, service: "data", objectivePercent: 99.5 }, { ...latency, service: "signal", thresholdSeconds: 1 }], NAMESPACE, RUNBOOKS));
    });

    it("links every alert to a heading of docs/runbooks.md", () => {
        const runbooks = fs.readFileSync(path.join(__dirname, "../../../docs/runbooks.md"), "utf8");
        const anchors = new Set([...runbooks.matchAll(/^#+ (.+)$/gm)].map((m) => headingAnchor(m[1])));
        const alerts = sloRuleGroups([availability, latency], NAMESPACE, RUNBOOKS).flatMap((g) => g.rules.filter(isAlertingRule));
        for (const alert of alerts) assert.ok(anchors.has(alert.annotations.runbook_url.split("#")[1]), `${alert.annotations.runbook_url} is no heading of docs/runbooks.md`);
        assert.deepEqual(new Set(alerts.map((a) => a.annotations.runbook_url)), new Set(Object.values(SLO_RUNBOOK_HEADINGS).map((h) => `${RUNBOOKS}#${headingAnchor(h)}`)));
    });

    it("refuses an objective outside (90, 100) or too low to page on, a threshold between bucket bounds, and an SLO defined twice", () => {
        assert.deepEqual(sloProblems(availability), []);
        assert.deepEqual(sloProblems({ ...availability, objectivePercent: 100 }).map((p) => p.field), ["objectivePercent"]);
        assert.deepEqual(sloProblems({ ...availability, objectivePercent: 90 }).map((p) => p.field), ["objectivePercent"]);
        assert.deepEqual(sloProblems({ ...availability, objectivePercent: 93 }), [{ field: "objectivePercent", message: "must be at least 93.1: with an error budget of 7 % the 14.4× page would need more than every request to fail, so it could never fire" }]);
        assert.deepEqual(sloProblems({ ...availability, objectivePercent: 93.1 }), []);
        assert.deepEqual(sloProblems({ ...latency, thresholdSeconds: 0.3 }).map((p) => p.field), ["thresholdSeconds"]);
        assert.throws(() => sloRuleGroups([availability, { ...latency, thresholdSeconds: 0.3 }], NAMESPACE, RUNBOOKS), /gateway-latency\.thresholdSeconds must be a bucket bound/);
        assert.throws(() => sloRuleGroups([availability, { ...availability, objectivePercent: 99 }], NAMESPACE, RUNBOOKS), /SLOs defined twice: gateway-availability/);
    });
});

// ---------------------------------------------------------------- promtool unit tests

const MINUTES = 3 * 24 * 60; // the longest window, 3d, at one sample a minute
const REQUESTS_PER_MINUTE = 1_000_000;
/**
 * promtool evaluates every rule at every evaluation interval from 0 to the last eval_time. The
 * burn-rate alerts have no `for`, and each reads ratios recorded at the same evaluation from the
 * raw series' windows, so only the evaluation at eval_time decides them: evaluating at 0 and at
 * eval_time gives the alerts hourly (or 30-second) evaluations give, at a 72nd of the work. The
 * synthetic samples stay a minute apart, so the 5m window still sees five scrapes.
 */
const DECIDING_EVALUATION_ONLY = "3d";
/**
 * The period burn rate sums the 5-minute rates recorded at each evaluation. Steady traffic
 * records the same rates at any interval, so every 5 minutes gives the same ratio as every 30
 * seconds; the idle hour still records twelve 0/0 ratios, which an average of ratios turns to NaN.
 */
const PERIOD_EVALUATION_INTERVAL = "5m";

/** A counter's values a minute apart: `segments` of [minutes, increase per minute], starting at 0. */
function counter(segments: [number, number][]): string {
    let value = 0;
    return segments.map(([minutes, perMinute], i) => {
        const start = i === 0 ? 0 : value + perMinute;
        const steps = i === 0 ? minutes : minutes - 1;
        value = start + perMinute * steps;
        return `${start}+${perMinute}x${steps}`;
    }).join(" ");
}

const series = (name: string, labels: Record<string, string>) =>
    `${name}{${Object.entries({ job: "gateway", namespace: NAMESPACE, http_request_method: "POST", ...labels }).map(([k, v]) => `${k}="${v}"`).join(",")}}`;

/**
 * Synthetic traffic of the gateway: in each segment of [minutes, bad, requests] `bad` of `requests`
 * (REQUESTS_PER_MINUTE unless given) are bad each minute; the kubelet's probes, as many again and
 * all good, must not dilute the ratio.
 */
function traffic(slo: AvailabilitySlo | LatencySlo, badPerMinute: [number, number, number?][]): RuleUnitTest["input_series"] {
    const good = badPerMinute.map(([minutes, bad, requests = REQUESTS_PER_MINUTE]): [number, number] => [minutes, requests - bad]);
    const everything = badPerMinute.map(([minutes, , requests = REQUESTS_PER_MINUTE]): [number, number] => [minutes, requests]);
    const bad = badPerMinute.map(([minutes, perMinute]): [number, number] => [minutes, perMinute]);
    const probes = { series: series("http_server_request_duration_seconds_count", { http_route: "/ready", http_response_status_code: "200" }), values: counter(everything) };
    if (slo.sli === "availability") {
        return [
            { series: series("http_server_request_duration_seconds_count", { http_route: "/orders", http_response_status_code: "200" }), values: counter(good) },
            { series: series("http_server_request_duration_seconds_count", { http_route: "/orders", http_response_status_code: "503" }), values: counter(bad) },
            probes,
        ];
    }
    const route = { http_route: "/orders", http_response_status_code: "200" };
    return [
        { series: series("http_server_request_duration_seconds_bucket", { ...route, le: "0.25" }), values: counter(good.map(([m, g]) => [m, Math.floor(g / 2)])) },
        { series: series("http_server_request_duration_seconds_bucket", { ...route, le: String(slo.thresholdSeconds) }), values: counter(good) },
        { series: series("http_server_request_duration_seconds_bucket", { ...route, le: "+Inf" }), values: counter(everything) },
        { series: series("http_server_request_duration_seconds_count", route), values: counter(everything) },
        { series: series("http_server_request_duration_seconds_bucket", { http_route: "/ready", http_response_status_code: "200", le: String(slo.thresholdSeconds) }), values: counter(everything) },
        probes,
    ];
}

/** The alerts `group` raises for `slo` in the given long windows, as promtool expects them. */
function expectedAlerts(group: RuleGroup, slo: AvailabilitySlo | LatencySlo, windows: string[]): ExpectedAlert[] {
    return group.rules.filter(isAlertingRule).filter((a) => windows.includes(a.labels.window))
        .map((a) => ({ exp_labels: { ...a.labels, ...sloLabels(`gateway-${slo.sli}`, slo.sli) }, exp_annotations: a.annotations }));
}

const bad = (ratio: number) => Math.round(ratio * REQUESTS_PER_MINUTE);

/** For each alert: traffic burning just above its rate fires it and every slower one; just below, only the slower ones. */
function thresholdTests(slo: AvailabilitySlo | LatencySlo, budget: number): RuleUnitTest[] {
    const group = sloRuleGroup(slo, NAMESPACE, RUNBOOKS);
    return BURN_RATE_ALERTS.flatMap(({ burnRate }) => [1.01, 0.99].map((factor): RuleUnitTest => {
        const firing = BURN_RATE_ALERTS.filter((a) => a.burnRate < burnRate * factor).map((a) => a.longWindow);
        return {
            name: `${slo.sli} burning at ${factor} × ${burnRate}`,
            interval: "1m",
            input_series: traffic(slo, [[MINUTES, bad(burnRate * factor * budget)]]),
            alert_rule_test: [{ eval_time: "3d", alertname: SLO_ALERT, exp_alerts: expectedAlerts(group, slo, firing) }],
        };
    }));
}

describe("SLO rules under promtool's rule engine", () => {
    // Every case below runs in one promtool process; each test asserts its own case's verdict.
    const batch = new RuleTestBatch();
    const labels = `{namespace="signal-trading",service="gateway",sli="availability",slo="gateway-availability"}`;

    const availabilityThresholds = thresholdTests(availability, 0.001);
    batch.add("availability thresholds", { groups: [sloRuleGroup(availability, NAMESPACE, RUNBOOKS)], tests: availabilityThresholds, evaluationInterval: DECIDING_EVALUATION_ONLY });
    batch.add("latency thresholds", { groups: [sloRuleGroup(latency, NAMESPACE, RUNBOOKS)], tests: thresholdTests(latency, 0.05), evaluationInterval: DECIDING_EVALUATION_ONLY });

    const wholeSecond: LatencySlo = { ...latency, thresholdSeconds: 1 };
    const wholeSecondInput = traffic(wholeSecond, [[60, bad(0.8)]]).map((s) => ({ ...s, series: s.series.replace('le="1"', 'le="1.0"') }));
    batch.add("whole-number threshold", {
        groups: [sloRuleGroup(wholeSecond, NAMESPACE, RUNBOOKS)],
        tests: [{
            name: "0.8 of the requests slower than 1.0",
            interval: "1m",
            input_series: wholeSecondInput,
            // Rounded: 0.8 of the requests, give or take the last bit of the float division.
            promql_expr_test: [{ expr: "round(slo:sli_error:ratio_rate30m, 0.001)", eval_time: "1h", exp_samples: [{ labels: `{namespace="signal-trading",service="gateway",sli="latency",slo="gateway-latency"}`, value: 0.8 }] }],
        }],
        // The 30m window's ratio at 1h reads only the raw series.
        evaluationInterval: "1h",
    });

    // 2 % errors (20× the budget) for three days, then ten clean minutes: the 1h window is still
    // above 14.4×, the 5m window is not; the 30m window still is above 6×.
    const availabilityGroup = sloRuleGroup(availability, NAMESPACE, RUNBOOKS);
    batch.add("stopped burst", {
        groups: [availabilityGroup],
        tests: [{
            name: "a stopped burst",
            interval: "1m",
            input_series: traffic(availability, [[MINUTES - 10, bad(0.02)], [10, 0]]),
            alert_rule_test: [{ eval_time: "3d", alertname: SLO_ALERT, exp_alerts: expectedAlerts(availabilityGroup, availability, ["6h", "1d", "3d"]) }],
            promql_expr_test: [
                { expr: "slo:sli_error:ratio_rate1h > bool 14.4 * 0.001", eval_time: "3d", exp_samples: [{ labels, value: 1 }] },
                { expr: "slo:sli_error:ratio_rate5m", eval_time: "3d", exp_samples: [{ labels: `slo:sli_error:ratio_rate5m${labels}`, value: 0 }] },
            ],
        }],
        evaluationInterval: DECIDING_EVALUATION_ONLY,
    });

    const at = (expr: string, value: number) => ({ expr, eval_time: "2h", exp_samples: [{ labels: `${expr}${labels}`, value }] });
    batch.add("recorded objective and budget", {
        groups: [availabilityGroup],
        tests: [
            {
                name: "a quarter of the budget burning",
                interval: "1m",
                input_series: traffic(availability, [[120, bad(0.00025)]]),
                promql_expr_test: [
                    at("slo:objective:ratio", 0.999), at("slo:error_budget:ratio", 0.001), at("slo:time_period:days", 30),
                    at("slo:current_burn_rate:ratio", 0.25), at("slo:period_burn_rate:ratio", 0.25), at("slo:period_error_budget_remaining:ratio", 0.75),
                ],
            },
            {
                // Sloth's average of 5-minute ratios would be NaN from the first idle five minutes (0/0).
                name: "an hour of traffic, then an idle hour",
                interval: "1m",
                input_series: traffic(availability, [[60, bad(0.00025)], [60, 0, 0]]),
                promql_expr_test: [at("slo:period_burn_rate:ratio", 0.25), at("slo:period_error_budget_remaining:ratio", 0.75)],
            },
            {
                name: "no 5xx series at all",
                interval: "1m",
                input_series: traffic(availability, [[120, 0]]).filter((s) => !s.series.includes('"503"')),
                promql_expr_test: [at("slo:sli_error:ratio_rate5m", 0), at("slo:period_error_budget_remaining:ratio", 1)],
            },
        ],
        evaluationInterval: PERIOD_EVALUATION_INTERVAL,
    });

    before(() => batch.run());

    it("page and ticket alerts of an availability SLO fire just above each burn rate and stay silent just below it", () => {
        assert.equal(availabilityThresholds.length, 8);
        assert.deepEqual(availabilityThresholds.map((t) => t.alert_rule_test![0].exp_alerts.length), [4, 3, 3, 2, 2, 1, 1, 0], "each threshold is crossed by its test");
        batch.assertPassed("availability thresholds");
    });

    it("page and ticket alerts of a latency SLO fire just above each burn rate and stay silent just below it", () => {
        batch.assertPassed("latency thresholds");
    });

    it("a whole-number latency threshold matches the bucket as Prometheus 3 stores it (le=\"1.0\")", () => {
        assert.ok(wholeSecondInput.some((s) => s.series.includes('le="1.0"')));
        batch.assertPassed("whole-number threshold");
    });

    it("a burst that has stopped no longer pages on the hour once its short window is clean, while the slower alerts still hold", () => {
        batch.assertPassed("stopped burst");
    });

    it("records the objective, budget, period, burn rates and budget left; a service that never failed has its whole budget", () => {
        batch.assertPassed("recorded objective and budget");
    });
});
