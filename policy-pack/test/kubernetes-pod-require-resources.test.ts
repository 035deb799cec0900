import { strict as assert } from "node:assert";
import { kubernetesPodRequireResources as policy } from "../kubernetes/kubernetes-pod-require-resources";
import { resource, violations } from "./fixtures";
import { container, CRON_JOB, deployment, POD, podSpec } from "./fixtures-workloads";

/** The gateway Deployment with its container's resources changed by `change`. */
function withResources(change: (resources: Record<string, any>) => void) {
    const workload = deployment();
    change(workload.inputs.spec.template.spec.containers[0].resources);
    return workload;
}

const PREFIX = /^[\s\S]*gateway \(kubernetes:apps\/v1:Deployment\): containers\[gateway\] /;

describe("kubernetes-pod-require-resources", () => {
    it("passes the gateway Deployment: CPU and memory requests, a memory limit, no CPU limit", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a container without requests.cpu", () => {
        const workload = withResources((r) => { delete r.requests.cpu; });
        const found = violations(policy, [workload]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, PREFIX);
        assert.match(found[0].message, /containers\[gateway\] sets no requests\.cpu: without requests the scheduler places the pod blind and the namespace quota cannot count it\.$/);
    });

    it("fails a container without requests.memory", () => {
        assert.match(violations(policy, [withResources((r) => { delete r.requests.memory; })])[0].message, /sets no requests\.memory: without requests/);
    });

    it("fails a container without a memory limit", () => {
        assert.match(violations(policy, [withResources((r) => { delete r.limits; })])[0].message, /containers\[gateway\] sets no limits\.memory: without a memory limit one leak takes the memory of every pod on its node\.$/);
    });

    it("fails a container without resources, naming everything missing in one violation", () => {
        const workload = deployment();
        delete workload.inputs.spec.template.spec.containers[0].resources;
        const found = violations(policy, [workload]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /sets no requests\.cpu, requests\.memory, limits\.memory: without requests .*; without a memory limit .*\.$/);
    });

    it("fails a value that is not a Kubernetes quantity", () => {
        assert.match(violations(policy, [withResources((r) => { r.requests.cpu = "100 millicores"; })])[0].message, /containers\[gateway\] sets requests\.cpu to "100 millicores", which is not a Kubernetes quantity\.$/);
    });

    it("accepts numbers and every quantity form", () => {
        assert.deepEqual(violations(policy, [withResources((r) => { r.requests = { cpu: 1, memory: "1e9" }; r.limits = { memory: "1G" }; })]), []);
    });

    it("requires a CPU limit only when the config asks for it", () => {
        assert.match(violations(policy, [deployment()], { requireCpuLimit: true })[0].message, /sets no limits\.cpu: without a CPU limit it may take the CPU its neighbours were promised\.$/);
        assert.deepEqual(violations(policy, [withResources((r) => { r.limits.cpu = "500m"; })], { requireCpuLimit: true }), []);
    });

    it("judges init containers but not ephemeral ones", () => {
        const workload = deployment();
        const bare = { ...container(), resources: undefined };
        workload.inputs.spec.template.spec.initContainers = [{ ...bare, name: "migrate" }];
        workload.inputs.spec.template.spec.ephemeralContainers = [{ ...bare, name: "debug" }];
        const found = violations(policy, [workload]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /: initContainers\[migrate\] sets no requests\.cpu, requests\.memory, limits\.memory/);
    });

    it("judges Pods and CronJobs too", () => {
        const spec = { ...podSpec(), containers: [{ ...container(), resources: {} }] };
        const pod = resource(POD, "debug", { inputs: { metadata: { name: "debug", namespace: "signal-trading" }, spec } });
        const cronJob = resource(CRON_JOB, "report", { inputs: { metadata: { name: "report", namespace: "signal-trading" }, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec } } } } } });
        assert.deepEqual(violations(policy, [pod, cronJob]).map((v) => v.urn), [pod.urn, cronJob.urn]);
    });

    it("ignores objects without pods", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:ConfigMap", "cm", { inputs: { metadata: { name: "cm", namespace: "signal-trading" }, data: {} } })]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const workload = withResources((r) => { delete r.limits; });
        assert.deepEqual(violations(policy, [workload], { ignoredNamespaces: ["signal-trading"] }), []);
        workload.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [workload]), []);
        assert.equal(violations(policy, [workload], { ignoredNamespaces: [] }).length, 1);
    });
});
