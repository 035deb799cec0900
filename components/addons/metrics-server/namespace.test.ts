import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { metricsServerNamespace } from "./namespace";

const PODS = { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "metrics-server" };
const spec = metricsServerNamespace(ADDRESSES);

describe("metrics-server namespace", () => {
    it("is the restricted metrics-server namespace, and sound", () => {
        assert.equal(spec.name, "metrics-server");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(validateNamespaceSpec(spec), []);
    });

    it("lets in only the control plane, on metrics-server's secure port", () => {
        assert.deepEqual(spec.ingress, [{ name: "metrics-api", pods: PODS, peers: CONTROL_PLANE_PEERS, ports: [10250] }]);
    });

    it("lets metrics-server reach the API server and the kubelets of the VPC's nodes, nothing else", () => {
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: PODS, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "kubelets", pods: PODS, peers: [{ cidr: "10.40.0.0/16" }], ports: [10250] },
        ]);
    });

    it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
            "default-deny", "allow-egress-dns", "allow-ingress-metrics-api", "allow-egress-api-server", "allow-egress-kubelets",
        ]);
    });
});
