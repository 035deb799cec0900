import { strict as assert } from "node:assert";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import { kubePrometheusStackValues } from "../../addons/monitoring/values";
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { SERVICES } from "../../../stacks/services";
import { dashboardQueries, panelsOf, substituteVariables, targetsOf } from "../../../test/grafana-queries";
import { queryProblems } from "../../../test/promql";
import { checkRules, testRules } from "../../../test/promtool";
import { sloSeriesNames } from "../slo-series";
import { buildDashboard, DashboardInputs, GRID_COLUMNS, PROMETHEUS_DATASOURCE, statPanel } from "./grafana";
import { DASHBOARD_FOLDER, renderDashboardConfigMap, renderDashboards } from "./index";

const INPUTS: DashboardInputs = {
    namespace: "signal-trading",
    services: SERVICES.map((s) => s.name),
    targets: { availabilityPercent: 99.9, latencyP95Seconds: 0.5, errorRatePercent: 1 },
};
const BOARDS = renderDashboards(INPUTS);
/** The chart values as the monitoring add-on renders them: what the sidecar watches and the data source it provisions. */
const CHART_VALUES = kubePrometheusStackValues({
    environment: "prod", placement: { nodeSelector: {}, tolerations: [] }, storageClassName: "gp3", prometheusStorageGiB: 50, prometheusRetentionDays: 15,
    slackChannels: { critical: "#c", warning: "#w", ticket: "#t" }, alertRoutes: {}, grafanaSso: null, registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
});

const problemsOf = (board: dashboard.Dashboard) =>
    dashboardQueries(board).flatMap((q) => queryProblems(q.where, substituteVariables(q.expr), sloSeriesNames()));

describe("dashboards", () => {
    describe("queries", () => {
        it("parse, and name only the metric contract's, the exporters' and the SLO rules' series", () => {
            assert.deepEqual(BOARDS.flatMap(problemsOf), []);
            assert.ok(BOARDS.flatMap(dashboardQueries).length > 80);
        });

        it("are held to it: a panel reading a series nobody exposes, or broken PromQL, is reported by panel", () => {
            const board = buildDashboard({
                uid: "test-board", title: "t", description: "d", variables: [],
                rows: [{ title: "r", panels: [statPanel({ title: "orders", description: "d", unit: "short", queries: [{ expr: "sum(trading_orders_total)" }, { expr: "sum(rate(up[5m])" }] })] }],
            });
            const problems = problemsOf(board);
            assert.equal(problems.length, 2, problems.join("\n"));
            assert.match(problems[0], /^test-board, panel "orders" A: trading_orders_total is in neither/);
            assert.match(problems[1], /^test-board, panel "orders" B: syntax error/);
        });

        it("are PromQL Prometheus itself accepts (promtool 2.42), types and functions included", () => {
            checkRules(BOARDS.map((board) => ({
                name: board.uid!,
                rules: dashboardQueries(board).map((q, i) => ({ record: `dashboard_check:query_${i}`, expr: substituteVariables(q.expr) })),
            })));
        });

        it("compute what their titles say on synthetic series: a service's share of pods up, its 5xx share, HPAs at maximum", () => {
            const exprOf = (uid: string, title: string) => {
                const panel = panelsOf(BOARDS.find((b) => b.uid === uid)!).find((p) => p.title === title)!;
                return substituteVariables(targetsOf(panel)[0].expr);
            };
            const ns = 'namespace="signal-trading"';
            const requests = (job: string, code: string, perMinute: number) =>
                ({ series: `http_server_request_duration_seconds_count{${ns}, job="${job}", http_response_status_code="${code}"}`, values: `0+${perMinute}x20` });
            testRules([], [{
                interval: "1m",
                input_series: [
                    { series: `up{${ns}, job="gateway", pod="gateway-a"}`, values: "1x20" },
                    { series: `up{${ns}, job="gateway", pod="gateway-b"}`, values: "0x20" },
                    { series: `up{${ns}, job="data", pod="data-a"}`, values: "1x20" },
                    // Redis's exporter shares the namespace but is no service of the matrix.
                    { series: `up{${ns}, job="redis", pod="redis-0"}`, values: "0x20" },
                    requests("gateway", "200", 24), requests("gateway", "503", 8), requests("data", "200", 60),
                    { series: `kube_horizontalpodautoscaler_status_desired_replicas{${ns}, horizontalpodautoscaler="gateway"}`, values: "15x20" },
                    { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ns}, horizontalpodautoscaler="gateway"}`, values: "15x20" },
                    { series: `kube_horizontalpodautoscaler_status_desired_replicas{${ns}, horizontalpodautoscaler="data"}`, values: "3x20" },
                    { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ns}, horizontalpodautoscaler="data"}`, values: "10x20" },
                ],
                promql_expr_test: [
                    { expr: exprOf("signal-trading-overview", "Service status"), eval_time: "10m", exp_samples: [{ labels: '{job="gateway"}', value: 0.5 }, { labels: '{job="data"}', value: 1 }] },
                    { expr: exprOf("signal-trading-overview", "Error rate"), eval_time: "10m", exp_samples: [{ labels: '{job="gateway"}', value: 0.25 }, { labels: '{job="data"}', value: 0 }] },
                    { expr: exprOf("signal-trading-infrastructure", "HPAs at maximum"), eval_time: "10m", exp_samples: [{ labels: "{}", value: 1 }] },
                ],
            }]);
        });

        it("read the SLA dashboard from the series the SLO rules record, with their labels", () => {
            const sla = BOARDS.find((b) => b.uid === "signal-trading-sla")!;
            const read = new Set(dashboardQueries(sla).flatMap((q) => [...substituteVariables(q.expr).matchAll(/slo:[a-z_:0-9]+/g)].map((m) => m[0])));
            for (const series of read) assert.ok(sloSeriesNames().has(series), series);
            assert.ok(read.has("slo:period_error_budget_remaining:ratio") && read.has("slo:current_burn_rate:ratio") && read.has("slo:sli_error:ratio_rate_period"));
        });

        it("go to the Prometheus data source the chart provisions, by its uid", () => {
            assert.equal(PROMETHEUS_DATASOURCE.uid, CHART_VALUES.grafana.sidecar.datasources.uid);
            for (const board of BOARDS) {
                for (const panel of panelsOf(board).filter((p) => p.type !== "row")) {
                    assert.deepEqual(panel.datasource, PROMETHEUS_DATASOURCE, `${board.uid} ${panel.title}`);
                    for (const target of targetsOf(panel)) assert.deepEqual(target.datasource, PROMETHEUS_DATASOURCE, `${board.uid} ${panel.title}`);
                }
                for (const variable of board.templating?.list ?? []) assert.deepEqual(variable.datasource, PROMETHEUS_DATASOURCE);
            }
        });
    });

    describe("serialisation", () => {
        it("keeps the five dashboards at their uids, each unique and within Grafana's 40 characters", () => {
            const uids = BOARDS.map((b) => b.uid!);
            assert.deepEqual(uids, ["signal-trading-overview", "signal-trading-service", "signal-trading-infrastructure", "signal-trading-business", "signal-trading-sla"]);
            for (const uid of uids) assert.match(uid, /^[a-z0-9-]{8,40}$/);
        });

        it("targets the schema the SDK builds: Grafana's classic dashboard model at schemaVersion 42", () => {
            assert.equal(dashboard.defaultDashboard().schemaVersion, 42);
            for (const board of BOARDS) {
                const json = JSON.parse(JSON.stringify(board));
                assert.equal(json.schemaVersion, 42);
                assert.equal(typeof json.title, "string");
                assert.ok(Array.isArray(json.panels) && Array.isArray(json.templating.list));
            }
        });

        it("numbers every panel uniquely and keeps it inside the 24 columns, overlapping none", () => {
            for (const board of BOARDS) {
                const panels = panelsOf(board);
                const ids = panels.map((p) => p.id);
                assert.equal(new Set(ids).size, ids.length, `${board.uid}: ids ${ids.join(",")}`);
                assert.ok(ids.every((id) => Number.isInteger(id) && id! > 0));
                for (const p of panels) {
                    const g = p.gridPos!;
                    assert.ok(g.x >= 0 && g.w > 0 && g.h > 0 && g.y >= 0 && g.x + g.w <= GRID_COLUMNS, `${board.uid} ${p.title}: ${JSON.stringify(g)}`);
                }
                for (const [i, a] of panels.entries()) {
                    for (const b of panels.slice(i + 1)) {
                        const [ga, gb] = [a.gridPos!, b.gridPos!];
                        const overlap = ga.x < gb.x + gb.w && gb.x < ga.x + ga.w && ga.y < gb.y + gb.h && gb.y < ga.y + ga.h;
                        assert.ok(!overlap, `${board.uid}: ${a.title} overlaps ${b.title}`);
                    }
                }
            }
        });

        it("lays rows out expanded, their panels following them, so every panel shows when the dashboard opens", () => {
            for (const board of BOARDS) {
                for (const row of (board.panels ?? []).filter((p) => p.type === "row") as dashboard.RowPanel[]) {
                    assert.equal(row.collapsed, false, `${board.uid} ${row.title}`);
                    assert.deepEqual(row.panels, []);
                }
            }
        });

        it("refuses a panel wider than the grid", () => {
            assert.throws(() => buildDashboard({
                uid: "test-board", title: "t", description: "d", variables: [],
                rows: [{ title: "r", panels: [statPanel({ title: "wide", description: "d", unit: "short", width: 25, queries: [{ expr: "up" }] })] }],
            }), /test-board: panel 2 is 25 columns wide, the grid has 24/);
        });

        it("is read-only in Grafana, since each deployment overwrites it", () => {
            for (const board of BOARDS) assert.equal(board.editable, false);
        });
    });

    describe("content", () => {
        const byTitle = (uid: string, title: string) => {
            const found = panelsOf(BOARDS.find((b) => b.uid === uid)!).filter((p) => p.title === title);
            assert.equal(found.length, 1, `${uid}: ${found.length} panels titled ${title}`);
            return found[0] as dashboard.Panel;
        };
        const steps = (panel: dashboard.Panel) => panel.fieldConfig?.defaults?.thresholds?.steps;

        it("opens on the stack's application namespace, and the Service dashboard on its first service", () => {
            for (const board of BOARDS) {
                const namespace = board.templating!.list!.find((v) => v.name === "namespace")!;
                assert.deepEqual(namespace.current, { selected: true, text: "signal-trading", value: "signal-trading" }, board.uid);
            }
            const service = BOARDS.find((b) => b.uid === "signal-trading-service")!.templating!.list!.find((v) => v.name === "service")!;
            assert.equal(service.current?.value, "gateway");
            assert.match(String(service.query), /\{namespace="\$namespace"\}, job\)$/);
        });

        it("draws the SLA's targets as thresholds: p95 latency, error rate, availability", () => {
            const other = renderDashboards({ ...INPUTS, targets: { availabilityPercent: 99.5, latencyP95Seconds: 0.25, errorRatePercent: 2 } });
            const stepsIn = (boards: dashboard.Dashboard[], uid: string, title: string) =>
                (panelsOf(boards.find((b) => b.uid === uid)!).find((p) => p.title === title) as dashboard.Panel).fieldConfig?.defaults?.thresholds?.steps;
            assert.deepEqual(stepsIn(BOARDS, "signal-trading-overview", "p95 latency"), [{ value: null, color: "green" }, { value: 0.5, color: "red" }]);
            assert.deepEqual(stepsIn(other, "signal-trading-overview", "p95 latency"), [{ value: null, color: "green" }, { value: 0.25, color: "red" }]);
            assert.deepEqual(stepsIn(BOARDS, "signal-trading-overview", "Error rate"), [{ value: null, color: "green" }, { value: 0.01, color: "orange" }, { value: 0.02, color: "red" }]);
            assert.deepEqual(stepsIn(other, "signal-trading-service", "Error rate"), [{ value: null, color: "green" }, { value: 0.02, color: "orange" }, { value: 0.04, color: "red" }]);
            assert.deepEqual(stepsIn(BOARDS, "signal-trading-sla", "Compliance"), [{ value: null, color: "red" }, { value: 0.999, color: "green" }]);
            assert.deepEqual(stepsIn(other, "signal-trading-sla", "Compliance"), [{ value: null, color: "red" }, { value: 0.995, color: "green" }]);
        });

        it("shows a status matrix of exactly the platform's services, by job", () => {
            const status = byTitle("signal-trading-overview", "Service status");
            assert.equal(status.type, "stat");
            const expr = targetsOf(status)[0].expr;
            assert.match(expr, /job=~"gateway\|data\|signal\|ml"/);
            assert.match(expr, /^sum by \(job\) \(up\{.*\}\) \/ count by \(job\) \(up\{.*\}\)$/);
            assert.equal(status.fieldConfig?.defaults?.unit, "percentunit");
        });

        it("shows each HPA's current, desired and maximum replicas, and the cluster autoscaler's activity", () => {
            const hpa = targetsOf(byTitle("signal-trading-infrastructure", "HPA replicas: current, desired, maximum")).map((t) => t.expr);
            assert.deepEqual(hpa, ["current_replicas", "desired_replicas", "max_replicas"].map((s, i) =>
                `kube_horizontalpodautoscaler_${i === 2 ? "spec" : "status"}_${s}{namespace="$namespace"}`));
            const scaling = targetsOf(byTitle("signal-trading-infrastructure", "Scale-ups and scale-downs")).map((t) => t.expr).join(" ");
            for (const series of ["cluster_autoscaler_scaled_up_nodes_total", "cluster_autoscaler_scaled_down_nodes_total", "cluster_autoscaler_failed_scale_ups_total"]) assert.ok(scaling.includes(series), series);
        });

        it("gives every panel a unit and a description", () => {
            for (const board of BOARDS) {
                for (const panel of panelsOf(board).filter((p) => p.type !== "row") as dashboard.Panel[]) {
                    assert.ok(panel.fieldConfig?.defaults?.unit, `${board.uid} ${panel.title} has no unit`);
                    assert.ok(panel.description, `${board.uid} ${panel.title} has no description`);
                    assert.ok(steps(panel)?.[0]?.value === null, `${board.uid} ${panel.title}: thresholds need a base step`);
                }
            }
        });

        it("maps the stat panels' 0 and 1 to words where the value is a state", () => {
            const redis = byTitle("signal-trading-infrastructure", "Redis up");
            assert.deepEqual(redis.fieldConfig?.defaults?.mappings, [{
                type: dashboard.MappingType.ValueToText,
                options: { 0: { text: "Down", color: "red", index: 0 }, 1: { text: "Up", color: "green", index: 1 } },
            }]);
            assert.equal((redis.options as stat.Options).reduceOptions.calcs[0], "lastNotNull");
        });
    });

    describe("ConfigMaps", () => {
        const sidecar = CHART_VALUES.grafana.sidecar.dashboards;
        const maps = BOARDS.map((b) => renderDashboardConfigMap(b, MONITORING_NAMESPACE));

        it("carry the label the sidecar watches and live in the namespace it searches", () => {
            for (const map of maps) {
                assert.equal(map.metadata.labels[sidecar.label], sidecar.labelValue, map.metadata.name);
                assert.ok(sidecar.searchNamespace.includes(map.metadata.namespace), map.metadata.name);
            }
        });

        it("file the dashboards in one folder through the annotation the sidecar reads, which Grafana's provider turns into a folder", () => {
            for (const map of maps) assert.deepEqual(map.metadata.annotations, { [sidecar.folderAnnotation]: DASHBOARD_FOLDER });
            assert.equal(sidecar.provider.foldersFromFilesStructure, true);
        });

        it("hold each dashboard's JSON under its uid, well under a ConfigMap's 1 MiB", () => {
            for (const [i, map] of maps.entries()) {
                assert.equal(map.metadata.name, BOARDS[i].uid);
                assert.deepEqual(Object.keys(map.data), [`${BOARDS[i].uid}.json`]);
                assert.deepEqual(JSON.parse(map.data[`${BOARDS[i].uid}.json`]), JSON.parse(JSON.stringify(BOARDS[i])));
                const bytes = Buffer.byteLength(JSON.stringify(map), "utf8");
                assert.ok(bytes < 256 * 1024, `${map.metadata.name} is ${bytes} bytes`);
            }
        });

        it("refuses a dashboard without a uid, which Grafana would give a new one at every load", () => {
            const board = { ...BOARDS[0], uid: undefined };
            assert.throws(() => renderDashboardConfigMap(board, MONITORING_NAMESPACE), /dashboard Signal Trading \/ System Overview has no uid/);
        });
    });
});
