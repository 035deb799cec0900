import { strict as assert } from "node:assert";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";
import { renderService } from "./service";
import { renderServiceMonitor } from "./service-monitor";

describe("ServiceMonitor of a service", () => {
    it("scrapes /metrics on the metrics port every 30 s of the service's Service in its namespace only", () => {
        const spec = serviceSpec();
        assert.deepEqual(renderServiceMonitor(spec), {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" } },
                namespaceSelector: { matchNames: ["signal-trading"] },
                endpoints: [{ port: "metrics", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
            },
        });
    });

    it("selects the Service by its labels and names a port the Service declares, the one on the metrics port", () => {
        const spec = serviceSpec((s) => { s.definition.metricsPort = 9464; });
        const service = renderService(spec);
        const monitor = renderServiceMonitor(spec);
        for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) assert.equal(service.metadata.labels[key], value, key);
        assert.deepEqual(service.spec.ports.filter((p) => p.name === monitor.spec.endpoints[0].port).map((p) => p.port), [9464]);
    });
});
