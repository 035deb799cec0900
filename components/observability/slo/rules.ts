/**
 * Service-level objectives as data, generated into Prometheus rules: the error ratio of each SLI
 * over the multiwindow alerts' windows, the SLO's metadata and the period's error budget left
 * (named as Sloth names them, components/observability/slo-series.ts), and the multiwindow,
 * multi-burn-rate alerts of the Google SRE workbook (chapter 5, "Alerting on SLOs").
 *
 * Both SLIs are read from the one histogram every service exposes
 * (`http_server_request_duration_seconds`, components/workload/metrics.ts): availability is the
 * share of requests answered with a 5xx, latency the share answered slower than a bucket bound,
 * counted exactly from that bucket rather than estimated from a quantile.
 */
import { HTTP_DURATION_BUCKETS } from "../../workload/metrics";
import { AlertingRule, RecordingRule, RuleGroup, runbookUrl, Severity } from "../rules";
import { SLO_SERIES, SLO_WINDOWS, SloWindow } from "../slo-series";

const DURATION_HISTOGRAM = "http_server_request_duration_seconds";

interface SloBase {
    /** The service's name, which is its metrics' `job`. */
    service: string;
    /** Share of requests the SLO promises to be good, in percent (e.g. 99.9); above 90 and below 100. */
    objectivePercent: number;
    /** Days the error budget is counted over. */
    periodDays: number;
    /** `http_route`s not counted: the kubelet's probes, whose steady successes would dilute the ratio at low traffic. */
    excludedRoutes: readonly string[];
}

/** Requests are good unless answered with a server error (HTTP 5xx); a 4xx is the client's. */
export interface AvailabilitySlo extends SloBase {
    sli: "availability";
}

/** Requests are good when answered within `thresholdSeconds`, which must be a bucket bound of the histogram. */
export interface LatencySlo extends SloBase {
    sli: "latency";
    thresholdSeconds: number;
}

export type SloDefinition = AvailabilitySlo | LatencySlo;

/**
 * The workbook's alerts for a 30-day SLO: a page when 2 % of the budget goes in an hour (14.4×)
 * or 5 % in six hours (6×), a ticket when 10 % goes in a day (3×) or in three days (1×). Each
 * long window has a short one, a twelfth of it, which must burn too: once the cause is gone the
 * alert resolves within minutes instead of staying up until the long window forgets it.
 */
export const BURN_RATE_ALERTS: readonly { severity: Extract<Severity, "critical" | "ticket">; burnRate: number; longWindow: SloWindow; shortWindow: SloWindow }[] = [
    { severity: "critical", burnRate: 14.4, longWindow: "1h", shortWindow: "5m" },
    { severity: "critical", burnRate: 6, longWindow: "6h", shortWindow: "30m" },
    { severity: "ticket", burnRate: 3, longWindow: "1d", shortWindow: "2h" },
    { severity: "ticket", burnRate: 1, longWindow: "3d", shortWindow: "6h" },
];

export const SLO_ALERT = "SLOErrorBudgetBurn";

/** The headings of docs/runbooks.md the alerts link to, by severity. */
export const SLO_RUNBOOK_HEADINGS: Record<"critical" | "ticket", string> = {
    critical: `${SLO_ALERT} (critical)`,
    ticket: `${SLO_ALERT} (ticket)`,
};

/**
 * The 5-minute rates of bad and of all events: the period's error ratio sums them over the
 * period, so every request weighs the same (an average of 5-minute ratios gives a quiet night's
 * few requests the weight of a busy hour's many, and is NaN after five minutes without any), and
 * it reads one recorded series instead of a month of raw histogram series.
 */
export const SLO_EVENT_SERIES = {
    bad: "slo:sli_bad_events:rate5m",
    all: "slo:sli_events:rate5m",
} as const;

/** The largest burn rate an alert fires at, which the error budget must leave reachable (ratio ≤ 1). */
export const FASTEST_BURN_RATE = Math.max(...BURN_RATE_ALERTS.map((a) => a.burnRate));

/** `slo` label: `<service>-<sli>`. */
export const sloName = (slo: SloDefinition): string => `${slo.service}-${slo.sli}`;

/** Decimal arithmetic on the short percentages of a config, without binary floating-point tails (99.9 / 100 is 0.9990000000000001). */
const decimal = (value: number): number => Number(value.toPrecision(12));

export const objectiveRatio = (slo: SloDefinition): number => decimal(slo.objectivePercent / 100);
export const errorBudgetRatio = (slo: SloDefinition): number => decimal((100 - slo.objectivePercent) / 100);

/** What is wrong with an objective, if anything: it must leave an error budget, small enough to page on. */
export function objectivePercentProblem(objectivePercent: number): string | undefined {
    if (!(objectivePercent > 90 && objectivePercent < 100)) {
        return "must be above 90 and below 100: 100 leaves no error budget to alert on, and 90 or less is no service level worth paging for";
    }
    if (!(FASTEST_BURN_RATE * decimal((100 - objectivePercent) / 100) < 1)) {
        const lowest = decimal(Math.ceil((100 - 100 / FASTEST_BURN_RATE) * 10) / 10);
        return `must be at least ${lowest}: with an error budget of ${decimal(100 - objectivePercent)} % the ${FASTEST_BURN_RATE}× page would need more than every request to fail, so it could never fire`;
    }
    return undefined;
}

/** The latency thresholds a histogram bucket counts exactly, in milliseconds. */
export const LATENCY_THRESHOLDS_MS: readonly number[] = HTTP_DURATION_BUCKETS.map((seconds) => decimal(seconds * 1000));

/** What is wrong with a latency threshold, if anything: it must be a bucket bound of the histogram. */
export function latencyThresholdProblem(thresholdSeconds: number): string | undefined {
    return HTTP_DURATION_BUCKETS.includes(thresholdSeconds) ? undefined
        : `must be a bucket bound of ${DURATION_HISTOGRAM} (${LATENCY_THRESHOLDS_MS.join(", ")} ms): between two bounds the requests under the threshold cannot be counted`;
}

/** Problems of one SLO's values, by field name; empty when it can be generated. */
export function sloProblems(slo: SloDefinition): { field: "objectivePercent" | "thresholdSeconds"; message: string }[] {
    const objective = objectivePercentProblem(slo.objectivePercent);
    const threshold = slo.sli === "latency" ? latencyThresholdProblem(slo.thresholdSeconds) : undefined;
    return [
        ...(objective ? [{ field: "objectivePercent" as const, message: objective }] : []),
        ...(threshold ? [{ field: "thresholdSeconds" as const, message: threshold }] : []),
    ];
}

const labelMatchers = (matchers: Record<string, string>): string =>
    Object.entries(matchers).map(([name, value]) => `${name}${value}`).join(", ");

/**
 * The `le` matcher of a bucket bound. Prometheus 3 stores the bound of a classic histogram's
 * bucket in float form (`le="1.0"`), Prometheus 2 and promtool as the exporter wrote it
 * (`le="1"`); a whole-number bound matches either.
 */
function bucketMatcher(seconds: number): string {
    return Number.isInteger(seconds) ? `=~"${seconds}|${seconds}\\\\.0"` : `="${seconds}"`;
}

/** The SLI's rates of bad and of all requests over `window`, as PromQL, each a single series without labels. */
function eventRates(slo: SloDefinition, namespace: string, window: string): { bad: string; all: string } {
    const scope: Record<string, string> = { job: `="${slo.service}"`, namespace: `="${namespace}"` };
    if (slo.excludedRoutes.length > 0) scope.http_route = `!~"${slo.excludedRoutes.map(escapeRegex).join("|")}"`;
    const rate = (series: string, extra: Record<string, string> = {}) => `sum(rate(${series}{${labelMatchers({ ...scope, ...extra })}}[${window}]))`;
    const all = rate(`${DURATION_HISTOGRAM}_count`);
    if (slo.sli === "availability") {
        // A service that has never answered a 5xx has no such series: the `or` makes its error rate 0, not absent.
        return { bad: `(${rate(`${DURATION_HISTOGRAM}_count`, { http_response_status_code: `=~"5.."` })} or 0 * ${all})`, all };
    }
    return { bad: `(${all} - ${rate(`${DURATION_HISTOGRAM}_bucket`, { le: bucketMatcher(slo.thresholdSeconds) })})`, all };
}

/** Escapes a route for a PromQL regex inside double quotes (the regex's backslash doubled for the string). */
function escapeRegex(route: string): string {
    return route.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&");
}

function describeBadEvents(slo: SloDefinition): string {
    return slo.sli === "availability" ? "failed with a server error (5xx)" : `took longer than ${decimal(slo.thresholdSeconds * 1000)} ms`;
}

/** "0.1 %", "1.44 %": a ratio as a percentage without float tails. */
const percent = (ratio: number): string => `${decimal(ratio * 100)} %`;

/** How long a whole period's budget lasts at `burnRate`. */
function budgetLifetime(periodDays: number, burnRate: number): string {
    const hours = (periodDays * 24) / burnRate;
    return hours < 72 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}

/**
 * The rule group of one SLO. Its rules run in order within an evaluation, so the alerts read the
 * ratios recorded in the same evaluation (Sloth's separate groups let an alert read the previous
 * one). `namespace` is where the service runs; `runbooksUrl` where docs/runbooks.md is published.
 */
export function sloRuleGroup(slo: SloDefinition, namespace: string, runbooksUrl: string): RuleGroup {
    const name = sloName(slo);
    const labels = { slo: name, sli: slo.sli, service: slo.service, namespace };
    const own = `{${labelMatchers({ slo: `="${name}"`, namespace: `="${namespace}"` })}}`;
    const budget = errorBudgetRatio(slo);
    const period = `${slo.periodDays}d`;

    const fiveMinutes = eventRates(slo, namespace, "5m");
    // Every rule carries the SLO's labels, even where its expression already passes them on: rules of
    // two SLOs that differ only in their selectors would be duplicates to promtool's check.
    const recorded: RecordingRule[] = [
        { record: SLO_EVENT_SERIES.bad, expr: fiveMinutes.bad, labels },
        { record: SLO_EVENT_SERIES.all, expr: fiveMinutes.all, labels },
        ...SLO_WINDOWS.map((window): RecordingRule => {
            const rates = eventRates(slo, namespace, window);
            return { record: SLO_SERIES.errorRatio(window), expr: `${rates.bad} / ${rates.all}`, labels };
        }),
        {
            record: SLO_SERIES.errorRatio("period"),
            expr: `sum_over_time(${SLO_EVENT_SERIES.bad}${own}[${period}]) / sum_over_time(${SLO_EVENT_SERIES.all}${own}[${period}])`,
            labels,
        },
        { record: SLO_SERIES.objective, expr: `vector(${objectiveRatio(slo)})`, labels },
        { record: SLO_SERIES.errorBudget, expr: `vector(${budget})`, labels },
        { record: SLO_SERIES.timePeriodDays, expr: `vector(${slo.periodDays})`, labels },
        { record: SLO_SERIES.currentBurnRate, expr: `${SLO_SERIES.errorRatio("5m")}${own} / ${budget}`, labels },
        { record: SLO_SERIES.periodBurnRate, expr: `${SLO_SERIES.errorRatio("period")}${own} / ${budget}`, labels },
        { record: SLO_SERIES.periodErrorBudgetRemaining, expr: `1 - ${SLO_SERIES.periodBurnRate}${own}`, labels },
    // Copies, so that a YAML rendering spells each rule's labels out instead of aliasing the first.
    ].map((rule) => ({ ...rule, labels: { ...rule.labels } }));

    const alerts = BURN_RATE_ALERTS.map(({ severity, burnRate, longWindow, shortWindow }): AlertingRule => {
        const threshold = `(${burnRate} * ${budget})`;
        const objective = `${slo.objectivePercent} %`;
        return {
            alert: SLO_ALERT,
            // The long window first: the alert's value is its error ratio.
            expr: `${SLO_SERIES.errorRatio(longWindow)}${own} > ${threshold}\nand\n${SLO_SERIES.errorRatio(shortWindow)}${own} > ${threshold}`,
            // No `for`: the short window already needs minutes of burning, and a `for` would only add its length to the time to detect.
            // The series' own labels again, so that each SLO's rules differ as rules too (promtool refuses look-alike rules across groups).
            labels: { severity, window: longWindow, ...labels },
            annotations: {
                summary: `${slo.service} is burning its ${slo.sli} error budget ${burnRate}× as fast as its ${slo.periodDays}-day SLO allows`,
                description: `Over the last ${longWindow} and the last ${shortWindow}, more than ${percent(burnRate * budget)} of ${slo.service}'s requests in ${namespace} ${describeBadEvents(slo)}; `
                    + `the ${objective} objective allows ${percent(budget)}. At this rate a whole ${slo.periodDays}-day error budget lasts ${budgetLifetime(slo.periodDays, burnRate)}.`,
                runbook_url: runbookUrl(runbooksUrl, SLO_RUNBOOK_HEADINGS[severity]),
            },
        };
    });

    return { name: `slo-${name}`, rules: [...recorded, ...alerts] };
}

/** The rule groups of every SLO, one group each. */
export function sloRuleGroups(slos: readonly SloDefinition[], namespace: string, runbooksUrl: string): RuleGroup[] {
    const problems = slos.flatMap((slo) => sloProblems(slo).map((p) => `${sloName(slo)}.${p.field} ${p.message}`));
    if (problems.length > 0) throw new Error(`invalid SLOs:\n  ${problems.join("\n  ")}`);
    const names = slos.map(sloName);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) throw new Error(`SLOs defined twice: ${[...new Set(repeated)].join(", ")}`);
    return slos.map((slo) => sloRuleGroup(slo, namespace, runbooksUrl));
}

/** The series the SLO rules record beyond slo-series.ts, for query checks. */
export function sloEventSeriesNames(): string[] {
    return Object.values(SLO_EVENT_SERIES);
}
