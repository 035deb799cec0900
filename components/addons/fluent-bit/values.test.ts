import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REGISTRY } from "../../../test/addon-fixture";
import { unknownValuesKeys } from "../../../test/chart-values";
import { CHART_IMAGES } from "../../shared/images";
import { classicConfigProblems, parseClassicConfig } from "./classic-config";
import {
    bufferMiB, FluentBitValuesInputs, fluentBitAlertRules, fluentBitConfig, fluentBitValues, logGroupName, logGroupNameProblems, STATE_DIR,
} from "./values";

const FIXTURES = join(__dirname, "../../../test/fixtures/charts");
const CHART_VALUES = readFileSync(join(FIXTURES, "fluent-bit-0.58.1-values.yaml"), "utf8");
const CHART_TEMPLATES = readFileSync(join(FIXTURES, "fluent-bit-0.58.1-templates.txt"), "utf8");

const INPUTS: FluentBitValuesInputs = {
    region: "us-east-1",
    clusterName: "signal-trading-prod",
    namespaces: ["kube-system", "signal-trading-logging", "signal-trading-prod"],
    buffering: { outageMinutes: 120, nodeLogRateKiBPerSecond: 64 },
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
    registry: REGISTRY,
};

/** The whole fluent-bit.conf as the chart's ConfigMap joins it. */
const conf = (inputs = INPUTS) => {
    const c = fluentBitConfig(inputs);
    return [c.service, c.inputs, c.filters, c.outputs].join("\n");
};
const sections = (inputs = INPUTS) => parseClassicConfig(conf(inputs));
const entry = (name: string, plugin: string, key: string, inputs = INPUTS) =>
    sections(inputs).filter((s) => s.name === name && s.entries.some(([k, v]) => k === "Name" && v === plugin)).map((s) => s.entries.find(([k]) => k === key)?.[1]);

/** Which output a container log file's records go to, by its Match_Regex, as Fluent Bit matches the tag. */
function outputsOf(file: string, inputs = INPUTS): (string | undefined)[] {
    const tag = `kube.var.log.containers.${file}`;
    return sections(inputs).filter((s) => s.name === "OUTPUT")
        .filter((s) => new RegExp(s.entries.find(([k]) => k === "Match_Regex")![1]).test(tag))
        .map((s) => s.entries.find(([k]) => k === "log_group_template")?.[1] ?? s.entries.find(([k]) => k === "log_group_name")?.[1]);
}

describe("Fluent Bit values", () => {
    it("renders a config Fluent Bit's classic parser loads, with only known sections, plugins and keys", () => {
        assert.deepEqual(classicConfigProblems(sections()), []);
        assert.deepEqual(sections().map((s) => s.name), ["SERVICE", "INPUT", "FILTER", "FILTER", "OUTPUT", "OUTPUT"]);
    });

    it("the strict parse refuses what Fluent Bit would: unknown keys and plugins, bad indentation, no Match", () => {
        assert.deepEqual(classicConfigProblems(parseClassicConfig("[SERVICE]\n    Flush 1\n[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n    log_group nope")),
            ["[OUTPUT] #2 cloudwatch_logs: unknown key log_group"]);
        assert.deepEqual(classicConfigProblems(parseClassicConfig("[SERVICE]\n    Flush 1\n[FILTER]\n    Name grep")), ["[FILTER] #2: unknown plugin grep"]);
        assert.deepEqual(classicConfigProblems(parseClassicConfig("[SERVICE]\n    Flush 1\n[FILTER]\n    Name kubernetes")), ["[FILTER] #2 kubernetes: needs exactly one of Match and Match_Regex"]);
        assert.throws(() => parseClassicConfig("[SERVICE]\n    Flush 1\n  Daemon Off"), /line 3: indented by 2 spaces/);
        assert.throws(() => parseClassicConfig("[SERVICE]\n    Flush"), /line 2: expected an indented "key value" line/);
    });

    it("tails the container logs with the runtime's framing, keeping positions and buffer in the node's state directory", () => {
        assert.deepEqual(entry("INPUT", "tail", "Path"), ["/var/log/containers/*.log"]);
        assert.deepEqual(entry("INPUT", "tail", "multiline.parser"), ["cri, docker"]);
        assert.deepEqual(entry("INPUT", "tail", "DB"), [`${STATE_DIR}/tail-containers.db`]);
        assert.deepEqual(entry("INPUT", "tail", "storage.type"), ["filesystem"]);
        assert.deepEqual(entry("SERVICE", "", "storage.path"), []);
        assert.equal(sections()[0].entries.find(([k]) => k === "storage.path")![1], `${STATE_DIR}/buffer/`);
    });

    it("joins Go, Java and Python stack traces before the kubernetes filter, and parses JSON lines into top-level fields", () => {
        const filters = sections().filter((s) => s.name === "FILTER").map((s) => s.entries.find(([k]) => k === "Name")![1]);
        // No filter that removes or renames fields (modify, record_modifier, nest, lua): trace_id and span_id reach CloudWatch as they were logged.
        assert.deepEqual(filters, ["multiline", "kubernetes"]);
        assert.deepEqual(entry("FILTER", "multiline", "multiline.parser"), ["go, java, python"]);
        assert.deepEqual(entry("FILTER", "kubernetes", "Merge_Log"), ["On"]);
        // Merged at the top level, not under a key, so Logs Insights queries `trace_id` directly.
        assert.deepEqual(entry("FILTER", "kubernetes", "Merge_Log_Key"), [undefined]);
        // Pods cannot choose their parser or exclude themselves: every container's logs are shipped.
        assert.deepEqual(entry("FILTER", "kubernetes", "K8S-Logging.Exclude"), ["Off"]);
    });

    it("routes each listed namespace to its own group and every other namespace to the unlisted group, each record to exactly one output", () => {
        assert.deepEqual(outputsOf("gateway-7d9f_signal-trading-prod_gateway-0123abcd.log"), ["/aws/eks/signal-trading-prod/containers/$kubernetes['namespace_name']"]);
        assert.deepEqual(outputsOf("coredns-1_kube-system_coredns-0123.log"), ["/aws/eks/signal-trading-prod/containers/$kubernetes['namespace_name']"]);
        assert.deepEqual(outputsOf("nginx_default_nginx-0123.log"), ["/aws/eks/signal-trading-prod/containers/unlisted"]);
        // A namespace whose name starts like a listed one is not listed.
        assert.deepEqual(outputsOf("x_kube-system-extra_c-0123.log"), ["/aws/eks/signal-trading-prod/containers/unlisted"]);
        assert.deepEqual(outputsOf("x_signal-trading-prod-2_c-0123.log"), ["/aws/eks/signal-trading-prod/containers/unlisted"]);
    });

    it("never creates log groups, retries until the buffer is full, and limits each output's buffer to the stated outage", () => {
        assert.deepEqual(entry("OUTPUT", "cloudwatch_logs", "auto_create_group"), ["Off", "Off"]);
        assert.deepEqual(entry("OUTPUT", "cloudwatch_logs", "Retry_Limit"), ["no_limits", "no_limits"]);
        // 64 KiB/s for 120 minutes: 450 MiB.
        assert.equal(bufferMiB(INPUTS.buffering), 450);
        assert.deepEqual(entry("OUTPUT", "cloudwatch_logs", "storage.total_limit_size"), ["450M", "450M"]);
        assert.deepEqual(entry("OUTPUT", "cloudwatch_logs", "region"), ["us-east-1", "us-east-1"]);
    });

    it("sets only keys the chart's values.yaml (0.58.1) or its templates know", () => {
        assert.deepEqual(unknownValuesKeys(fluentBitValues(INPUTS), CHART_VALUES, { templatesText: CHART_TEMPLATES }), []);
        assert.deepEqual(unknownValuesKeys({ ...fluentBitValues(INPUTS), daemonsetVolumes: [] }, CHART_VALUES, { templatesText: CHART_TEMPLATES }), ["daemonsetVolumes"]);
    });

    it("runs on every node with node-critical priority, the cached image and bounded memory", () => {
        const v = fluentBitValues(INPUTS);
        assert.equal(v.kind, "DaemonSet");
        assert.equal(v.priorityClassName, "system-node-critical");
        assert.deepEqual(v.tolerations, INPUTS.tolerations);
        assert.deepEqual(v.nodeSelector, { "kubernetes.io/os": "linux" });
        assert.deepEqual(v.image, { repository: `${REGISTRY}/docker-hub/fluent/fluent-bit`, tag: CHART_IMAGES.fluentBit.tag, pullPolicy: "IfNotPresent" });
        assert.deepEqual(v.resources.limits, { memory: "256Mi" });
        assert.deepEqual(entry("INPUT", "tail", "Mem_Buf_Limit"), ["16MB"]);
        assert.equal(v.testFramework.enabled, false);
    });

    it("mounts the container logs read-only and only the state directory writable, without privilege or capabilities", () => {
        const v = fluentBitValues(INPUTS);
        assert.deepEqual(v.daemonSetVolumes.map((x) => x.hostPath.path), ["/var/log/containers", "/var/log/pods", STATE_DIR]);
        assert.deepEqual(v.daemonSetVolumeMounts.filter((m) => !("readOnly" in m && m.readOnly)).map((m) => m.mountPath), [STATE_DIR]);
        assert.equal(v.securityContext.privileged, false);
        assert.equal(v.securityContext.allowPrivilegeEscalation, false);
        assert.equal(v.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(v.securityContext.capabilities, { drop: ["ALL"] });
    });

    it("scrapes its HTTP server and alerts on dropped records, failed retries and an output stuck retrying", () => {
        const v = fluentBitValues(INPUTS);
        assert.equal(v.metricsPort, 2020);
        assert.equal(v.serviceMonitor.enabled, true);
        assert.equal(v.prometheusRule.enabled, true);
        const rules = fluentBitAlertRules(INPUTS.buffering);
        assert.deepEqual(v.prometheusRule.rules, rules);
        assert.match(rules[0].expr, /fluentbit_output_dropped_records_total/);
        assert.match(rules[0].expr, /fluentbit_output_retries_failed_total/);
        assert.equal(rules[0].labels.severity, "critical");
        assert.equal(rules[1].for, "30m");
        assert.equal(fluentBitAlertRules({ outageMinutes: 20, nodeLogRateKiBPerSecond: 1 })[1].for, "5m");
    });
});

describe("log group names", () => {
    it("names one group per namespace beside the control plane's, inside the deploy role's log-group scope", () => {
        assert.equal(logGroupName("signal-trading-dev", "kube-system"), "/aws/eks/signal-trading-dev/containers/kube-system");
    });

    it("refuses a name CloudWatch would refuse: too long or with other characters", () => {
        assert.deepEqual(logGroupNameProblems(logGroupName("signal-trading-prod", "x".repeat(63))), []);
        assert.deepEqual(logGroupNameProblems(`/${"a".repeat(511)}`), []);
        assert.deepEqual(logGroupNameProblems(`/${"a".repeat(512)}`), [`log group name /${"a".repeat(39)}... is 513 characters; CloudWatch allows 512`]);
        assert.deepEqual(logGroupNameProblems("/aws/eks/x/containers/a b"), ['log group name "/aws/eks/x/containers/a b" holds characters CloudWatch Logs refuses (allowed: a-z, A-Z, 0-9, _, -, /, . and #)']);
    });
});
