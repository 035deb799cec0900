import { strict as assert } from "node:assert";
import { serviceSpec } from "./fixture";
import { selectorLabels, serviceLabels, serviceMetadata } from "./labels";

describe("service labels", () => {
    it("label every object with the recommended app.kubernetes.io set: name and instance, version, component, part-of and managed-by", () => {
        assert.deepEqual(serviceLabels(serviceSpec()), {
            "app.kubernetes.io/name": "quotes",
            "app.kubernetes.io/instance": "quotes",
            "app.kubernetes.io/version": "1.2.3",
            "app.kubernetes.io/component": "market-data",
            "app.kubernetes.io/part-of": "signal-trading",
            "app.kubernetes.io/managed-by": "pulumi",
        });
    });

    it("select pods by name and instance only, so a new version's pods stay selected", () => {
        const spec = serviceSpec((s) => { s.version = "2.0.0"; });
        assert.deepEqual(selectorLabels(spec.definition), { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" });
    });

    it("name each object after the service, in the service's namespace", () => {
        const metadata = serviceMetadata(serviceSpec((s) => { s.namespace = "signal-trading-dev"; }));
        assert.deepEqual([metadata.name, metadata.namespace], ["quotes", "signal-trading-dev"]);
        assert.equal(metadata.labels["app.kubernetes.io/version"], "1.2.3");
    });
});
