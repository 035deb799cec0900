import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { verticalPodAutoscalerNamespace } from "./namespace";

const spec = verticalPodAutoscalerNamespace(ADDRESSES);

describe("vertical pod autoscaler namespace", () => {
    it("is the restricted vertical-pod-autoscaler namespace, and sound", () => {
        assert.equal(spec.name, "vertical-pod-autoscaler");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(validateNamespaceSpec(spec), []);
    });

    it("lets in only the control plane, to the admission controller's webhook port", () => {
        assert.deepEqual(spec.ingress, [{
            name: "webhook",
            pods: { "app.kubernetes.io/name": "vertical-pod-autoscaler", "app.kubernetes.io/instance": "vertical-pod-autoscaler", "app.kubernetes.io/component": "admission-controller" },
            peers: CONTROL_PLANE_PEERS,
            ports: [8000],
        }]);
    });

    it("lets every pod reach the API server and nothing else", () => {
        assert.deepEqual(spec.egress, [{ name: "api-server", pods: undefined, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] }]);
    });

    it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
            "default-deny", "allow-egress-dns", "allow-ingress-webhook", "allow-egress-api-server",
        ]);
    });
});
