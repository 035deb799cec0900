/**
 * The few shapes every dashboard is made of, on the typed builders of
 * @grafana/grafana-foundation-sdk: Prometheus queries against the chart's provisioned data
 * source, time series and stat panels with units and thresholds, the namespace and service
 * variables, and a layout that gives each panel a unique id and a place on the 24-column grid.
 * The dashboards are Grafana's classic JSON model (the SDK's `dashboard` package, schemaVersion
 * 42), which Grafana's file provisioning reads.
 */
import * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { PROMETHEUS_DATASOURCE_UID } from "../../addons/monitoring/values";

/** Grafana's width of a dashboard, in grid columns. */
export const GRID_COLUMNS = 24;

export const PROMETHEUS_DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: PROMETHEUS_DATASOURCE_UID };

/** What the dashboards hold the services to: the SLA's targets, drawn as thresholds. */
export interface SlaTargets {
    /** Share of requests answered without a server error, in percent (99.9). */
    availabilityPercent: number;
    /** The p95 latency target, in seconds. */
    latencyP95Seconds: number;
    /** The error rate above which a service is failing its users, in percent. */
    errorRatePercent: number;
}

export interface DashboardInputs {
    /** The application namespace, where the services run: the namespace variable's default. */
    namespace: string;
    /** The services' names, which are their Prometheus `job`, Deployment, container and HPA names. */
    services: readonly string[];
    targets: SlaTargets;
}

/** One PromQL query of a panel. */
export interface Query {
    expr: string;
    /** Legend template, e.g. `{{job}}`. */
    legend?: string;
}

/** Grafana unit ids the dashboards use. */
export type Unit = "reqps" | "ops" | "s" | "percentunit" | "bytes" | "short" | "none" | "currencyUSD" | "cores";

type Color = "green" | "yellow" | "orange" | "red" | "blue";
/** Threshold steps above the base colour: from `value` up, `color`. */
export interface Step { value: number; color: Color }

interface PanelSpec {
    title: string;
    description: string;
    unit: Unit;
    queries: Query[];
    /** The colour below the first step (green unless said otherwise). */
    base?: Color;
    steps?: Step[];
    min?: number;
    max?: number;
    /** What shows when the query returns nothing (Grafana's "No data" otherwise). */
    noValue?: string;
    /** Grid columns (of 24) and rows; 8 × 8 unless said otherwise. */
    width?: number;
    height?: number;
}

/** A panel builder not yet placed: the layout gives it its id and grid position. */
export interface PanelCell {
    builder: cog.Builder<dashboard.Panel> & { id(id: number): unknown; gridPos(gridPos: dashboard.GridPos): unknown };
    width: number;
    height: number;
}

const refId = (i: number) => String.fromCharCode("A".charCodeAt(0) + i);

function targets(queries: Query[], instant: boolean): prometheus.DataqueryBuilder[] {
    return queries.map((q, i) => {
        const target = new prometheus.DataqueryBuilder().datasource(PROMETHEUS_DATASOURCE).refId(refId(i)).expr(q.expr).legendFormat(q.legend ?? "__auto");
        return instant ? target.instant() : target.range();
    });
}

function thresholds(spec: PanelSpec): dashboard.ThresholdsConfigBuilder {
    return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute)
        .steps([{ value: null, color: spec.base ?? "green" }, ...(spec.steps ?? [])]);
}

/** A time series; its thresholds are drawn as dashed lines when it has any. */
export function timeseriesPanel(spec: PanelSpec & { stacked?: boolean }): PanelCell {
    const panel = new timeseries.PanelBuilder()
        .title(spec.title).description(spec.description).datasource(PROMETHEUS_DATASOURCE).unit(spec.unit)
        .targets(targets(spec.queries, false))
        .thresholds(thresholds(spec))
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(spec.steps?.length ? common.GraphThresholdsStyleMode.Dashed : common.GraphThresholdsStyleMode.Off))
        .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom))
        .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
        .fillOpacity(spec.stacked ? 30 : 10)
        .stacking(new common.StackingConfigBuilder().mode(spec.stacked ? common.StackingMode.Normal : common.StackingMode.None));
    if (spec.min !== undefined) panel.min(spec.min);
    if (spec.max !== undefined) panel.max(spec.max);
    return { builder: panel, width: spec.width ?? 8, height: spec.height ?? 8 };
}

/** A value mapping: what a number shows as, and in which colour. */
export interface ValueText { value: number; text: string; color: Color }

/** One big number per series (the last value), coloured by the thresholds. */
export function statPanel(spec: PanelSpec & { mappings?: ValueText[] }): PanelCell {
    const panel = new stat.PanelBuilder()
        .title(spec.title).description(spec.description).datasource(PROMETHEUS_DATASOURCE).unit(spec.unit)
        .targets(targets(spec.queries, true))
        .thresholds(thresholds(spec))
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None)
        .textMode(common.BigValueTextMode.Auto)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
    if (spec.mappings) {
        panel.mappings([{
            type: dashboard.MappingType.ValueToText,
            options: Object.fromEntries(spec.mappings.map((m, index) => [String(m.value), { text: m.text, color: m.color, index }])),
        }]);
    }
    if (spec.min !== undefined) panel.min(spec.min);
    if (spec.max !== undefined) panel.max(spec.max);
    if (spec.noValue !== undefined) panel.noValue(spec.noValue);
    return { builder: panel, width: spec.width ?? 6, height: spec.height ?? 4 };
}

/**
 * The namespace variable: the namespaces whose services report HTTP metrics, the stack's
 * application namespace selected.
 */
export function namespaceVariable(namespace: string): dashboard.QueryVariableBuilder {
    return queryVariable("namespace", "Namespace", "label_values(http_server_request_duration_seconds_count, namespace)", namespace);
}

/** The service variable: the services (Prometheus jobs) of the selected namespace. */
export function serviceVariable(service: string): dashboard.QueryVariableBuilder {
    return queryVariable("service", "Service", 'label_values(http_server_request_duration_seconds_count{namespace="$namespace"}, job)', service);
}

/** A variable whose values are a label's values in Prometheus, with `selected` chosen when the dashboard opens. */
export function queryVariable(name: string, label: string, query: string, selected: string): dashboard.QueryVariableBuilder {
    return new dashboard.QueryVariableBuilder(name).label(label).datasource(PROMETHEUS_DATASOURCE)
        .query(query).definition(query)
        .current({ selected: true, text: selected, value: selected })
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc);
}

export interface DashboardSpec {
    /** Stable across deployments, so links and bookmarks keep working; 8 to 40 characters. */
    uid: string;
    title: string;
    description: string;
    variables: dashboard.QueryVariableBuilder[];
    rows: { title: string; panels: PanelCell[] }[];
}

/** Tags every dashboard of the platform carries, so Grafana's search lists them together. */
export const DASHBOARD_TAGS = ["signal-trading"];

/**
 * The dashboard: each row a full-width header, its panels filled in left to right and wrapped
 * onto a new line when the next one does not fit; ids numbered from 1 in that order.
 */
export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
    const builder = new dashboard.DashboardBuilder(spec.title)
        .uid(spec.uid).description(spec.description).tags(DASHBOARD_TAGS)
        .timezone("utc").time({ from: "now-6h", to: "now" }).refresh("1m")
        .tooltip(dashboard.DashboardCursorSync.Crosshair)
        // Provisioned from code: an edit in the UI would be lost at the next deployment.
        .readonly()
        .variables(spec.variables);
    let id = 1;
    let y = 0;
    for (const row of spec.rows) {
        builder.withRow(new dashboard.RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: GRID_COLUMNS, h: 1 }));
        y += 1;
        let x = 0;
        let lineHeight = 0;
        for (const cell of row.panels) {
            if (cell.width > GRID_COLUMNS) throw new Error(`${spec.uid}: panel ${id} is ${cell.width} columns wide, the grid has ${GRID_COLUMNS}`);
            if (x + cell.width > GRID_COLUMNS) {
                y += lineHeight;
                x = 0;
                lineHeight = 0;
            }
            cell.builder.id(id++);
            cell.builder.gridPos({ x, y, w: cell.width, h: cell.height });
            builder.withPanel(cell.builder);
            x += cell.width;
            lineHeight = Math.max(lineHeight, cell.height);
        }
        y += lineHeight;
    }
    return builder.build();
}

/** A label matcher of the services' names, for queries about all of them. */
export function servicesMatcher(services: readonly string[]): string {
    return `job=~"${services.join("|")}"`;
}

/**
 * The share `part / whole` of two sums of rates, grouped `by` the given labels: 0 rather than no
 * value where `whole` has series and `part` has none, so a service without errors shows 0 %
 * instead of dropping out of the panel.
 */
export function shareOf(part: string, whole: string, by?: string): string {
    const sum = (x: string) => (by ? `sum by (${by}) (${x})` : `sum(${x})`);
    return `(${sum(part)} or ${sum(whole)} * 0) / ${sum(whole)}`;
}

/** A percentage as the ratio Grafana's `percentunit` shows, without the float noise of a plain division (99.9 / 100 is 0.9990000000000001). */
export function ratio(percent: number): number {
    return Number((percent / 100).toPrecision(12));
}

/** Threshold steps of a share that is good when low (error rates): orange at the target, red at twice it. */
export function lowIsGood(target: number): Step[] {
    return [{ value: target, color: "orange" }, { value: 2 * target, color: "red" }];
}
