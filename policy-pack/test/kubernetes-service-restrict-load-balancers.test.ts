import { strict as assert } from "node:assert";
import { kubernetesServiceRestrictLoadBalancers as policy } from "../kubernetes/kubernetes-service-restrict-load-balancers";
import { resource, violations } from "./fixtures";
import { NAMESPACE_NAME, SERVICE } from "./fixtures-workloads";

/** The gateway's Service: ClusterIP, published through the ingress controller. */
function service(namespace = NAMESPACE_NAME, name = "gateway") {
    return resource(SERVICE, `${name}-svc`, {
        inputs: {
            metadata: { name, namespace },
            spec: { type: "ClusterIP", selector: { "app.kubernetes.io/name": "gateway" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
        },
    });
}

describe("kubernetes-service-restrict-load-balancers", () => {
    it("passes a ClusterIP Service, and one that leaves the type at its default", () => {
        const untyped = service();
        delete untyped.inputs.spec.type;
        assert.deepEqual(violations(policy, [service(), untyped]), []);
    });

    it("fails a LoadBalancer Service outside the allowed list", () => {
        const s = service();
        s.inputs.spec.type = "LoadBalancer";
        const found = violations(policy, [s]);
        assert.deepEqual(found.map((v) => v.urn), [s.urn]);
        assert.match(found[0].message, /gateway-svc \(kubernetes:core\/v1:Service\) is a LoadBalancer Service \(signal-trading\/gateway\), which opens a port outside the cluster past the ingress controller, and is not in allowedServices\.$/);
    });

    it("fails a NodePort Service", () => {
        const s = service();
        s.inputs.spec.type = "NodePort";
        assert.match(violations(policy, [s])[0].message, /is a NodePort Service \(signal-trading\/gateway\)/);
    });

    it("allows every Service of the ingress controller's namespace by default", () => {
        const s = service("nginx-ingress", "nginx-ingress-controller");
        s.inputs.spec.type = "LoadBalancer";
        assert.deepEqual(violations(policy, [s]), []);
    });

    it("allows the Services the config lists, by exact name or namespace wildcard, and no others", () => {
        const s = service();
        s.inputs.spec.type = "LoadBalancer";
        assert.deepEqual(violations(policy, [s], { allowedServices: ["signal-trading/gateway"] }), []);
        assert.deepEqual(violations(policy, [s], { allowedServices: ["signal-trading/*"] }), []);
        assert.equal(violations(policy, [s], { allowedServices: ["signal-trading/other", "other/*"] }).length, 1);
        const ingress = service("nginx-ingress", "controller");
        ingress.inputs.spec.type = "LoadBalancer";
        assert.equal(violations(policy, [ingress], { allowedServices: [] }).length, 1);
    });

    it("counts a Service without a namespace as in default, and an unnamed one only under a namespace wildcard", () => {
        const s = resource(SERVICE, "anonymous", { inputs: { spec: { type: "LoadBalancer" } } });
        assert.match(violations(policy, [s])[0].message, /is a LoadBalancer Service \(default\/\?\)/);
        assert.deepEqual(violations(policy, [s], { allowedServices: ["default/*"] }), []);
    });

    it("rejects a config entry that is not <namespace>/<name>", () => {
        assert.throws(() => violations(policy, [service()], { allowedServices: ["gateway"] }), /allowedServices\.0: must match pattern/);
    });

    it("ignores objects that are not Services", () => {
        const other = resource("kubernetes:example.io/v1:Service", "lookalike", { inputs: { metadata: { name: "x", namespace: NAMESPACE_NAME }, spec: { type: "LoadBalancer" } } });
        assert.deepEqual(violations(policy, [other]), []);
    });
});
