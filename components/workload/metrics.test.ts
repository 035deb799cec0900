import { strict as assert } from "node:assert";
import { SERVICES } from "../../stacks/services";
import { contractSeries, metricContractProblems } from "./metrics";

describe("the metric contract", () => {
    it("holds for every service", () => {
        assert.deepEqual(SERVICES.flatMap((s) => metricContractProblems(s.name, s.metrics)), []);
    });

    it("refuses names that break the conventions, listing every problem", () => {
        assert.deepEqual(metricContractProblems("x", [
            { name: "orders", type: "counter", help: "", labels: ["Side"] },
            { name: "http_server_active_requests", type: "gauge", help: "", labels: [] },
            { name: "latency_seconds", type: "histogram", help: "", labels: [], buckets: [1, 0.5] },
        ]), [
            "service x, metric orders: a counter's name must end in _total",
            "service x, metric orders: label Side must be lowercase snake_case",
            "service x, metric http_server_active_requests: is defined twice",
            "service x, metric latency_seconds: buckets must ascend",
        ]);
    });

    it("exposes a histogram as its three series", () => {
        const series = contractSeries(SERVICES);
        for (const suffix of ["_bucket", "_sum", "_count"]) assert.ok(series.has(`http_server_request_duration_seconds${suffix}`));
        assert.ok(!series.has("http_server_request_duration_seconds"));
    });
});
