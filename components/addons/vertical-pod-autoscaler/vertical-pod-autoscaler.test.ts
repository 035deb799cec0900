import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { nodeGroupPlacement } from "../../cluster/placement";
import { AddonOutputs } from "../addon";
import { verticalPodAutoscalerNamespace } from "./namespace";
import { verticalPodAutoscalerValues } from "./values";
import { VPA_CHART, verticalPodAutoscalerAddon } from "./vertical-pod-autoscaler";

describe("vertical pod autoscaler add-on", () => {
    const addon = verticalPodAutoscalerAddon(ADDRESSES, { environment: "prod", version: "0.11.0", updater: false, admissionController: true });

    it("needs the metrics API, provides the vertical pod autoscaler and owns its namespace", () => {
        assert.equal(addon.name, "vertical-pod-autoscaler");
        assert.deepEqual(addon.dependsOn, ["metrics-server"]);
        assert.deepEqual(addon.provides, ["vertical-pod-autoscaler"]);
        assert.deepEqual(addon.namespaces, [verticalPodAutoscalerNamespace(ADDRESSES)]);
    });

    describe("installed for prod without the updater", () => {
        let r: Registrations;
        let outputs: AddonOutputs["vertical-pod-autoscaler"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-vertical-pod-autoscaler", ctx, { "metrics-server": {} }, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:VerticalPodAutoscaler", "prod-vertical-pod-autoscaler");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs the pinned kubernetes/autoscaler chart into its namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(VPA_CHART, { chart: "vertical-pod-autoscaler", repo: "https://kubernetes.github.io/autoscaler" });
            assert.equal(inputs.chart, "vertical-pod-autoscaler");
            assert.equal(inputs.version, "0.11.0");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://kubernetes.github.io/autoscaler" });
            assert.equal(inputs.namespace, "vertical-pod-autoscaler");
            assert.equal(inputs.name, "vertical-pod-autoscaler");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes its components, two admission controllers and the system placement to the chart", () => {
            const placement = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            assert.deepEqual(r.inputs(release()).values,
                verticalPodAutoscalerValues({ placement, updater: false, admissionController: true, admissionControllerReplicas: 2, registry: REGISTRY }));
        });

        it("creates the release through the cluster's provider", () => {
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands nothing to its dependents: VPA objects are cluster-wide", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
