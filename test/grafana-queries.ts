/**
 * The PromQL a Grafana dashboard sends Prometheus, for tests: its panels' queries and its
 * variables' label_values() selectors, with the variables given values so each parses as
 * Prometheus would receive it.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

export type AnyPanel = dashboard.Panel | dashboard.RowPanel;
/** Every panel of a dashboard, rows and the panels of collapsed rows included. */
export const panelsOf = (board: dashboard.Dashboard): AnyPanel[] =>
    (board.panels ?? []).flatMap((p): AnyPanel[] => (p.type === "row" ? [p, ...((p as dashboard.RowPanel).panels ?? [])] : [p]));

export interface PromTarget { expr: string; refId?: string; datasource?: { type?: string; uid?: string } }
export const targetsOf = (panel: AnyPanel): PromTarget[] => ("targets" in panel ? ((panel.targets ?? []) as unknown as PromTarget[]) : []);

/** A value for each Grafana variable, so the query parses as Prometheus would receive it. */
const VARIABLE_VALUES: Record<string, string> = {
    __rate_interval: "2m", __interval: "1m", __range: "6h",
    namespace: "signal-trading", service: "gateway", slo: "gateway-availability",
};
export function substituteVariables(expr: string): string {
    return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
        const value = VARIABLE_VALUES[name];
        if (value === undefined) throw new Error(`no test value for the variable ${whole} in ${expr}`);
        return value;
    });
}

/** Every expression a dashboard sends Prometheus: its panels' queries and its variables' label_values() selectors. */
export function dashboardQueries(board: dashboard.Dashboard): { where: string; expr: string }[] {
    const panels = panelsOf(board).flatMap((p) => targetsOf(p).map((t) => ({ where: `${board.uid}, panel "${p.title}" ${t.refId}`, expr: t.expr })));
    const variables = (board.templating?.list ?? []).map((v) => {
        const match = /^label_values\((.+), *\w+\)$/.exec(String(v.query));
        if (!match) throw new Error(`${board.uid}: variable ${v.name} is not a label_values() query: ${String(v.query)}`);
        return { where: `${board.uid}, variable ${v.name}`, expr: match[1] };
    });
    return [...panels, ...variables];
}
