import { strict as assert } from "node:assert";
import { stackServiceRequireAlerts as policy } from "../stack/stack-service-require-alerts";
import { jobSelector, namesJob } from "../lib/prometheus-rules";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { compliantService } from "./fixtures-application";
import { prometheusRule, serviceDownAlert } from "./fixtures-monitoring";

/** The gateway with its Service and ServiceMonitor, and the stack's alerts. */
function stack(alerts: Record<string, any>[] = [serviceDownAlert()], change: (parts: ReturnType<typeof compliantService>) => void = () => undefined): { all: ResourceUnderTest[]; service: ResourceUnderTest } {
    const parts = compliantService();
    change(parts);
    return { all: [...parts.all, prometheusRule(alerts)], service: parts.service };
}

const alertOn = (expr: string) => ({ ...serviceDownAlert(), expr });

describe("stack-service-require-alerts", () => {
    it("passes a scraped Service whose job an alert selects (matches)", () => {
        assert.deepEqual(violations(policy, stack().all), []);
    });

    it("fails a scraped Service that no alert watches, on the Service (no partner)", () => {
        const { all, service } = stack([]);
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [service.urn]);
        assert.equal(found[0].message, `${policy.description}\ngateway-service (kubernetes:core/v1:Service) in namespace signal-trading is scraped as job "gateway" (ServiceMonitor gateway), but no PrometheusRule alert of the stack selects job "gateway".`);
    });

    it("fails when the alerts select other jobs, or the gateway only by a negative matcher or another label (mismatched)", () => {
        for (const expr of ['up{job="data"} == 0', 'up{job!="gateway"} == 0', 'up{job=~"gate"} == 0', 'up{service="gateway"} == 0', 'up{job!~"gateway"} == 0']) {
            assert.equal(violations(policy, stack([alertOn(expr)]).all).length, 1, expr);
        }
    });

    it("does not count a recording rule that names the job", () => {
        // The fixture's recording rule reads every job's `up`, and a recording rule may name the job: only alerts count.
        assert.equal(violations(policy, stack([]).all).length, 1);
        const recordingOnly = { record: "gateway:up:sum", expr: 'sum(up{job="gateway"})' };
        assert.equal(violations(policy, stack([recordingOnly]).all).length, 1);
    });

    it("accepts a regex matcher that matches the job whole, in either quote", () => {
        assert.deepEqual(violations(policy, stack([alertOn('sum by (job) (rate(http_server_request_duration_seconds_count{job=~"gateway|data"}[5m])) > 1')]).all), []);
        assert.deepEqual(violations(policy, stack([alertOn("up{job='gateway'} == 0")]).all), []);
        assert.deepEqual(violations(policy, stack([alertOn('up{job=~"gate.*"} == 0')]).all), []);
    });

    it("takes the job from the Service's label named by the monitor's jobLabel, and the Service's name when that label is missing", () => {
        const byComponent = (p: ReturnType<typeof compliantService>) => { p.serviceMonitor.inputs.spec.jobLabel = "app.kubernetes.io/component"; };
        assert.match(violations(policy, stack(undefined, byComponent).all)[0].message, /scraped as job "api-gateway"/);
        assert.deepEqual(violations(policy, stack([serviceDownAlert("api-gateway")], byComponent).all), []);
        const missingLabel = (p: ReturnType<typeof compliantService>) => { p.serviceMonitor.inputs.spec.jobLabel = "team"; };
        assert.deepEqual(violations(policy, stack(undefined, missingLabel).all), []);
    });

    it("does not judge a Service no ServiceMonitor scrapes: none selects it, or none has an endpoint on its ports", () => {
        assert.deepEqual(violations(policy, stack([], (p) => { p.serviceMonitor.inputs.spec.selector.matchLabels = { "app.kubernetes.io/name": "risk" }; }).all), []);
        assert.deepEqual(violations(policy, stack([], (p) => { p.service.inputs.spec.ports = [{ name: "http", port: 8080 }]; }).all), []);
        assert.deepEqual(violations(policy, stack([], (p) => { p.serviceMonitor.inputs.metadata.namespace = "signal-trading-dev"; p.serviceMonitor.inputs.spec.namespaceSelector = {}; }).all), []);
    });

    it("judges only the configured application namespaces", () => {
        assert.deepEqual(violations(policy, stack([]).all, { namespaces: ["signal-trading-dev"] }), []);
    });

    it("reads a job matcher as Prometheus does: anchored regex, escapes, no partial names", () => {
        assert.equal(namesJob('up{job="gateway"}', "gateway"), true);
        assert.equal(namesJob('up{job = "gateway"}', "gateway"), true);
        assert.equal(namesJob('up{job="gateway-2"}', "gateway"), false);
        assert.equal(namesJob('up{cronjob="gateway"}', "gateway"), false);
        assert.equal(namesJob('up{job=~"api\\\\.gateway"}', "api.gateway"), true);
        assert.equal(namesJob('up{job=~"api\\\\.gateway"}', "apixgateway"), false);
        assert.equal(namesJob('up{job=~"(unclosed"}', "gateway"), false);
        const selected = jobSelector(['up{job="gateway"}', 'rate(x{job=~"data|sig.*"}[5m])', 'up{job!="ml"}', 'up{job=~"(unclosed"}']);
        assert.deepEqual(["gateway", "data", "signal", "ml", "(unclosed"].map(selected), [true, true, true, false, false]);
    });
});
