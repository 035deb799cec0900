import { strict as assert } from "node:assert";
import { CollectorConfig, validateCollectorConfig } from "./pipeline";
import { collectorConfig } from "./values";

const valid = () => collectorConfig({ region: "us-east-1", samplingPercent: 10, slowTraceMs: 500 });
const problemsAfter = (change: (c: CollectorConfig) => void) => {
    const config = valid();
    change(config);
    return validateCollectorConfig(config);
};

describe("collector pipeline check", () => {
    it("accepts the platform's configuration", () => {
        assert.deepEqual(validateCollectorConfig(valid()), []);
    });

    it("refuses a component a pipeline names but nobody defines", () => {
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/sample"].exporters.push("otlp/backup"); }),
            ["service.pipelines.traces/sample.exporters: otlp/backup is not defined under exporters or connectors"]);
        assert.deepEqual(problemsAfter((c) => { delete c.processors.tail_sampling; }),
            ["service.pipelines.traces/sample.processors: tail_sampling is not defined under processors"]);
    });

    it("refuses a component defined but used by no pipeline, and an extension not enabled", () => {
        assert.deepEqual(problemsAfter((c) => { c.processors["batch/unused"] = {}; }), ["processors.batch/unused: defined but used by no pipeline"]);
        assert.deepEqual(problemsAfter((c) => { c.service.extensions = []; }), ["extensions.health_check: defined but not enabled in service.extensions"]);
        assert.deepEqual(problemsAfter((c) => { c.service.extensions.push("pprof"); }), ["service.extensions: pprof is not defined under extensions"]);
    });

    it("refuses an unknown component type and an unknown setting", () => {
        assert.deepEqual(problemsAfter((c) => { c.receivers.jaeger = {}; c.service.pipelines["traces/ingest"].receivers.push("jaeger"); }),
            ["receivers.jaeger: not a known receiver type (known: otlp)"]);
        assert.deepEqual(problemsAfter((c) => { c.exporters.awsxray.regoin = "us-east-1"; }), ["exporters.awsxray.regoin: not a setting of awsxray"]);
        assert.deepEqual(problemsAfter((c) => { (c as any).exporter = {}; }), ["exporter: not a section of the collector's configuration"]);
    });

    it("refuses a component in a pipeline of a signal it does not handle", () => {
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["metrics/spans"].exporters.push("awsxray"); }),
            ["service.pipelines.metrics/spans.exporters: awsxray does not handle metrics"]);
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["logs/x"] = { receivers: ["otlp"], exporters: ["prometheus"] }; }),
            ["service.pipelines.logs/x.exporters: prometheus does not handle logs"]);
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["spans"] = { receivers: ["otlp"], exporters: ["awsxray"] }; }),
            ["service.pipelines.spans: a pipeline's ID starts with traces, metrics or logs"]);
    });

    it("refuses a connector that does not join two pipelines, or joins the wrong signals", () => {
        assert.deepEqual(problemsAfter((c) => { delete c.service.pipelines["metrics/spans"]; c.exporters = { ...c.exporters }; delete c.exporters.prometheus; }),
            ["connectors.spanmetrics: no pipeline receives from it, so what it produces is lost"]);
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/ingest"].exporters = ["loadbalancing"]; }),
            ["connectors.spanmetrics: no pipeline exports to it, so the pipelines it feeds get nothing"]);
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/sample"].receivers.push("spanmetrics"); }),
            ["service.pipelines.traces/sample.receivers: connector spanmetrics does not emit traces"]);
    });

    it("wants memory_limiter first and no processor twice", () => {
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/sample"].processors = ["tail_sampling", "memory_limiter", "batch"]; }),
            ["service.pipelines.traces/sample.processors: memory_limiter must come first"]);
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/ingest"].processors = ["memory_limiter", "batch", "batch"]; }),
            ["service.pipelines.traces/ingest.processors: batch is listed twice"]);
    });

    it("wants at least one receiver and one exporter per pipeline", () => {
        assert.deepEqual(problemsAfter((c) => { c.service.pipelines["traces/sample"].exporters = []; c.exporters = { ...c.exporters }; delete c.exporters.awsxray; }),
            ["service.pipelines.traces/sample.exporters: a pipeline needs at least one exporter"]);
    });
});
