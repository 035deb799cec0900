import { strict as assert } from "node:assert";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodRequireReadOnlyRootFilesystem as policy } from "../kubernetes/kubernetes-pod-require-read-only-root-filesystem";
import { resource, violations } from "./fixtures";
import { container, deployment, SERVICE } from "./fixtures-workloads";

const gateway = (d: ResourceUnderTest) => d.inputs.spec.template.spec.containers[0];

describe("kubernetes-pod-require-read-only-root-filesystem", () => {
    it("is advisory by default", () => {
        assert.equal(policy.enforcementLevel, "advisory");
    });

    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a container that leaves readOnlyRootFilesystem unset", () => {
        const d = deployment();
        delete gateway(d).securityContext.readOnlyRootFilesystem;
        const found = violations(policy, [d], {}, "advisory");
        assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[d.urn, "advisory"]]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) does not set readOnlyRootFilesystem: true in containers\[gateway\], so the process can write to its image's filesystem\.$/);
    });

    it("fails readOnlyRootFilesystem: false on an init container and an ephemeral container", () => {
        const d = deployment();
        d.inputs.spec.template.spec.initContainers = [{ ...container(), name: "migrate", securityContext: { readOnlyRootFilesystem: false } }];
        d.inputs.spec.template.spec.ephemeralContainers = [{ name: "debug", image: "busybox" }];
        const found = violations(policy, [d]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /does not set readOnlyRootFilesystem: true in initContainers\[migrate\]/);
        assert.match(found[1].message, /does not set readOnlyRootFilesystem: true in ephemeralContainers\[debug\]/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        gateway(d).securityContext.readOnlyRootFilesystem = false;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x" }] } } })]), []);
    });
});
