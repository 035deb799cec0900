import { strict as assert } from "node:assert";
import { parsedConfig } from "../test/addon-fixture";
import { applicationNamespaceName, serviceBudget } from "./workloads";

describe("workloads layer", () => {
    it("names the application namespace signal-trading in prod and signal-trading-<environment> elsewhere", () => {
        assert.equal(applicationNamespaceName("prod"), "signal-trading");
        assert.equal(applicationNamespaceName("dev"), "signal-trading-dev");
    });

    it("budgets a service at its maximum mid-rollout with its configured requests", () => {
        const gateway = parsedConfig("prod").services.gateway;
        assert.deepEqual(serviceBudget("gateway", gateway), { name: "gateway", pods: 23, containers: [gateway.resources] });
    });

    it("budgets memory requests at the limit when a VPA may raise them", () => {
        const ml = parsedConfig("prod", (raw) => {
            raw.services.ml.scaling.targetMemoryUtilization = null;
            raw.services.ml.verticalScaling = { mode: "Recreate", controlledResources: ["memory"] };
        }).services.ml;
        assert.deepEqual(serviceBudget("ml", ml).containers[0].requests, { cpu: "500m", memory: "4Gi" });
    });
});
