import { strict as assert } from "node:assert";
import { kubernetesPodDisallowHostPorts as policy } from "../kubernetes/kubernetes-pod-disallow-host-ports";
import { resource, violations } from "./fixtures";
import { container, deployment, SERVICE } from "./fixtures-workloads";

const gateway = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec.containers[0];

describe("kubernetes-pod-disallow-host-ports", () => {
    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes hostPort 0, which binds no node port", () => {
        const d = deployment();
        gateway(d).ports[0].hostPort = 0;
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a named port bound to a node port", () => {
        const d = deployment();
        gateway(d).ports[0].hostPort = 80;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) binds port http \(8080\) of containers\[gateway\] to the node's port 80 \(hostPort\)\.$/);
    });

    it("fails an unnamed port of an init container", () => {
        const d = deployment();
        d.inputs.spec.template.spec.initContainers = [{ ...container(), name: "warmup", ports: [{ containerPort: 9000, hostPort: 9000 }] }];
        assert.match(violations(policy, [d])[0].message, /binds port 9000 of initContainers\[warmup\] to the node's port 9000 \(hostPort\)\.$/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        gateway(d).ports[0].hostPort = 80;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { ports: [{ port: 80, hostPort: 80 }] } } })]), []);
    });
});
