/**
 * PrometheusRule objects as policies see them: the alerting rules of their groups, and the
 * Prometheus jobs an alert's expression selects by its `job` label matchers.
 */
import { isKind } from "./kubernetes";
import { list, record } from "./reliability";

export function isPrometheusRule(type: string): boolean {
    return isKind(type, "monitoring.coreos.com", "PrometheusRule");
}

/** One alerting rule of a PrometheusRule, with the group it belongs to. */
export interface AlertOf {
    group: string;
    alert: string;
    expr: string;
    labels: Record<string, unknown>;
    annotations: Record<string, unknown>;
}

/** The alerting rules (those with `alert`) of a PrometheusRule's spec.groups; recording rules are left out. */
export function alertsOf(props: Record<string, any>): AlertOf[] {
    return list(record(props.spec)?.groups).flatMap((group) => list(record(group)?.rules).flatMap((rule) => {
        const r = record(rule);
        if (!r || typeof r.alert !== "string") return [];
        return [{
            group: typeof group?.name === "string" ? group.name : "?",
            alert: r.alert,
            expr: typeof r.expr === "string" ? r.expr : String(r.expr ?? ""),
            labels: record(r.labels) ?? {},
            annotations: record(r.annotations) ?? {},
        }];
    }));
}

// A `job` label matcher of a selector: job="x", job=~"x|y" (either quote), not the negative ones.
const JOB_MATCHER = /(?<![\w:])job\s*(=~|!=|!~|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;

/**
 * The jobs some expression among `exprs` selects, as a test of one job: by an equality or
 * regex matcher on `job` (Prometheus anchors the regex at both ends). Negative matchers select
 * everything else, so they name no job. The matchers are read once, equalities into a set and
 * each distinct regex compiled once, so testing every Service of a stack costs the Services
 * plus the distinct regexes, not Services × alerts.
 */
export function jobSelector(exprs: Iterable<string>): (job: string) => boolean {
    const equal = new Set<string>();
    const patterns = new Set<string>();
    for (const expr of exprs) {
        for (const [, operator, doubleQuoted, singleQuoted] of expr.matchAll(JOB_MATCHER)) {
            const value = (doubleQuoted ?? singleQuoted).replace(/\\(.)/g, "$1");
            if (operator === "=") equal.add(value);
            else if (operator === "=~") patterns.add(value);
        }
    }
    const regexes = [...patterns].flatMap((pattern) => {
        try {
            return [new RegExp(`^(?:${pattern})$`)];
        } catch {
            return []; // An expression Prometheus itself would refuse names nothing.
        }
    });
    return (job) => equal.has(job) || regexes.some((regex) => regex.test(job));
}

/** Whether `expr` selects series of job `job` (see jobSelector). */
export function namesJob(expr: string, job: string): boolean {
    return jobSelector([expr])(job);
}
