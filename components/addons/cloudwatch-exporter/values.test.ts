import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { unknownValuesKeys } from "../../../test/chart-values";
import { nodeGroupPlacement } from "../../cluster/placement";
import { EXPORTER_METRICS } from "../../observability/exporter-metrics";
import {
    CLOUDWATCH_EXPORTER_PODS, CLOUDWATCH_METRICS, cloudwatchExporterValues, CloudWatchExporterValuesInputs, cloudwatchJobs, cloudwatchSeries, yaceConfig, yaceMetricName,
} from "./values";

const CHART_VERSION = "0.47.0";
const fixture = (kind: "values.yaml" | "templates.txt") =>
    readFileSync(join(__dirname, "../../../test/fixtures/charts", `prometheus-yet-another-cloudwatch-exporter-${CHART_VERSION}-${kind}`), "utf8");

const PLACEMENT = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const INPUTS: CloudWatchExporterValuesInputs = { region: "us-east-1", environment: "prod", clusterName: "signal-trading-prod", placement: PLACEMENT, registry: REGISTRY };
const values = (inputs: Partial<CloudWatchExporterValuesInputs> = {}) => cloudwatchExporterValues({ ...INPUTS, ...inputs });

describe("CloudWatch exporter (YACE) values", () => {
    it("sets only keys the pinned chart reads", () => {
        for (const stack of ["dev", "prod"] as const) assert.equal(parsedConfig(stack).addons.cloudwatchExporter.version, CHART_VERSION, `${stack} pins another chart: replace the fixtures`);
        assert.deepEqual(unknownValuesKeys(values(), fixture("values.yaml"), { templatesText: fixture("templates.txt") }), []);
        assert.deepEqual(unknownValuesKeys({ ...values(), serviceMonitor: { enabled: true, scrapeInterval: "60s" } }, fixture("values.yaml"), { templatesText: fixture("templates.txt") }), ["serviceMonitor.scrapeInterval"]);
    });

    it("runs YACE v0.67.0 from the account's Quay cache, one replica, under the short name yace", () => {
        const v = values();
        assert.deepEqual(v.image, { registry: REGISTRY, repository: "quay/prometheuscommunity/yet-another-cloudwatch-exporter", tag: "v0.67.0" });
        assert.equal(v.replicaCount, 1);
        assert.deepEqual([v.nameOverride, v.fullnameOverride], ["yace", "yace"]);
        assert.deepEqual(CLOUDWATCH_EXPORTER_PODS, { "app.kubernetes.io/name": "yace", "app.kubernetes.io/instance": "yace" });
    });

    it("uses the service account created with its IRSA role, and no AWS keys", () => {
        const v = values();
        assert.deepEqual(v.serviceAccount, { create: false, name: "yace" });
        assert.equal("aws" in v, false);
        assert.deepEqual(v.extraEnv, [{ name: "AWS_REGION", value: "us-east-1" }]);
    });

    it("asks CloudWatch every minute and is scraped as often, through the chart's ServiceMonitor", () => {
        const v = values();
        assert.deepEqual(v.extraArgs, { "scraping-interval": 60 });
        assert.deepEqual(v.serviceMonitor, { enabled: true, interval: "60s" });
        assert.equal(v.testConnection, false);
    });

    it("runs as nobody, restricted, on the system nodes, with memory limited", () => {
        const v = values();
        assert.deepEqual(v.podSecurityContext, { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(v.securityContext, {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(v.resources, { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } });
        assert.deepEqual(v.nodeSelector, { "node-group": "system" });
        assert.deepEqual(v.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    describe("YACE's config", () => {
        const config = parse(values({ region: "eu-west-1", environment: "dev", clusterName: "signal-trading-dev" }).config);

        it("is the rendered config, as YAML, in the stack's region", () => {
            assert.deepEqual(config, yaceConfig("eu-west-1", cloudwatchJobs({ region: "eu-west-1", environment: "dev", clusterName: "signal-trading-dev" })));
            assert.equal(config.apiVersion, "v1alpha1");
            assert.equal(config["sts-region"], "eu-west-1");
            assert.doesNotMatch(values().config, /\{\{/, "the chart passes config through tpl");
            assert.doesNotMatch(values().config, /[&*]a\d/, "YAML anchors make the config hard to read in the ConfigMap");
        });

        it("finds the stack's database and NAT gateways by the program's tags, and the ingress load balancer by the cluster's tag", () => {
            const jobs = config.discovery.jobs as Record<string, any>[];
            assert.deepEqual(jobs.map((j) => [j.type, j.searchTags, j.dimensionNameRequirements]), [
                ["AWS/RDS", [{ key: "project", value: "^signal-trading$" }, { key: "environment", value: "^dev$" }], ["DBInstanceIdentifier"]],
                ["AWS/NATGateway", [{ key: "project", value: "^signal-trading$" }, { key: "environment", value: "^dev$" }], ["NatGatewayId"]],
                ["AWS/NetworkELB", [{ key: "kubernetes.io/cluster/signal-trading-dev", value: "^owned$" }], undefined],
            ]);
            for (const job of jobs) {
                assert.deepEqual(job.regions, ["eu-west-1"]);
                assert.deepEqual([job.period, job.length], [60, 300]);
                assert.equal("nilToZero" in job, false, "a resource that stops reporting must have no series, not zeros");
            }
        });

        it("reads the metrics the alerts and dashboards need, each with one statistic CloudWatch knows", () => {
            const jobs = config.discovery.jobs as { type: keyof typeof CLOUDWATCH_METRICS; metrics: { name: string; statistics: string[] }[] }[];
            assert.deepEqual(jobs.map((j) => [j.type, j.metrics.map((m) => `${m.name}:${m.statistics.join()}`)]), [
                ["AWS/RDS", ["CPUUtilization:Average", "FreeStorageSpace:Minimum", "DatabaseConnections:Maximum", "FreeableMemory:Minimum", "ReadLatency:Average", "WriteLatency:Average"]],
                ["AWS/NATGateway", ["ErrorPortAllocation:Sum", "PacketsDropCount:Sum"]],
                ["AWS/NetworkELB", ["UnHealthyHostCount:Maximum", "HealthyHostCount:Minimum", "TCP_ELB_Reset_Count:Sum"]],
            ]);
        });
    });

    describe("series names", () => {
        it("are YACE's: aws_<namespace>_<metric>_<statistic>, as its own tests spell them", () => {
            assert.equal(yaceMetricName("AWS/ElastiCache", "CPUUtilization", "Average"), "aws_elasticache_cpuutilization_average");
            assert.equal(yaceMetricName("/aws/sagemaker/TrainingJobs", "CPUUtilization", "Average"), "aws_sagemaker_trainingjobs_cpuutilization_average");
            assert.equal(yaceMetricName("Glue", "glue.driver.aggregate.bytesRead", "Average"), "aws_glue_driver_aggregate_bytes_read_average");
            assert.equal(yaceMetricName("Glue", "aggregate.glue.jobs.bytesRead", "Average"), "aws_glue_aggregate_glue_jobs_bytes_read_average");
            assert.equal(yaceMetricName("AWS/NetworkELB", "UnHealthyHostCount", "Maximum"), "aws_networkelb_un_healthy_host_count_maximum");
            assert.equal(yaceMetricName("AWS/NetworkELB", "TCP_ELB_Reset_Count", "Sum"), "aws_networkelb_tcp_elb_reset_count_sum");
            assert.equal(yaceMetricName("AWS/RDS", "info"), "aws_rds_info");
        });

        it("are the exporter series the rules may name, exactly", () => {
            const listed = EXPORTER_METRICS.find((e) => e.exporter.startsWith("YACE"));
            assert.ok(listed, "YACE is not in EXPORTER_METRICS");
            assert.deepEqual([...listed.series].sort(), cloudwatchSeries(cloudwatchJobs(INPUTS)).sort());
        });
    });
});
