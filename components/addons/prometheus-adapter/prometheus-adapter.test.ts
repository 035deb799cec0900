import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { nodeGroupPlacement } from "../../cluster/placement";
import { AddonOutputs } from "../addon";
import { prometheusAdapterNamespace } from "./namespace";
import { PROMETHEUS_ADAPTER_CHART, prometheusAdapterAddon } from "./prometheus-adapter";
import { prometheusAdapterValues } from "./values";

describe("prometheus-adapter add-on", () => {
    const addon = prometheusAdapterAddon(ADDRESSES, { version: "5.3.0", replicas: 2 });

    it("comes after cert-manager and monitoring, provides the custom metrics API and owns the prometheus-adapter namespace", () => {
        assert.equal(addon.name, "prometheus-adapter");
        assert.deepEqual(addon.dependsOn, ["cert-manager", "monitoring"]);
        assert.deepEqual(addon.provides, ["custom-metrics-api"]);
        assert.deepEqual(addon.namespaces, [prometheusAdapterNamespace(ADDRESSES)]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["prometheus-adapter"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-prometheus-adapter", ctx, { "cert-manager": { clusterIssuer: "letsencrypt-production" }, monitoring: { namespace: "signal-trading-monitoring" } },
                    { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:PrometheusAdapter", "prod-prometheus-adapter");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs the pinned prometheus-community chart into its namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(PROMETHEUS_ADAPTER_CHART, { chart: "prometheus-adapter", repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.chart, "prometheus-adapter");
            assert.equal(inputs.version, "5.3.0");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.namespace, "prometheus-adapter");
            assert.equal(inputs.name, "prometheus-adapter");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes its replicas and the system placement to the chart", () => {
            const placement = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            assert.deepEqual(r.inputs(release()).values, prometheusAdapterValues({ placement, replicas: 2, registry: REGISTRY }));
        });

        it("creates the release through the cluster's provider", () => {
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands nothing to its dependents: the custom metrics API is cluster-wide", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
