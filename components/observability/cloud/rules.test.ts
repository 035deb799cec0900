import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { queryProblems } from "../../../test/promql";
import { checkRules, ExpectedAlert, RuleTestBatch, RuleUnitTest } from "../../../test/promtool";
import { AlertingRule, headingAnchor, isAlertingRule } from "../rules";
import { CLOUD_ALERTS, cloudAlertGroups, storageThresholdBytes } from "./rules";

const RUNBOOKS = "https://github.com/example-org/signal-trading/blob/main/docs/runbooks.md";
const groups = cloudAlertGroups({ runbooksUrl: RUNBOOKS, applicationNamespace: "signal-trading", allocatedStorageGiB: 50 });
const alerts = groups.flatMap((g) => g.rules).filter(isAlertingRule);
const GIB = 1024 ** 3;

const DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:prod-database";
const NAT = "nat-0123456789abcdef0";
const LB = "net/a1b2c3/0123456789abcdef";
const TG = "targetgroup/k8s-nginxing/0123456789abcdef";

/** The alert as promtool reports it: its labels with the rule's, and its annotations rendered. */
function expected(alert: string, severity: string, labels: Record<string, string>, annotations: (rule: AlertingRule) => Record<string, string>): ExpectedAlert {
    const rule = alerts.find((r) => r.alert === alert && r.labels.severity === severity)!;
    return { exp_labels: { ...rule.labels, ...labels }, exp_annotations: { ...annotations(rule), description: rule.annotations.description, runbook_url: rule.annotations.runbook_url } };
}
const series = (name: string, labels: Record<string, string>, values: string) =>
    ({ series: `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`, values });
const db = { name: DB_ARN, dimension_DBInstanceIdentifier: "prod-database", region: "us-east-1", account_id: "123456789012" };
const dbInfo = { name: DB_ARN, region: "us-east-1", account_id: "123456789012", tag_project: "signal-trading" };
const exporterUp = series("up", { job: "yace", namespace: "cloudwatch-exporter" }, "1x40");

describe("alerts outside the cluster", () => {
    it("are rules Prometheus loads (promtool check rules), each with its runbook section", () => {
        checkRules(groups);
        assert.deepEqual([...new Set(alerts.map((a) => a.alert))], [...CLOUD_ALERTS]);
        for (const rule of alerts) assert.equal(rule.annotations.runbook_url, `${RUNBOOKS}#${headingAnchor(rule.alert)}`);
        const runbooks = readFileSync(join(__dirname, "../../../docs/runbooks.md"), "utf8");
        const section = runbooks.slice(runbooks.indexOf("\n## Outside the cluster\n"));
        assert.ok(section.length > 0 && runbooks.includes("\n## Outside the cluster\n"), "docs/runbooks.md has no Outside the cluster section");
        const headings = [...section.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
        for (const alert of CLOUD_ALERTS) assert.ok(headings.includes(alert), `no runbook heading ${alert} under Outside the cluster`);
    });

    it("name only series the exporters export", () => {
        assert.deepEqual(alerts.flatMap((a) => queryProblems(a.alert, a.expr)), []);
    });

    it("set severities Alertmanager routes: critical pages for a database that does not serve and an edge with no healthy target", () => {
        assert.deepEqual(alerts.map((a) => [a.alert, a.labels.severity, a.for]), [
            ["DatabaseFailure", "critical", "5m"],
            ["DatabaseStorageLow", "warning", "30m"],
            ["DatabaseStorageLow", "critical", "5m"],
            ["NatGatewayPortAllocationErrors", "warning", "5m"],
            ["LoadBalancerUnhealthyTargets", "warning", "10m"],
            ["LoadBalancerNoHealthyTargets", "critical", "3m"],
            ["CloudWatchExporterDown", "warning", "15m"],
        ]);
        assert.equal(storageThresholdBytes(50, 0.1), 5 * GIB);
    });

    describe("fire and stay silent as promtool evaluates them", () => {
        // Every case runs in one promtool process; each test asserts its own case's verdict.
        const batch = new RuleTestBatch();
        const promtoolCase = (title: string, tests: () => RuleUnitTest[]) => {
            batch.add(title, { groups, tests: tests() });
            it(title, () => batch.assertPassed(title));
        };
        before(() => batch.run());

        promtoolCase("DatabaseFailure: when the instance stops reporting, or holds no connection; silent while it reports and serves", () => {
            const annotations = () => ({ summary: "Database prod-database is not serving" });
            const tests: RuleUnitTest[] = [
                {
                    name: "stops reporting",
                    interval: "1m",
                    input_series: [
                        series("aws_rds_info", dbInfo, "1x20"),
                        series("aws_rds_cpuutilization_average", db, "12x5 stale"),
                        series("aws_rds_database_connections_maximum", db, "30x5 stale"),
                        exporterUp,
                    ],
                    alert_rule_test: [
                        { eval_time: "5m", alertname: "DatabaseFailure", exp_alerts: [] },
                        { eval_time: "9m", alertname: "DatabaseFailure", exp_alerts: [] },
                        { eval_time: "12m", alertname: "DatabaseFailure", exp_alerts: [expected("DatabaseFailure", "critical", { db_instance: "prod-database" }, annotations)] },
                    ],
                },
                {
                    name: "no connections",
                    interval: "1m",
                    input_series: [
                        series("aws_rds_info", dbInfo, "1x20"),
                        series("aws_rds_cpuutilization_average", db, "12x20"),
                        series("aws_rds_database_connections_maximum", db, "30x4 0x15"),
                    ],
                    alert_rule_test: [
                        { eval_time: "8m", alertname: "DatabaseFailure", exp_alerts: [] },
                        { eval_time: "11m", alertname: "DatabaseFailure", exp_alerts: [expected("DatabaseFailure", "critical", { db_instance: "prod-database" }, annotations)] },
                    ],
                },
                {
                    name: "healthy",
                    interval: "1m",
                    input_series: [
                        series("aws_rds_info", dbInfo, "1x30"),
                        series("aws_rds_cpuutilization_average", db, "12x30"),
                        series("aws_rds_database_connections_maximum", db, "1x30"),
                    ],
                    alert_rule_test: [{ eval_time: "30m", alertname: "DatabaseFailure", exp_alerts: [] }],
                },
            ];
            return tests;
        });

        promtoolCase("DatabaseStorageLow: a warning under 10% of the allocation for 30 minutes, critical under 5%", () => {
            const annotations = (value: string) => () => ({ summary: `Database prod-database has ${value}B of storage left` });
            return [{
                interval: "1m",
                input_series: [series("aws_rds_free_storage_space_minimum", db, `${20 * GIB}x10 ${4 * GIB}x40 ${2 * GIB}x10`)],
                alert_rule_test: [
                    { eval_time: "10m", alertname: "DatabaseStorageLow", exp_alerts: [] },
                    { eval_time: "35m", alertname: "DatabaseStorageLow", exp_alerts: [] },
                    { eval_time: "45m", alertname: "DatabaseStorageLow", exp_alerts: [expected("DatabaseStorageLow", "warning", { db_instance: "prod-database" }, annotations("4Gi"))] },
                    {
                        eval_time: "58m", alertname: "DatabaseStorageLow", exp_alerts: [
                            expected("DatabaseStorageLow", "warning", { db_instance: "prod-database" }, annotations("2Gi")),
                            expected("DatabaseStorageLow", "critical", { db_instance: "prod-database" }, annotations("2Gi")),
                        ],
                    },
                ],
            }];
        });

        promtoolCase("NatGatewayPortAllocationErrors: on failed allocations for 5 minutes, not on a single one", () => {
            const nat = { name: `arn:aws:ec2:us-east-1:123456789012:natgateway/${NAT}`, dimension_NatGatewayId: NAT };
            return [{
                interval: "1m",
                input_series: [series("aws_natgateway_error_port_allocation_sum", nat, "0x5 3 0x5 12x10")],
                alert_rule_test: [
                    { eval_time: "7m", alertname: "NatGatewayPortAllocationErrors", exp_alerts: [] },
                    { eval_time: "13m", alertname: "NatGatewayPortAllocationErrors", exp_alerts: [] },
                    {
                        eval_time: "19m", alertname: "NatGatewayPortAllocationErrors", exp_alerts: [
                            expected("NatGatewayPortAllocationErrors", "warning", { dimension_NatGatewayId: NAT }, () => ({ summary: `NAT gateway ${NAT} cannot open new connections` })),
                        ].map((a) => ({ ...a, exp_annotations: { ...a.exp_annotations, description: a.exp_annotations!.description.replace("{{ $value }}", "12") } })),
                    },
                ],
            }];
        });

        promtoolCase("LoadBalancerUnhealthyTargets and LoadBalancerNoHealthyTargets: per target group, ignoring the per-zone and per-load-balancer series", () => {
            const tg = { name: `arn:aws:elasticloadbalancing:us-east-1:123456789012:${TG}`, dimension_LoadBalancer: LB, dimension_TargetGroup: TG };
            const zone = { ...tg, dimension_AvailabilityZone: "us-east-1a" };
            const unhealthy = expected("LoadBalancerUnhealthyTargets", "warning", { dimension_LoadBalancer: LB, dimension_TargetGroup: TG }, () => ({ summary: `1 targets of ${TG} fail the load balancer's health check` }));
            const none = expected("LoadBalancerNoHealthyTargets", "critical", { dimension_LoadBalancer: LB, dimension_TargetGroup: TG }, () => ({ summary: `Target group ${TG} of the ingress load balancer has no healthy target` }));
            return [{
                interval: "1m",
                input_series: [
                    series("aws_networkelb_un_healthy_host_count_maximum", tg, "0x5 1x30"),
                    series("aws_networkelb_healthy_host_count_minimum", tg, "2x20 0x10"),
                    // A zone's own view: no healthy target in one zone is not the whole target group's.
                    series("aws_networkelb_healthy_host_count_minimum", zone, "0x30"),
                    series("aws_networkelb_un_healthy_host_count_maximum", zone, "5x30"),
                ],
                alert_rule_test: [
                    { eval_time: "10m", alertname: "LoadBalancerUnhealthyTargets", exp_alerts: [] },
                    { eval_time: "10m", alertname: "LoadBalancerNoHealthyTargets", exp_alerts: [] },
                    { eval_time: "17m", alertname: "LoadBalancerUnhealthyTargets", exp_alerts: [unhealthy] },
                    { eval_time: "20m", alertname: "LoadBalancerNoHealthyTargets", exp_alerts: [] },
                    { eval_time: "24m", alertname: "LoadBalancerNoHealthyTargets", exp_alerts: [none] },
                ],
            }];
        });

        promtoolCase("CloudWatchExporterDown: when the exporter is not scraped, or finds no database; silent while both are there", () => {
            const down = expected("CloudWatchExporterDown", "warning", {}, (r) => ({ summary: r.annotations.summary }));
            return [
                {
                    name: "exporter down",
                    interval: "1m",
                    input_series: [series("up", { job: "yace", namespace: "cloudwatch-exporter" }, "1x5 0x20"), series("aws_rds_info", dbInfo, "1x25")],
                    alert_rule_test: [
                        { eval_time: "5m", alertname: "CloudWatchExporterDown", exp_alerts: [] },
                        { eval_time: "21m", alertname: "CloudWatchExporterDown", exp_alerts: [down] },
                    ],
                },
                {
                    name: "no database found",
                    interval: "1m",
                    input_series: [exporterUp],
                    alert_rule_test: [{ eval_time: "16m", alertname: "CloudWatchExporterDown", exp_alerts: [down] }],
                },
                {
                    name: "healthy",
                    interval: "1m",
                    input_series: [exporterUp, series("aws_rds_info", dbInfo, "1x40")],
                    alert_rule_test: [{ eval_time: "30m", alertname: "CloudWatchExporterDown", exp_alerts: [] }],
                },
            ];
        });
    });
});
