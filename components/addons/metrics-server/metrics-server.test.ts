import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { nodeGroupPlacement } from "../../cluster/placement";
import { AddonOutputs } from "../addon";
import { METRICS_SERVER_CHART, metricsServerAddon } from "./metrics-server";
import { metricsServerNamespace } from "./namespace";
import { metricsServerValues } from "./values";

describe("metrics-server add-on", () => {
    const addon = metricsServerAddon(ADDRESSES, { version: "3.13.1", replicas: 3 });

    it("needs no other add-on, provides the metrics API and owns the metrics-server namespace", () => {
        assert.equal(addon.name, "metrics-server");
        assert.deepEqual(addon.dependsOn, []);
        assert.deepEqual(addon.provides, ["metrics-api"]);
        assert.deepEqual(addon.namespaces, [metricsServerNamespace(ADDRESSES)]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["metrics-server"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-metrics-server", ctx, {}, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:MetricsServer", "prod-metrics-server");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs the pinned kubernetes-sigs chart into the metrics-server namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(METRICS_SERVER_CHART, { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server" });
            assert.equal(inputs.chart, "metrics-server");
            assert.equal(inputs.version, "3.13.1");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://kubernetes-sigs.github.io/metrics-server" });
            assert.equal(inputs.namespace, "metrics-server");
            assert.equal(inputs.name, "metrics-server");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes its replicas and the system placement to the chart", () => {
            const placement = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            assert.deepEqual(r.inputs(release()).values, metricsServerValues({ placement, replicas: 3, registry: REGISTRY }));
        });

        it("creates the release through the cluster's provider", () => {
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands nothing to its dependents: the metrics API is cluster-wide", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
