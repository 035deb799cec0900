import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { kubernetesPodRequirePriorityClass as policy } from "../kubernetes/kubernetes-pod-require-priority-class";
import { resource, violations } from "./fixtures";
import { CRON_JOB, deployment, POD, podSpec } from "./fixtures-workloads";

const withoutPriority = () => {
    const workload = deployment();
    delete workload.inputs.spec.template.spec.priorityClassName;
    return workload;
};

describe("kubernetes-pod-require-priority-class", () => {
    it("passes the gateway Deployment, which sets its priority class", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a Deployment without priorityClassName", () => {
        const workload = withoutPriority();
        const found = violations(policy, [workload]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets no priorityClassName, so under node pressure its pods are preempted or evicted no later than any other pod\.$/);
    });

    it("fails an empty priorityClassName", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.priorityClassName = "";
        assert.match(violations(policy, [workload])[0].message, /sets no priorityClassName/);
    });

    it("reports at advisory level unless the config raises it", () => {
        assert.deepEqual(evaluatePolicies([policy], "mandatory", {}, [withoutPriority()]).violations.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("accepts only the configured classes when the config lists them", () => {
        assert.deepEqual(violations(policy, [deployment()], { allowedPriorityClasses: ["signal-trading-critical", "signal-trading-batch"] }), []);
        assert.match(violations(policy, [deployment()], { allowedPriorityClasses: ["signal-trading-batch"] })[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets priorityClassName signal-trading-critical, which is not one of signal-trading-batch\.$/);
    });

    it("judges Pods and CronJobs too", () => {
        const { priorityClassName: _, ...spec } = podSpec();
        const pod = resource(POD, "debug", { inputs: { metadata: { name: "debug", namespace: "signal-trading" }, spec } });
        const cronJob = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } });
        assert.deepEqual(violations(policy, [pod, cronJob]).map((v) => v.urn), [pod.urn, cronJob.urn]);
    });

    it("ignores objects without pods", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:Service", "gateway", { inputs: { metadata: { name: "gateway", namespace: "signal-trading" }, spec: {} } })]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const workload = withoutPriority();
        assert.deepEqual(violations(policy, [workload], { ignoredNamespaces: ["signal-trading"] }), []);
        workload.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [workload]), []);
        assert.equal(violations(policy, [workload], { ignoredNamespaces: [] }).length, 1);
    });
});
