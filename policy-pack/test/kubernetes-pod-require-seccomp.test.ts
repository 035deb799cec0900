import { strict as assert } from "node:assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { evaluatePolicies, ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodRequireSeccomp as policy } from "../kubernetes/kubernetes-pod-require-seccomp";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, deployment, POD, podSpec, SERVICE } from "./fixtures-workloads";

const pod = (d: ResourceUnderTest) => d.inputs.spec.template.spec;
const gateway = (d: ResourceUnderTest) => pod(d).containers[0];

/** The gateway Deployment with no seccomp profile anywhere. */
function unprofiled(): ResourceUnderTest {
    const d = deployment();
    delete pod(d).securityContext.seccompProfile;
    delete gateway(d).securityContext.seccompProfile;
    return d;
}

function cronJob(spec: Record<string, any>): ResourceUnderTest {
    return resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { metadata: { labels: { job: "report" } }, spec: { backoffLimit: 2, template: { metadata: { labels: { job: "report" } }, spec } } } } } });
}

describe("kubernetes-pod-require-seccomp", () => {
    it("passes the compliant gateway Deployment (RuntimeDefault on pod and container)", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes a pod-level profile alone, and Localhost profiles on every container alone", () => {
        const d = deployment();
        delete gateway(d).securityContext.seccompProfile;
        assert.deepEqual(violations(policy, [d]), []);
        const e = unprofiled();
        gateway(e).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/gateway.json" };
        assert.deepEqual(violations(policy, [e]), []);
    });

    it("fails a container that has no profile of its own or of the pod", () => {
        const found = violations(policy, [unprofiled()]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets no seccompProfile for containers\[gateway\] and no allowed one in the pod's securityContext, so it may call any system call\.$/);
    });

    it("fails Unconfined on the pod, and the containers it leaves without a profile", () => {
        const d = deployment();
        pod(d).securityContext.seccompProfile = { type: "Unconfined" };
        pod(d).initContainers = [{ ...container(), name: "migrate", securityContext: {} }];
        const found = violations(policy, [d]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets seccompProfile type "Unconfined" in the pod's securityContext; only RuntimeDefault or Localhost are allowed\.$/);
        assert.match(found[1].message, /sets no seccompProfile for initContainers\[migrate\] and no allowed one in the pod's securityContext/);
    });

    it("fails a container that overrides the pod's profile with Unconfined", () => {
        const d = deployment();
        gateway(d).securityContext.seccompProfile = { type: "Unconfined" };
        const found = violations(policy, [d]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets seccompProfile type "Unconfined" in containers\[gateway\]; only RuntimeDefault or Localhost are allowed\.$/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = unprofiled();
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        assert.deepEqual(violations(policy, [resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway" }, spec: { containers: [{ name: "x" }] } } })]), []);
    });

    describe("remediation", () => {
        const remediate = (r: ResourceUnderTest) => evaluatePolicies([policy], "mandatory", { [policy.name]: { enforcementLevel: "remediate" } }, [r]);

        it("sets the pod-level RuntimeDefault on a Deployment, keeping the pod's other settings and the rest of the object, and then passes", () => {
            const d = unprofiled();
            const report = remediate(d);
            const fixed = report.remediatedInputs[d.urn];
            assert.deepEqual(fixed.spec.template.spec.securityContext, { ...pod(d).securityContext, seccompProfile: { type: "RuntimeDefault" } });
            assert.deepEqual({ ...fixed.spec.template.spec, securityContext: undefined }, { ...pod(d), securityContext: undefined });
            assert.deepEqual({ ...fixed.spec, template: undefined }, { ...d.inputs.spec, template: undefined });
            assert.deepEqual(fixed.metadata, d.inputs.metadata);
            assert.deepEqual(report.violations, []);
        });

        it("creates the pod's securityContext of a Pod that has none", () => {
            const spec = podSpec();
            delete spec.securityContext;
            delete spec.containers[0].securityContext.seccompProfile;
            const p = resource(POD, "gateway-debug", { inputs: { metadata: { name: "gateway-debug", namespace: "signal-trading" }, spec } });
            const report = remediate(p);
            assert.deepEqual(report.remediatedInputs[p.urn].spec.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
            assert.deepEqual(report.violations, []);
        });

        it("reaches the pod of a CronJob's job template, keeping the job template's other fields", () => {
            const spec = podSpec();
            delete spec.securityContext.seccompProfile;
            delete spec.containers[0].securityContext.seccompProfile;
            const cron = cronJob(spec);
            const fixed = remediate(cron).remediatedInputs[cron.urn];
            assert.deepEqual(fixed.spec.jobTemplate.spec.template.spec.securityContext.seccompProfile, { type: "RuntimeDefault" });
            assert.equal(fixed.spec.schedule, "0 * * * *");
            assert.equal(fixed.spec.jobTemplate.spec.backoffLimit, 2);
            assert.deepEqual(fixed.spec.jobTemplate.metadata, { labels: { job: "report" } });
            assert.deepEqual(fixed.spec.jobTemplate.spec.template.metadata, { labels: { job: "report" } });
        });

        it("leaves an explicit Unconfined for a person, still reporting it", () => {
            const d = deployment();
            pod(d).securityContext.seccompProfile = { type: "Unconfined" };
            const report = remediate(d);
            assert.deepEqual(report.remediations, []);
            assert.equal(report.violations.length, 1);
        });

        it("changes nothing where every container has its own profile, on a compliant object, or in an ignored namespace", () => {
            const d = unprofiled();
            gateway(d).securityContext.seccompProfile = { type: "RuntimeDefault" };
            assert.deepEqual(remediate(d).remediations, []);
            assert.deepEqual(remediate(deployment()).remediations, []);
            const e = unprofiled();
            e.inputs.metadata.namespace = "kube-system";
            assert.deepEqual(remediate(e).remediations, []);
        });

        it("works on props as the analyzer hands them over (an unknown-checking proxy)", () => {
            const d = unprofiled();
            const fixed = policy.remediateResource!({ type: d.type, props: unknownCheckingProxy(d.inputs), getConfig: () => ({ ignoredNamespaces: [] }) } as any) as Record<string, any>;
            assert.deepEqual(fixed.spec.template.spec.securityContext.seccompProfile, { type: "RuntimeDefault" });
        });
    });
});
