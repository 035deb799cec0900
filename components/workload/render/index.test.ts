import { strict as assert } from "node:assert";
import { serviceSpec } from "./fixture";
import { renderMicroservice } from "./index";
import { serviceLabels } from "./labels";

const apiCaller = () => serviceSpec((s) => { s.definition.uses.kubernetesApi = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]; });

describe("a microservice's objects", () => {
    it("are the account, workload, Service, autoscalers, budget, network policy and monitor, with a Role only for an API caller", () => {
        assert.deepEqual(Object.keys(renderMicroservice(serviceSpec())), [
            "serviceAccount", "deployment", "service", "horizontalPodAutoscaler", "verticalPodAutoscaler", "podDisruptionBudget", "networkPolicy", "serviceMonitor",
        ]);
        const objects = renderMicroservice(apiCaller());
        assert.ok(objects.role && objects.roleBinding);
    });

    it("all sit in the service's namespace under its name and labels", () => {
        const spec = apiCaller();
        for (const [key, object] of Object.entries(renderMicroservice(spec))) {
            assert.deepEqual(object?.metadata, { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) }, key);
        }
    });

    it("name apiVersion and kind only for the custom resources, which the typed resources cannot set", () => {
        const objects = renderMicroservice(apiCaller());
        for (const [key, object] of Object.entries(objects)) {
            const custom = key === "verticalPodAutoscaler" || key === "serviceMonitor";
            assert.equal("apiVersion" in object && "kind" in object, custom, key);
        }
        assert.deepEqual([objects.verticalPodAutoscaler.apiVersion, objects.serviceMonitor.apiVersion], ["autoscaling.k8s.io/v1", "monitoring.coreos.com/v1"]);
    });

    it("select the Deployment's pods wherever they select pods", () => {
        const objects = renderMicroservice(serviceSpec());
        const podLabels = objects.deployment.spec.template.metadata.labels;
        const selectors = {
            deployment: objects.deployment.spec.selector.matchLabels,
            service: objects.service.spec.selector,
            podDisruptionBudget: objects.podDisruptionBudget.spec.selector.matchLabels,
            networkPolicy: objects.networkPolicy.spec.podSelector.matchLabels,
            ...Object.fromEntries(objects.deployment.spec.template.spec.topologySpreadConstraints.map((c) => [c.topologyKey, c.labelSelector.matchLabels])),
        };
        for (const [name, selector] of Object.entries(selectors)) {
            assert.ok(Object.keys(selector).length > 0, `${name} selects every pod`);
            for (const [key, value] of Object.entries(selector)) assert.equal(podLabels[key], value, `${name}: ${key}`);
        }
    });

    it("pass the IRSA role's ARN to the ServiceAccount", () => {
        const objects = renderMicroservice(serviceSpec(), "arn:aws:iam::123456789012:role/quotes");
        assert.deepEqual(objects.serviceAccount.metadata.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/quotes" });
    });
});
