import { strict as assert } from "node:assert";
import { kubernetesPodDisallowHostNamespaces as policy } from "../kubernetes/kubernetes-pod-disallow-host-namespaces";
import { resource, violations } from "./fixtures";
import { DAEMON_SET, deployment, podSpec, SERVICE } from "./fixtures-workloads";

const podTemplate = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec;

describe("kubernetes-pod-disallow-host-namespaces", () => {
    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes host namespaces set to false", () => {
        const d = deployment();
        Object.assign(podTemplate(d), { hostNetwork: false, hostPID: false, hostIPC: false });
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails hostNetwork: true", () => {
        const d = deployment();
        podTemplate(d).hostNetwork = true;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets hostNetwork: true, so its pod shares the node's network namespace\.$/);
    });

    it("fails hostPID: true", () => {
        const d = deployment();
        podTemplate(d).hostPID = true;
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets hostPID: true, so its pod shares the node's process ID namespace\.$/);
    });

    it("fails hostIPC: true", () => {
        const d = deployment();
        podTemplate(d).hostIPC = true;
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets hostIPC: true, so its pod shares the node's IPC namespace\.$/);
    });

    it("reports each host namespace of a DaemonSet once", () => {
        const spec = { ...podSpec(), hostNetwork: true, hostPID: true, hostIPC: true };
        const ds = resource(DAEMON_SET, "agent", { inputs: { metadata: { name: "agent", namespace: "signal-trading" }, spec: { template: { spec } } } });
        assert.equal(violations(policy, [ds]).length, 3);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        podTemplate(d).hostNetwork = true;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { hostNetwork: true } } })]), []);
    });
});
