import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { SERVICES } from "../../../stacks/services";
import { queryProblems } from "../../../test/promql";
import { checkRules, ExpectedAlert, RuleTestBatch } from "../../../test/promtool";
import { AlertingRule, headingAnchor, isAlertingRule, RuleGroup } from "../rules";
import { AlertThresholds, SERVICE_ALERTS, serviceAlertGroups, ServiceAlertName, ServiceAlertsArgs } from "./service-alerts";

const NAMESPACE = "signal-trading";
const RUNBOOKS = "https://github.com/example-org/signal-trading/blob/main/docs/runbooks.md";
/** The schema's defaults. */
const THRESHOLDS: AlertThresholds = {
    errorRatePercent: 1, latencyP95Ms: 500, minRequestsPerSecond: 1, cpuUtilizationPercent: 90, cacheHitRatePercent: 80,
    redisMemoryPercent: 90, tradingFailurePercent: 5, authFailuresPerSecond: 5, marketDataMaxAgeSeconds: 300,
};
const ARGS: ServiceAlertsArgs = { namespace: NAMESPACE, services: SERVICES, redisJob: "redis", runbooksUrl: RUNBOOKS, thresholds: THRESHOLDS };

const groups = serviceAlertGroups(ARGS);
const alerts = groups.flatMap((g) => g.rules.filter(isAlertingRule));
const ruleOf = (name: ServiceAlertName): AlertingRule => alerts.find((a) => a.alert === name)!;
/**
 * The groups with only the rules of alert `name`, in their groups and order. promtool compares
 * only the alerts of the name a case names, and no rule reads another's output (asserted below),
 * so a case evaluates the one alert it tests rather than every rule of the four groups at each
 * step: the same verdict for a fraction of the work.
 */
const onlyAlert = (name: ServiceAlertName): RuleGroup[] =>
    groups.map((g) => ({ ...g, rules: g.rules.filter((r) => isAlertingRule(r) && r.alert === name) })).filter((g) => g.rules.length > 0);

/** The scrape interval of the synthetic series; 120 samples cover an hour. */
const INTERVAL = "30s";
const SAMPLES = 120;
/** A counter growing by `perSecond`. */
const counter = (perSecond: number) => `0+${perSecond * 30}x${SAMPLES}`;
/** A gauge holding `value`. */
const gauge = (value: number) => `${value}x${SAMPLES}`;
const series = (name: string, labels: Record<string, string>, values: string) =>
    ({ series: `${name}{${Object.entries({ namespace: NAMESPACE, ...labels }).map(([k, v]) => `${k}="${v}"`).join(", ")}}`, values });

/**
 * The annotations Prometheus renders for `rule`: each `{{ ... }}` of its templates replaced by
 * `fill`'s value for it. promtool compares them with what the real template engine made, so a
 * wrong fill fails the test rather than passing it.
 */
function rendered(rule: AlertingRule, fill: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(rule.annotations).map(([key, template]) => [key, template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, inner: string) => {
        if (!(inner in fill)) throw new Error(`no fill for {{ ${inner} }} in ${rule.alert}'s ${key}`);
        return fill[inner];
    })]));
}

interface Case {
    alert: ServiceAlertName;
    at: string;
    /** The series in which the alert fires, and its labels and template values there. */
    firing: { series: { series: string; values: string }[]; labels: Record<string, string>; fill?: Record<string, string> }[];
    /** Series just on the other side of the threshold (or of the traffic floor), where it stays silent. */
    silent: { series: string; values: string }[][];
}

/** Every service up, so that only the series a case changes can fire an outage alert. */
const allUp = (except: string[] = []) => [...SERVICES.map((s) => s.name), "redis"].filter((job) => !except.includes(job)).map((job) => series("up", { job, instance: `${job}-0` }, gauge(1)));

const requests = (job: string, code: string, perSecond: number) =>
    series("http_server_request_duration_seconds_count", { job, http_request_method: "GET", http_route: "/orders", http_response_status_code: code }, counter(perSecond));
const buckets = (job: string, perSecond: number, slowestBound: string) => ["0.25", "0.5", "0.75", "+Inf"].map((le) =>
    series("http_server_request_duration_seconds_bucket", { job, http_request_method: "GET", http_route: "/orders", http_response_status_code: "200", le }, counter(Number(le) >= Number(slowestBound) || le === "+Inf" ? perSecond : 0)));
/** One ml pod using `cores` of its one-core CPU request, in `phase`. */
const cpu = (pod: string, cores: number, phase: string) => [
    series("container_cpu_usage_seconds_total", { container: "ml", pod }, counter(cores)),
    series("kube_pod_container_resource_requests", { container: "ml", pod, resource: "cpu", unit: "core" }, gauge(1)),
    ...["Running", "Pending"].map((p) => series("kube_pod_status_phase", { pod, phase: p }, gauge(p === phase ? 1 : 0))),
];
const redisLookups = (hits: number, misses: number) => [
    series("redis_keyspace_hits_total", { job: "redis", instance: "redis-0" }, counter(hits)),
    series("redis_keyspace_misses_total", { job: "redis", instance: "redis-0" }, counter(misses)),
];
const ratioOf = (failedName: string, okName: string, job: string, failed: number, ok: number) => [
    series(failedName, { job, reason: "rejected" }, counter(failed)),
    series(okName, { job }, counter(ok)),
];

const CASES: Case[] = [
    {
        alert: "ServiceDown", at: "5m",
        firing: [{ series: [...allUp(["gateway"]), series("up", { job: "gateway", instance: "gateway-0" }, gauge(0))], labels: { service: "gateway", namespace: NAMESPACE, severity: "critical" } }],
        silent: [[...allUp(["gateway"]), series("up", { job: "gateway", instance: "gateway-0" }, gauge(0)), series("up", { job: "gateway", instance: "gateway-1" }, gauge(1))]],
    },
    {
        alert: "ApplicationNamespaceDown", at: "5m",
        firing: [{ series: SERVICES.map((s) => series("up", { job: s.name, instance: `${s.name}-0` }, gauge(0))), labels: { namespace: NAMESPACE, severity: "critical" } }],
        silent: [[...SERVICES.filter((s) => s.name !== "data").map((s) => series("up", { job: s.name, instance: `${s.name}-0` }, gauge(0))), series("up", { job: "data", instance: "data-0" }, gauge(1))]],
    },
    {
        alert: "HighErrorRate", at: "20m",
        firing: [{
            series: [requests("gateway", "200", 3.8), requests("gateway", "500", 0.2)],
            labels: { service: "gateway", job: "gateway", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.job": "gateway", "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "5%" },
        }],
        // Just under 1 %, and half failing at a trickle below the traffic floor.
        silent: [[requests("gateway", "200", 9.92), requests("gateway", "500", 0.08)], [requests("data", "200", 0.2), requests("data", "503", 0.2)]],
    },
    {
        alert: "HighResponseTime", at: "20m",
        firing: [{
            series: [...buckets("signal", 2, "0.75"), requests("signal", "200", 2)],
            labels: { service: "signal", job: "signal", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.job": "signal", "$labels.namespace": NAMESPACE, "$value | humanizeDuration": "737.5ms" },
        }],
        silent: [[...buckets("signal", 2, "0.5"), requests("signal", "200", 2)], [...buckets("signal", 0.5, "0.75"), requests("signal", "200", 0.5)]],
    },
    {
        alert: "HighCPUUsage", at: "25m",
        firing: [{
            // ml-2 is Pending: its request does not dilute the running pod's saturation.
            series: [...cpu("ml-1", 0.95, "Running"), ...cpu("ml-2", 0, "Pending")],
            labels: { service: "ml", container: "ml", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.container": "ml", "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "95%" },
        }],
        silent: [[...cpu("ml-1", 0.85, "Running")], [...cpu("ml-1", 0.95, "Running"), ...cpu("ml-2", 0.75, "Running")]],
    },
    {
        alert: "ServiceAtMaxReplicas", at: "20m",
        firing: [{
            series: [series("kube_horizontalpodautoscaler_status_current_replicas", { horizontalpodautoscaler: "gateway" }, gauge(15)), series("kube_horizontalpodautoscaler_spec_max_replicas", { horizontalpodautoscaler: "gateway" }, gauge(15))],
            labels: { service: "gateway", horizontalpodautoscaler: "gateway", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.horizontalpodautoscaler": "gateway", "$labels.namespace": NAMESPACE, "$value": "15" },
        }],
        silent: [[series("kube_horizontalpodautoscaler_status_current_replicas", { horizontalpodautoscaler: "gateway" }, gauge(14)), series("kube_horizontalpodautoscaler_spec_max_replicas", { horizontalpodautoscaler: "gateway" }, gauge(15))]],
    },
    {
        alert: "LowCacheHitRate", at: "40m",
        firing: [{
            series: redisLookups(3, 2),
            labels: { service: "redis", job: "redis", namespace: NAMESPACE, severity: "ticket" },
            fill: { "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "60%" },
        }],
        silent: [redisLookups(8.5, 1.5), redisLookups(0.1, 0.4)],
    },
    {
        alert: "RedisDown", at: "5m",
        firing: [
            { series: [series("redis_up", { job: "redis", instance: "redis-0" }, gauge(0))], labels: { service: "redis", namespace: NAMESPACE, severity: "critical" } },
        ],
        silent: [[series("redis_up", { job: "redis", instance: "redis-0" }, gauge(1))]],
    },
    {
        alert: "RedisMemoryHigh", at: "15m",
        firing: [{
            series: [series("redis_memory_used_bytes", { job: "redis", instance: "redis-0" }, gauge(950)), series("redis_memory_max_bytes", { job: "redis", instance: "redis-0" }, gauge(1000))],
            labels: { service: "redis", job: "redis", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "95%" },
        }],
        // Below the threshold; and without maxmemory (0), where the share means nothing.
        silent: [
            [series("redis_memory_used_bytes", { job: "redis", instance: "redis-0" }, gauge(850)), series("redis_memory_max_bytes", { job: "redis", instance: "redis-0" }, gauge(1000))],
            [series("redis_memory_used_bytes", { job: "redis", instance: "redis-0" }, gauge(950)), series("redis_memory_max_bytes", { job: "redis", instance: "redis-0" }, gauge(0))],
        ],
    },
    {
        alert: "ServiceCrashLooping", at: "20m",
        firing: [{
            series: [series("kube_pod_container_status_waiting_reason", { container: "signal", pod: "signal-1", reason: "CrashLoopBackOff" }, gauge(1))],
            labels: { service: "signal", container: "signal", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.container": "signal", "$labels.namespace": NAMESPACE },
        }],
        silent: [[series("kube_pod_container_status_waiting_reason", { container: "signal", pod: "signal-1", reason: "CrashLoopBackOff" }, gauge(0))]],
    },
    {
        alert: "TradingFailures", at: "15m",
        firing: [{
            series: ratioOf("trading_orders_failed_total", "trading_orders_placed_total", "gateway", 1, 9),
            labels: { service: "gateway", job: "gateway", namespace: NAMESPACE, severity: "critical" },
            fill: { "$labels.job": "gateway", "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "10%" },
        }],
        // Under 5 %; and every order failing, but fewer than five in the window.
        silent: [ratioOf("trading_orders_failed_total", "trading_orders_placed_total", "gateway", 0.4, 9.6), ratioOf("trading_orders_failed_total", "trading_orders_placed_total", "gateway", 0.01, 0)],
    },
    {
        alert: "SignalFailures", at: "20m",
        firing: [{
            series: ratioOf("trading_signal_failures_total", "trading_signals_generated_total", "signal", 1, 9),
            labels: { service: "signal", job: "signal", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.job": "signal", "$labels.namespace": NAMESPACE, "$value | humanizePercentage": "10%" },
        }],
        silent: [ratioOf("trading_signal_failures_total", "trading_signals_generated_total", "signal", 0.4, 9.6)],
    },
    {
        alert: "MarketDataStale", at: "10m",
        firing: [{
            series: [series("market_data_age_seconds", { job: "data", instance: "data-0", provider: "primary" }, gauge(600))],
            labels: { service: "data", job: "data", provider: "primary", namespace: NAMESPACE, severity: "warning" },
            fill: { "$labels.job": "data", "$labels.provider": "primary", "$labels.namespace": NAMESPACE, "$value | humanizeDuration": "10m 0s" },
        }],
        silent: [[series("market_data_age_seconds", { job: "data", instance: "data-0", provider: "primary" }, gauge(290))]],
    },
    {
        alert: "SecurityBreaches", at: "15m",
        firing: [{
            series: [series("auth_failures_total", { job: "gateway", reason: "bad_token" }, counter(6)), series("auth_failures_total", { job: "gateway", reason: "expired_token" }, counter(4))],
            labels: { service: "gateway", job: "gateway", namespace: NAMESPACE, severity: "critical" },
            fill: { "$labels.job": "gateway", "$labels.namespace": NAMESPACE, "$value | humanize": "10" },
        }],
        silent: [[series("auth_failures_total", { job: "gateway", reason: "bad_token" }, counter(4.5))]],
    },
];

describe("service alerts", () => {
    it("define an alert for every category: availability, performance, infrastructure, business", () => {
        const names = new Set(alerts.map((a) => a.alert));
        for (const name of ["ServiceDown", "HighErrorRate", "HighResponseTime", "HighCPUUsage", "LowCacheHitRate", "TradingFailures", "SecurityBreaches", "ApplicationNamespaceDown"]) assert.ok(names.has(name), name);
        assert.deepEqual([...names].sort(), Object.values(SERVICE_ALERTS).flat().sort());
        assert.deepEqual(groups.map((g) => g.name), ["signal-trading-availability", "signal-trading-performance", "signal-trading-infrastructure", "signal-trading-business"]);
    });

    it("give every alert a severity, a summary, a description, a `for` and the runbook section named after it", () => {
        for (const rule of alerts) {
            assert.ok(["critical", "warning", "ticket"].includes(rule.labels.severity), rule.alert);
            assert.ok(rule.annotations.summary && rule.annotations.description, rule.alert);
            assert.match(rule.for ?? "", /^\d+m$/, rule.alert);
            assert.equal(rule.annotations.runbook_url, `${RUNBOOKS}#${headingAnchor(rule.alert)}`);
        }
    });

    it("write out service and namespace where the expression keeps no labels (absent), and only the namespace for a namespace-wide outage", () => {
        const down = alerts.filter((a) => a.alert === "ServiceDown");
        assert.deepEqual(down.map((a) => a.labels), SERVICES.map((s) => ({ severity: "critical", service: s.name, namespace: NAMESPACE })));
        assert.equal(down[0].expr, `absent(up{namespace="${NAMESPACE}", job="gateway"} == 1)`);
        assert.deepEqual(ruleOf("ApplicationNamespaceDown").labels, { severity: "critical", namespace: NAMESPACE });
        assert.equal(ruleOf("ApplicationNamespaceDown").expr, `absent(up{namespace="${NAMESPACE}", job=~"gateway|data|signal|ml"} == 1)`);
    });

    it("select the services by an anchored regex, escaped for the regex and the PromQL string", () => {
        const dotted = serviceAlertGroups({ ...ARGS, services: [...SERVICES, { name: "risk.v2", metrics: [] }] }).flatMap((g) => g.rules.filter(isAlertingRule));
        assert.match(dotted.find((a) => a.alert === "ApplicationNamespaceDown")!.expr, /job=~"gateway\|data\|signal\|ml\|risk\\\\\.v2"/);
        checkRules([{ name: "dotted", rules: dotted }]);
    });

    it("take thresholds from the config, as ratios and seconds", () => {
        const strict = serviceAlertGroups({ ...ARGS, thresholds: { ...THRESHOLDS, errorRatePercent: 0.5, latencyP95Ms: 250, minRequestsPerSecond: 0.2 } }).flatMap((g) => g.rules.filter(isAlertingRule));
        const of = (name: string) => strict.find((a) => a.alert === name)!;
        assert.match(of("HighErrorRate").expr, /\) > 0\.005\nand\nsum by \(namespace, job\) \(rate\(http_server_request_duration_seconds_count\{namespace="signal-trading", job=~"gateway\|data\|signal\|ml"\}\[5m\]\)\) >= 0\.2$/);
        assert.match(of("HighResponseTime").expr, /\)\)\) > 0\.25\n/);
        assert.match(of("HighErrorRate").annotations.description, /target: below 0\.5 %/);
    });

    it("watch each business metric on the one service that exposes it, and refuse a contract where none or two do", () => {
        assert.match(ruleOf("TradingFailures").expr, /trading_orders_failed_total\{namespace="signal-trading", job="gateway"\}/);
        assert.match(ruleOf("SignalFailures").expr, /job="signal"/);
        assert.match(ruleOf("MarketDataStale").expr, /job="data"/);
        const withoutGateway = SERVICES.filter((s) => s.name !== "gateway");
        assert.throws(() => serviceAlertGroups({ ...ARGS, services: withoutGateway }), /exactly one service must expose trading_orders_failed_total; found 0 \(none\)/);
        assert.throws(() => serviceAlertGroups({ ...ARGS, services: [...SERVICES, { ...SERVICES[0], name: "gateway-2" }] }), /found 2 \(gateway, gateway-2\)/);
    });

    it("name only series of the metric contract and the exporters", () => {
        assert.deepEqual(alerts.flatMap((a) => queryProblems(a.alert, a.expr)), []);
    });

    it("pass promtool check rules", () => {
        checkRules(groups);
    });

    it("have a promtool case where each fires and one where each stays silent", () => {
        assert.deepEqual(CASES.map((c) => c.alert).sort(), [...new Set(alerts.map((a) => a.alert))].sort());
    });

    describe("under promtool's rule engine", () => {
        // Every case runs in one promtool process; each test asserts its own case's verdict.
        const batch = new RuleTestBatch();
        for (const c of CASES) {
            const expected = (labels: Record<string, string>, fill: Record<string, string> = {}): ExpectedAlert => ({ exp_labels: labels, exp_annotations: rendered(ruleOf(c.alert), fill) });
            batch.add(c.alert, {
                groups: onlyAlert(c.alert),
                tests: [
                    ...c.firing.map((f) => ({
                        name: `${c.alert} fires`, interval: INTERVAL, input_series: f.series,
                        alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: [expected(f.labels, f.fill)] }],
                    })),
                    ...c.silent.map((s, i) => ({
                        name: `${c.alert} stays silent (${i + 1})`, interval: INTERVAL, input_series: s,
                        alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: [] }],
                    })),
                ],
            });
        }
        before(() => batch.run());

        it("evaluate each alert on its own as it would among the others: no rule reads what another records or raises", () => {
            assert.deepEqual(groups.flatMap((g) => g.rules.filter((r) => !isAlertingRule(r))), [], "no recording rules");
            assert.deepEqual(alerts.filter((a) => /\bALERTS(_FOR_STATE)?\b/.test(a.expr)).map((a) => a.alert), [], "no expression reads ALERTS");
            const kept = CASES.flatMap((c) => onlyAlert(c.alert).flatMap((g) => g.rules));
            assert.equal(kept.length, alerts.length, "every rule is evaluated by one case");
        });

        for (const c of CASES) {
            it(`${c.alert}: fires with its labels and annotations, and stays silent on the other side of its threshold`, () => {
                batch.assertPassed(c.alert);
            });
        }
    });

    it("have their runbook: a `## <alert>` section of docs/runbooks.md for each", () => {
        const runbooks = fs.readFileSync(path.resolve(__dirname, "../../../docs/runbooks.md"), "utf8");
        const headings = new Set([...runbooks.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim()));
        for (const name of Object.values(SERVICE_ALERTS).flat()) assert.ok(headings.has(name), `docs/runbooks.md has no "## ${name}"`);
    });
});
