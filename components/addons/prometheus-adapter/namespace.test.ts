import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { prometheusClientsOf } from "../monitoring/namespace";
import { prometheusAdapterNamespace } from "./namespace";

const PODS = { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": "prometheus-adapter" };
const spec = prometheusAdapterNamespace(ADDRESSES);

describe("prometheus-adapter namespace", () => {
    it("is the restricted prometheus-adapter namespace, and sound", () => {
        assert.equal(spec.name, "prometheus-adapter");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(validateNamespaceSpec(spec), []);
    });

    it("lets in only the control plane, on the adapter's secure port", () => {
        assert.deepEqual(spec.ingress, [{ name: "custom-metrics-api", pods: PODS, peers: CONTROL_PLANE_PEERS, ports: [6443] }]);
    });

    it("lets the adapter reach the API server and Prometheus's web port in the monitoring namespace, nothing else", () => {
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: PODS, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "prometheus", pods: PODS, peers: [{ namespace: "signal-trading-monitoring", pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [9090] },
        ]);
    });

    it("is admitted by the monitoring namespace as a client of Prometheus, by its own egress rule", () => {
        assert.deepEqual(prometheusClientsOf([spec]), [{ namespace: "prometheus-adapter", pods: PODS }]);
    });

    it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
            "default-deny", "allow-egress-dns", "allow-ingress-custom-metrics-api", "allow-egress-api-server", "allow-egress-prometheus",
        ]);
    });
});
