import { strict as assert } from "node:assert";
import { queryProblems } from "../../../test/promql";
import { testRules } from "../../../test/promtool";
import { customMetricRules, REQUEST_COUNTER, REQUEST_COUNTER_SERIES_QUERY, requestRateQuery } from "./rules";

/** The query as the adapter fills it in when an HPA asks for two gateway pods' rate. */
const GATEWAY_PODS = requestRateQuery({ series: REQUEST_COUNTER, labelMatchers: 'namespace="signal-trading",pod=~"gateway-a|gateway-b"', groupBy: "pod" });

describe("prometheus-adapter rules", () => {
    it("map the contract's request counter to the pods metric http_server_requests_per_second, by namespace and pod", () => {
        assert.equal(REQUEST_COUNTER, "http_server_request_duration_seconds_count");
        assert.deepEqual(customMetricRules(), [{
            seriesQuery: 'http_server_request_duration_seconds_count{namespace!="",pod!=""}',
            resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
            name: { matches: "^http_server_request_duration_seconds_count$", as: "http_server_requests_per_second" },
            metricsQuery: "sum by (<<.GroupBy>>) (rate(<<.Series>>{<<.LabelMatchers>>}[2m]))",
        }]);
    });

    it("name only series of the metric contract, in the discovery query and the filled-in metrics query", () => {
        assert.deepEqual(queryProblems("seriesQuery", REQUEST_COUNTER_SERIES_QUERY), []);
        assert.deepEqual(queryProblems("metricsQuery", GATEWAY_PODS), []);
        assert.deepEqual(queryProblems("metricsQuery", requestRateQuery({ series: "http_requests_total", labelMatchers: 'pod="a"', groupBy: "pod" })).length, 1);
    });

    it("give each pod its requests per second over every route and status, and nothing of other namespaces' pods (promtool)", () => {
        testRules([], [{
            interval: "30s",
            input_series: [
                // gateway-a: 50/s of successful orders and 50/s of failed quotes; gateway-b: 40/s.
                { series: `${REQUEST_COUNTER}{namespace="signal-trading",pod="gateway-a",http_route="/orders",http_response_status_code="200"}`, values: "0+1500x20" },
                { series: `${REQUEST_COUNTER}{namespace="signal-trading",pod="gateway-a",http_route="/quotes",http_response_status_code="500"}`, values: "0+1500x20" },
                { series: `${REQUEST_COUNTER}{namespace="signal-trading",pod="gateway-b",http_route="/orders",http_response_status_code="200"}`, values: "0+1200x20" },
                { series: `${REQUEST_COUNTER}{namespace="signal-trading-dev",pod="gateway-a",http_route="/orders",http_response_status_code="200"}`, values: "0+9000x20" },
            ],
            promql_expr_test: [{ expr: GATEWAY_PODS, eval_time: "5m", exp_samples: [{ labels: '{pod="gateway-a"}', value: 100 }, { labels: '{pod="gateway-b"}', value: 40 }] }],
        }]);
    });
});
