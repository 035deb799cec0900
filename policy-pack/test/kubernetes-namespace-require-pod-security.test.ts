import { strict as assert } from "node:assert";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesNamespaceRequirePodSecurity as policy } from "../kubernetes/kubernetes-namespace-require-pod-security";
import { resource, violations } from "./fixtures";
import { NAMESPACE, namespaceWithBaseline } from "./fixtures-kubernetes";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const EXEMPTION = "signal-trading.io/pod-security-exemption";

const namespace = () => namespaceWithBaseline().namespace;

/** A namespace at `level` with the exemption annotation set to `reason`. */
function exempted(level: string, reason: string): ResourceUnderTest {
    const ns = namespace();
    ns.inputs.metadata.labels[ENFORCE] = level;
    ns.inputs.metadata.annotations = { [EXEMPTION]: reason };
    return ns;
}

describe("kubernetes-namespace-require-pod-security", () => {
    it("passes a namespace that enforces restricted", () => {
        assert.deepEqual(violations(policy, [namespace()]), []);
    });

    it("fails a namespace without the enforce label", () => {
        const ns = namespace();
        delete ns.inputs.metadata.labels[ENFORCE];
        const found = violations(policy, [ns]);
        assert.deepEqual(found.map((v) => v.urn), [ns.urn]);
        assert.match(found[0].message, /signal-trading \(kubernetes:core\/v1:Namespace\) has no pod-security\.kubernetes\.io\/enforce label, so Pod Security Admission admits any pod\.$/);
    });

    it("fails a namespace without any labels", () => {
        const ns = resource(NAMESPACE, "bare", { inputs: { metadata: { name: "bare" } } });
        assert.match(violations(policy, [ns])[0].message, /bare \(kubernetes:core\/v1:Namespace\) has no pod-security\.kubernetes\.io\/enforce label/);
    });

    it("passes baseline and privileged with a written exemption", () => {
        assert.deepEqual(violations(policy, [exempted("baseline", "the ingress controller binds port 80 as non-root with NET_BIND_SERVICE")]), []);
        assert.deepEqual(violations(policy, [exempted("privileged", "the EBS CSI node plugin mounts host paths")]), []);
    });

    it("fails baseline without an exemption annotation", () => {
        const ns = namespace();
        ns.inputs.metadata.labels[ENFORCE] = "baseline";
        assert.match(violations(policy, [ns])[0].message, /enforces baseline pod security without a reason in the signal-trading\.io\/pod-security-exemption annotation\.$/);
    });

    it("fails privileged with a blank exemption", () => {
        assert.match(violations(policy, [exempted("privileged", "  ")])[0].message, /enforces privileged pod security without a reason/);
    });

    it("fails a value that is not a Pod Security level", () => {
        const ns = namespace();
        ns.inputs.metadata.labels[ENFORCE] = "strict";
        assert.match(violations(policy, [ns])[0].message, /sets pod-security\.kubernetes\.io\/enforce to "strict", which is not a Pod Security level \(restricted, baseline, privileged\)\.$/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const kubeSystem = resource(NAMESPACE, "kube-system", { inputs: { metadata: { name: "kube-system" } } });
        assert.deepEqual(violations(policy, [kubeSystem]), []);
        const ns = namespace();
        delete ns.inputs.metadata.labels[ENFORCE];
        assert.deepEqual(violations(policy, [ns], { ignoredNamespaces: ["signal-trading"] }), []);
        assert.equal(violations(policy, [kubeSystem], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that are not Namespaces", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:ConfigMap", "cm", { inputs: { metadata: { name: "cm" } } })]), []);
    });

    describe("remediation", () => {
        const remediate = (ns: ResourceUnderTest, config: Record<string, unknown> = {}) =>
            evaluatePolicies([policy], "mandatory", { [policy.name]: { enforcementLevel: "remediate", ...config } }, [ns]);

        it("adds enforce=restricted to a namespace without the label, keeps its other labels, and then passes", () => {
            const ns = namespace();
            delete ns.inputs.metadata.labels[ENFORCE];
            const report = remediate(ns);
            assert.deepEqual(report.remediatedInputs[ns.urn].metadata, { ...ns.inputs.metadata, labels: { ...ns.inputs.metadata.labels, [ENFORCE]: "restricted" } });
            assert.deepEqual(report.violations, []);
        });

        it("labels a namespace that has no labels at all", () => {
            const ns = resource(NAMESPACE, "bare", { inputs: { metadata: { name: "bare" } } });
            assert.deepEqual(remediate(ns).remediatedInputs[ns.urn].metadata, { name: "bare", labels: { [ENFORCE]: "restricted" } });
        });

        it("leaves a weaker level without exemption for a person to judge, still reporting it", () => {
            const ns = namespace();
            ns.inputs.metadata.labels[ENFORCE] = "privileged";
            const report = remediate(ns);
            assert.deepEqual(report.remediations, []);
            assert.equal(report.violations.length, 1);
        });

        it("changes nothing on a compliant or ignored namespace, so a second run is a no-op", () => {
            assert.deepEqual(remediate(namespace()).remediations, []);
            assert.deepEqual(remediate(resource(NAMESPACE, "kube-system", { inputs: { metadata: { name: "kube-system" } } })).remediations, []);
        });
    });
});
