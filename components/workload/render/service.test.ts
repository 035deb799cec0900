import { strict as assert } from "node:assert";
import { renderDeployment } from "./deployment";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";
import { renderService } from "./service";

describe("Service of a service", () => {
    it("exposes the http and metrics ports inside the cluster only, targeting the container's ports by name", () => {
        const spec = serviceSpec();
        assert.deepEqual(renderService(spec), {
            metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) },
            spec: {
                type: "ClusterIP",
                selector: { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" },
                ports: [{ name: "http", port: 8080, targetPort: "http" }, { name: "metrics", port: 9090, targetPort: "metrics" }],
            },
        });
    });

    it("selects the Deployment's pods and targets ports its container declares", () => {
        const spec = serviceSpec((s) => { s.definition.port = 8000; s.definition.metricsPort = 9100; });
        const service = renderService(spec);
        const template = renderDeployment(spec).spec.template;
        for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(template.metadata.labels[key], value, key);
        const containerPorts = new Map(template.spec.containers[0].ports.map((p) => [p.name, p.containerPort]));
        assert.deepEqual(service.spec.ports.map((p) => [p.port, containerPorts.get(p.targetPort)]), [[8000, 8000], [9100, 9100]]);
    });
});
