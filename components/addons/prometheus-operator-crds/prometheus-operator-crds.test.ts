import { strict as assert } from "node:assert";
import { addonContext } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { AddonOutputs } from "../addon";
import { PROMETHEUS_OPERATOR_CRDS_CHART, prometheusOperatorCrdsAddon } from "./prometheus-operator-crds";
import { prometheusOperatorCrdsValues } from "./values";

describe("prometheus-operator-crds add-on", () => {
    const addon = prometheusOperatorCrdsAddon({ operatorCrdsVersion: "31.0.2" });

    it("needs nothing, provides the monitoring CRDs and owns no namespace", () => {
        assert.equal(addon.name, "prometheus-operator-crds");
        assert.deepEqual(addon.dependsOn, []);
        assert.deepEqual(addon.provides, ["monitoring-crds"]);
        assert.deepEqual(addon.namespaces, []);
    });

    describe("installed", () => {
        let r: Registrations;
        let outputs: AddonOutputs["prometheus-operator-crds"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-prometheus-operator-crds", ctx, {}, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs its chart version from the prometheus-community repository, its release record in kube-system, atomically", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(PROMETHEUS_OPERATOR_CRDS_CHART, { chart: "prometheus-operator-crds", repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.chart, "prometheus-operator-crds");
            assert.equal(inputs.version, "31.0.2");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.namespace, "kube-system");
            assert.equal(inputs.name, "prometheus-operator-crds");
            assert.equal(inputs.atomic, true);
            assert.deepEqual(inputs.values, prometheusOperatorCrdsValues());
        });

        it("parents the release to its component and creates it through the cluster's provider", () => {
            assert.equal(release().parent, r.one("signal-trading:addons:PrometheusOperatorCrds", "prod-prometheus-operator-crds").urn);
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands nothing to its dependents", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
