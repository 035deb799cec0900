import { strict as assert } from "node:assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodRequireDroppedCapabilities as policy } from "../kubernetes/kubernetes-pod-require-dropped-capabilities";
import { resource, violations } from "./fixtures";
import { container, deployment, SERVICE } from "./fixtures-workloads";

const gateway = (d: ResourceUnderTest) => d.inputs.spec.template.spec.containers[0];

describe("kubernetes-pod-require-dropped-capabilities", () => {
    it("passes the compliant gateway Deployment (drop ALL, nothing added)", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes a container that adds back NET_BIND_SERVICE", () => {
        const d = deployment();
        gateway(d).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a container that does not drop ALL", () => {
        const d = deployment();
        gateway(d).securityContext.capabilities.drop = ["NET_RAW"];
        const found = violations(policy, [d]);
        assert.deepEqual(found.map((v) => v.urn), [d.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) does not drop ALL capabilities in containers\[gateway\] \(securityContext\.capabilities\.drop\), so it keeps the container runtime's default set\.$/);
    });

    it("fails a container without a securityContext, and lowercase \"all\", which Pod Security Admission does not accept", () => {
        const d = deployment();
        delete gateway(d).securityContext;
        d.inputs.spec.template.spec.initContainers = [{ ...container(), name: "migrate", securityContext: { capabilities: { drop: ["all"] } } }];
        const found = violations(policy, [d]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /does not drop ALL capabilities in initContainers\[migrate\]/);
        assert.match(found[1].message, /does not drop ALL capabilities in containers\[gateway\]/);
    });

    it("fails a capability that is not allowed, naming it and the allowed ones", () => {
        const d = deployment();
        gateway(d).securityContext.capabilities.add = ["NET_BIND_SERVICE", "SYS_ADMIN", "NET_RAW"];
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) adds SYS_ADMIN, NET_RAW to containers\[gateway\]; only NET_BIND_SERVICE may be added\.$/);
    });

    it("takes the allowed capabilities from the config, and allows none when the list is empty", () => {
        const d = deployment();
        gateway(d).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        assert.match(violations(policy, [d], { allowedCapabilities: [] })[0].message, /adds NET_BIND_SERVICE to containers\[gateway\]; no capability may be added\.$/);
        gateway(d).securityContext.capabilities.add = ["CHOWN"];
        assert.deepEqual(violations(policy, [d], { allowedCapabilities: ["CHOWN"] }), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        delete gateway(d).securityContext.capabilities;
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x" }] } } })]), []);
    });

    describe("remediation", () => {
        const remediate = (r: ResourceUnderTest) => evaluatePolicies([policy], "mandatory", { [policy.name]: { enforcementLevel: "remediate" } }, [r]);

        it("adds ALL to drop where it is missing, keeping the other drops and the rest of the object, and then passes", () => {
            const d = deployment();
            gateway(d).securityContext.capabilities.drop = ["NET_RAW"];
            d.inputs.spec.template.spec.initContainers = [{ ...container(), name: "migrate", securityContext: { runAsNonRoot: true } }];
            const report = remediate(d);
            const fixed = report.remediatedInputs[d.urn];
            assert.deepEqual(fixed.spec.template.spec.containers[0].securityContext, { ...gateway(d).securityContext, capabilities: { drop: ["NET_RAW", "ALL"] } });
            assert.deepEqual(fixed.spec.template.spec.initContainers[0].securityContext, { runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
            assert.deepEqual(fixed.metadata, d.inputs.metadata);
            assert.deepEqual(fixed.spec.template.spec.volumes, d.inputs.spec.template.spec.volumes);
            assert.deepEqual(report.violations, []);
        });

        it("keeps added capabilities, still reporting one that is not allowed", () => {
            const d = deployment();
            gateway(d).securityContext.capabilities = { add: ["SYS_ADMIN"] };
            const report = remediate(d);
            assert.deepEqual(report.remediatedInputs[d.urn].spec.template.spec.containers[0].securityContext.capabilities, { add: ["SYS_ADMIN"], drop: ["ALL"] });
            assert.equal(report.violations.length, 1);
            assert.match(report.violations[0].message, /adds SYS_ADMIN to containers\[gateway\]/);
        });

        it("changes nothing on a compliant object or one in an ignored namespace", () => {
            assert.deepEqual(remediate(deployment()).remediations, []);
            const d = deployment();
            delete gateway(d).securityContext;
            d.inputs.metadata.namespace = "kube-system";
            assert.deepEqual(remediate(d).remediations, []);
        });

        it("works on props as the analyzer hands them over (an unknown-checking proxy)", () => {
            const d = deployment();
            delete gateway(d).securityContext;
            const fixed = policy.remediateResource!({ type: d.type, props: unknownCheckingProxy(d.inputs), getConfig: () => ({ ignoredNamespaces: [] }) } as any) as Record<string, any>;
            assert.deepEqual(fixed.spec.template.spec.containers[0].securityContext, { capabilities: { drop: ["ALL"] } });
        });
    });
});
