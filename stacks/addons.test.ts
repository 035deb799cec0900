import { strict as assert } from "node:assert";
import { planAddons } from "../components/addons/registry";
import { parsedConfig } from "../test/addon-fixture";
import { platformAddons } from "./addons";

const order = (config: ReturnType<typeof parsedConfig>) => planAddons(platformAddons(config)).map((a) => a.name);

describe("the add-on catalog", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`installs every add-on of ${stack} in an order where each comes after what it needs`, () => {
            assert.deepEqual(order(parsedConfig(stack)), [
                "storage", "cluster-autoscaler", "metrics-server", "prometheus-operator-crds",
                "vertical-pod-autoscaler", "nginx-ingress", "cert-manager", "velero", "monitoring",
            ]);
        });
    }

    it("adds external-dns, after the ingress controller, only when it is enabled", () => {
        const enabled = parsedConfig("prod", (raw) => {
            raw.addons = { externalDns: { enabled: true } };
            raw.dns = { ...raw.dns, hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        });
        const names = order(enabled);
        assert.ok(names.indexOf("external-dns") > names.indexOf("nginx-ingress"));
        assert.equal(order(parsedConfig("prod")).includes("external-dns"), false);
    });

    it("builds the namespace rules of the add-ons from the stack's control-plane subnets", () => {
        const webhook = platformAddons(parsedConfig("dev")).find((a) => a.name === "cert-manager")!.namespaces[0].ingress.find((r) => r.name === "webhook")!;
        // dev: 10.20.0.0/16, the control plane's region at 10.20.160.0/22, slots 0 and 1 of /24 each.
        assert.deepEqual(webhook.peers, [{ cidr: "10.20.160.0/27" }, { cidr: "10.20.161.0/27" }]);
    });
});
