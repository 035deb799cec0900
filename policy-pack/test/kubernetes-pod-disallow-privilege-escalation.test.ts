import { strict as assert } from "node:assert";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodDisallowPrivilegeEscalation as policy } from "../kubernetes/kubernetes-pod-disallow-privilege-escalation";
import { resource, violations } from "./fixtures";
import { container, deployment, POD, podSpec, SERVICE } from "./fixtures-workloads";

const gateway = (d: ResourceUnderTest) => d.inputs.spec.template.spec.containers[0];

describe("kubernetes-pod-disallow-privilege-escalation", () => {
    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a container that leaves allowPrivilegeEscalation unset", () => {
        const d = deployment();
        delete gateway(d).securityContext.allowPrivilegeEscalation;
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) does not set allowPrivilegeEscalation: false in containers\[gateway\], and Kubernetes defaults it to true\.$/);
    });

    it("fails a container that sets allowPrivilegeEscalation: true", () => {
        const d = deployment();
        gateway(d).securityContext.allowPrivilegeEscalation = true;
        assert.match(violations(policy, [d])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets allowPrivilegeEscalation: true in containers\[gateway\]; it must be false\.$/);
    });

    it("fails an init container without a securityContext", () => {
        const d = deployment();
        d.inputs.spec.template.spec.initContainers = [{ name: "migrate", image: container().image }];
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /does not set allowPrivilegeEscalation: false in initContainers\[migrate\]/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        delete gateway(d).securityContext.allowPrivilegeEscalation;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x" }] } } })]), []);
    });

    describe("remediation", () => {
        const remediate = (r: ResourceUnderTest) => evaluatePolicies([policy], "mandatory", { [policy.name]: { enforcementLevel: "remediate" } }, [r]);

        it("sets allowPrivilegeEscalation: false where unset, in containers without a securityContext too, and then passes", () => {
            const d = deployment();
            delete gateway(d).securityContext.allowPrivilegeEscalation;
            d.inputs.spec.template.spec.initContainers = [{ name: "migrate", image: container().image }];
            const report = remediate(d);
            const fixed = report.remediatedInputs[d.urn].spec.template.spec;
            assert.deepEqual(fixed.containers[0], { ...gateway(d), securityContext: { ...gateway(d).securityContext, allowPrivilegeEscalation: false } });
            assert.deepEqual(fixed.initContainers[0], { name: "migrate", image: container().image, securityContext: { allowPrivilegeEscalation: false } });
            assert.deepEqual(report.violations, []);
        });

        it("fixes a Pod's own spec, its ephemeral containers included", () => {
            const spec = podSpec();
            delete spec.containers[0].securityContext.allowPrivilegeEscalation;
            spec.ephemeralContainers = [{ name: "debug", image: "busybox" }];
            const pod = resource(POD, "gateway-debug", { inputs: { metadata: { name: "gateway-debug", namespace: "signal-trading" }, spec } });
            const report = remediate(pod);
            assert.equal(report.remediatedInputs[pod.urn].spec.containers[0].securityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(report.remediatedInputs[pod.urn].spec.ephemeralContainers, [{ name: "debug", image: "busybox", securityContext: { allowPrivilegeEscalation: false } }]);
            assert.deepEqual(report.violations, []);
        });

        it("leaves an explicit true, a privileged container and one adding SYS_ADMIN for a person, still reporting them", () => {
            const d = deployment();
            gateway(d).securityContext.allowPrivilegeEscalation = true;
            d.inputs.spec.template.spec.initContainers = [
                { name: "privileged", securityContext: { privileged: true } },
                { name: "admin", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } },
            ];
            const report = remediate(d);
            assert.deepEqual(report.remediations, []);
            assert.equal(report.violations.length, 3);
        });

        it("changes nothing on a compliant object or one in an ignored namespace", () => {
            assert.deepEqual(remediate(deployment()).remediations, []);
            const d = deployment();
            delete gateway(d).securityContext.allowPrivilegeEscalation;
            d.inputs.metadata.namespace = "kube-system";
            assert.deepEqual(remediate(d).remediations, []);
        });
    });
});
