import { strict as assert } from "node:assert";
import { kubernetesPodDisallowPrivileged as policy } from "../kubernetes/kubernetes-pod-disallow-privileged";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, deployment, POD, podSpec, SERVICE } from "./fixtures-workloads";

const podTemplate = (d: ReturnType<typeof deployment>) => d.inputs.spec.template.spec;

describe("kubernetes-pod-disallow-privileged", () => {
    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes a container that sets privileged: false", () => {
        const d = deployment();
        podTemplate(d).containers[0].securityContext.privileged = false;
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a privileged container, naming the object and the container", () => {
        const d = deployment();
        podTemplate(d).containers[0].securityContext.privileged = true;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs containers\[gateway\] privileged \(securityContext\.privileged: true\), with every capability and the node's devices\.$/);
    });

    it("fails a privileged init container and ephemeral container of a Pod", () => {
        const spec = podSpec();
        spec.initContainers = [{ ...container(), name: "migrate", securityContext: { privileged: true } }];
        spec.ephemeralContainers = [{ ...container(), name: "debug", securityContext: { privileged: true } }];
        const pod = resource(POD, "gateway-debug", { inputs: { metadata: { name: "gateway-debug", namespace: "signal-trading" }, spec } });
        const found = violations(policy, [pod]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /gateway-debug \(kubernetes:core\/v1:Pod\) runs initContainers\[migrate\] privileged/);
        assert.match(found[1].message, /gateway-debug \(kubernetes:core\/v1:Pod\) runs ephemeralContainers\[debug\] privileged/);
    });

    it("fails a privileged container in a CronJob's job template", () => {
        const spec = podSpec();
        spec.containers[0].securityContext.privileged = true;
        const cron = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } });
        assert.match(violations(policy, [cron])[0].message, /report \(kubernetes:batch\/v1:CronJob\) runs containers\[gateway\] privileged/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        podTemplate(d).containers[0].securityContext.privileged = true;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
        d.inputs.metadata.namespace = "signal-trading";
        assert.deepEqual(violations(policy, [d], { ignoredNamespaces: ["signal-trading"] }), []);
    });

    it("judges an object without a namespace as in default, where the provider puts it", () => {
        const d = deployment();
        podTemplate(d).containers[0].securityContext.privileged = true;
        delete d.inputs.metadata.namespace;
        assert.equal(violations(policy, [d]).length, 1);
        assert.deepEqual(violations(policy, [d], { ignoredNamespaces: ["default"] }), []);
    });

    it("ignores objects that run no pod", () => {
        const service = resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x", securityContext: { privileged: true } }] } } });
        assert.deepEqual(violations(policy, [service]), []);
    });
});
