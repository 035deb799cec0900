import { strict as assert } from "node:assert";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodRequireNonRoot as policy } from "../kubernetes/kubernetes-pod-require-non-root";
import { resource, violations } from "./fixtures";
import { container, deployment, SERVICE } from "./fixtures-workloads";

const pod = (d: ResourceUnderTest) => d.inputs.spec.template.spec;
const gateway = (d: ResourceUnderTest) => pod(d).containers[0];

describe("kubernetes-pod-require-non-root", () => {
    it("passes the compliant gateway Deployment (runAsNonRoot at both levels, user 10001)", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes runAsNonRoot set only on the pod, which containers inherit", () => {
        const d = deployment();
        delete gateway(d).securityContext.runAsNonRoot;
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("passes runAsNonRoot set only on every container", () => {
        const d = deployment();
        delete pod(d).securityContext.runAsNonRoot;
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a container that sets runAsNonRoot neither itself nor through the pod", () => {
        const d = deployment();
        delete pod(d).securityContext.runAsNonRoot;
        pod(d).initContainers = [{ ...container(), name: "migrate", securityContext: { runAsUser: 10001 } }];
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets runAsNonRoot: true neither in initContainers\[migrate\] nor in the pod's securityContext, so initContainers\[migrate\] may run as root\.$/);
    });

    it("fails a container that overrides the pod with runAsNonRoot: false", () => {
        const d = deployment();
        gateway(d).securityContext.runAsNonRoot = false;
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets runAsNonRoot: false in containers\[gateway\]\.$/);
    });

    it("fails runAsNonRoot: false on the pod even where every container sets true, as Pod Security Admission does", () => {
        const d = deployment();
        pod(d).securityContext.runAsNonRoot = false;
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets runAsNonRoot: false in the pod's securityContext\.$/);
    });

    it("fails runAsUser 0 on the pod", () => {
        const d = deployment();
        pod(d).securityContext.runAsUser = 0;
        delete gateway(d).securityContext.runAsUser;
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets runAsUser: 0 \(root\) in the pod's securityContext\.$/);
    });

    it("fails runAsUser 0 on a container", () => {
        const d = deployment();
        gateway(d).securityContext.runAsUser = 0;
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets runAsUser: 0 \(root\) in containers\[gateway\]\.$/);
    });

    it("fails a pod without any securityContext", () => {
        const d = deployment();
        delete pod(d).securityContext;
        delete gateway(d).securityContext;
        assert.match(violations(policy, [d])[0].message, /sets runAsNonRoot: true neither in containers\[gateway\] nor in the pod's securityContext/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        gateway(d).securityContext.runAsUser = 0;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x" }] } } })]), []);
    });
});
