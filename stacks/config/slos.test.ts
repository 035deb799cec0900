/** The `slos` config key: defaults from the trading path and `objectives`, and its mistakes by config path. */
import * as assert from "node:assert/strict";
import { sloEventSeriesNames, sloRuleGroups } from "../../components/observability/slo/rules";
import { sloSeriesNames } from "../../components/observability/slo-series";
import { queryProblems } from "../../test/promql";
import { checkRules } from "../../test/promtool";
import { rawStackConfig } from "../../tools/offline/stack-config";
import { applicationNamespaceName } from "../workloads";
import { parseStackConfig, stackSlos, StackConfig } from "./schema";

const parsed = (stack: "dev" | "prod", change: (raw: Record<string, any>) => void = () => undefined) => {
    const raw = rawStackConfig(stack);
    change(raw);
    return parseStackConfig(raw);
};

const configOf = (stack: "dev" | "prod", change?: (raw: Record<string, any>) => void): StackConfig => {
    const result = parsed(stack, change);
    if (!result.ok) assert.fail(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.config;
};

const problemsOf = (change: (raw: Record<string, any>) => void) => {
    const result = parsed("dev", change);
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`).sort();
};

const PROBES = ["/ready", "/healthz"];

describe("SLO config", () => {
    it("gives every service on the trading path an availability SLO at objectives.availabilityPercent and a latency SLO of 95 % within 500 ms", () => {
        for (const [stack, objectivePercent, periodDays] of [["prod", 99.9, 30], ["dev", 99, 7]] as const) {
            assert.deepEqual(stackSlos(configOf(stack)), ["gateway", "data", "signal"].flatMap((service) => [
                { service, periodDays, excludedRoutes: PROBES, sli: "availability", objectivePercent },
                { service, periodDays, excludedRoutes: PROBES, sli: "latency", objectivePercent: 95, thresholdSeconds: 0.5 },
            ]), stack);
        }
    });

    it("generates, for each stack, rules that promtool accepts and that read only the metric contract and recorded series", () => {
        const recorded = new Set([...sloSeriesNames(), ...sloEventSeriesNames()]);
        for (const stack of ["dev", "prod"] as const) {
            const config = configOf(stack);
            const groups = sloRuleGroups(stackSlos(config), applicationNamespaceName(config.environment), config.monitoring.runbooksUrl);
            checkRules(groups);
            assert.deepEqual(groups.flatMap((g) => g.rules.flatMap((r) => queryProblems(`${g.name} ${"alert" in r ? r.alert : r.record}`, r.expr, recorded))), [], stack);
        }
    });

    it("takes each service's own objectives and threshold, and only the services listed", () => {
        const config = configOf("prod", (raw) => {
            raw.slos = { services: { gateway: { availability: { objectivePercent: 99.95 }, latency: { objectivePercent: 99, thresholdMs: 250 } }, ml: {} } };
        });
        assert.deepEqual(stackSlos(config), [
            { service: "gateway", periodDays: 30, excludedRoutes: PROBES, sli: "availability", objectivePercent: 99.95 },
            { service: "gateway", periodDays: 30, excludedRoutes: PROBES, sli: "latency", objectivePercent: 99, thresholdSeconds: 0.25 },
            { service: "ml", periodDays: 30, excludedRoutes: PROBES, sli: "availability", objectivePercent: 99.9 },
            { service: "ml", periodDays: 30, excludedRoutes: PROBES, sli: "latency", objectivePercent: 95, thresholdSeconds: 0.5 },
        ]);
    });

    it("reports every bad SLO value at once, by its config path", () => {
        assert.deepEqual(problemsOf((raw) => {
            raw.slos = {
                periodDays: 14,
                services: {
                    gatway: {},
                    data: { availability: { objectivePercent: 100 }, latency: { thresholdMs: 300 } },
                    signal: { availability: { objectivePercent: 90 }, latency: { objectivePercent: 92 } },
                },
            };
        }), [
            "slos.periodDays: must be ≤ monitoring.prometheusRetentionDays (7): the error budget left is counted from what Prometheus still keeps",
            "slos.services.data.availability.objectivePercent: must be above 90 and below 100: 100 leaves no error budget to alert on, and 90 or less is no service level worth paging for",
            "slos.services.data.latency.thresholdMs: must be a bucket bound of http_server_request_duration_seconds (5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000 ms): between two bounds the requests under the threshold cannot be counted",
            "slos.services.gatway: is not a service; did you mean gateway? (services: gateway, data, signal, ml)",
            "slos.services.signal.availability.objectivePercent: must be above 90 and below 100: 100 leaves no error budget to alert on, and 90 or less is no service level worth paging for",
            "slos.services.signal.latency.objectivePercent: must be at least 93.1: with an error budget of 8 % the 14.4× page would need more than every request to fail, so it could never fire",
        ]);
    });

    it("holds an inherited availability objective to the same rules, naming objectives.availabilityPercent", () => {
        assert.deepEqual(problemsOf((raw) => { raw.objectives.availabilityPercent = 100; }), [
            "objectives.availabilityPercent: must be above 90 and below 100: 100 leaves no error budget to alert on, and 90 or less is no service level worth paging for (it is the availability objective of the SLOs of gateway, data, signal; or set slos.services.<name>.availability.objectivePercent)",
        ]);
        assert.deepEqual(problemsOf((raw) => {
            raw.objectives.availabilityPercent = 100;
            raw.slos = { ...raw.slos, services: { gateway: { availability: { objectivePercent: 99.9 } } } };
        }), []);
    });
});
