import { strict as assert } from "node:assert";
import { kubernetesWorkloadRequireRecommendedLabels as policy } from "../kubernetes/kubernetes-workload-require-recommended-labels";
import { resource, violations } from "./fixtures";
import { labelledDeployment, recommendedLabels, redisStatefulSet, service } from "./fixtures-application";
import { CRON_JOB, DAEMON_SET } from "./fixtures-workloads";

const RECOMMENDED = Object.keys(recommendedLabels("gateway", "api-gateway"));

describe("kubernetes-workload-require-recommended-labels", () => {
    it("passes a Deployment and a StatefulSet labelled on the object and on the pod template", () => {
        assert.deepEqual(violations(policy, [labelledDeployment(), redisStatefulSet()]), []);
    });

    for (const label of RECOMMENDED) {
        it(`fails a Deployment whose metadata.labels lack ${label}`, () => {
            const workload = labelledDeployment();
            delete workload.inputs.metadata.labels[label];
            const found = violations(policy, [workload]);
            assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
            assert.match(found[0].message, new RegExp(`gateway \\(kubernetes:apps/v1:Deployment\\): metadata\\.labels lack ${label.replace(/\./g, "\\.")}\\.$`));
        });

        it(`fails a Deployment whose pod template lacks ${label}`, () => {
            const workload = labelledDeployment();
            delete workload.inputs.spec.template.metadata.labels[label];
            assert.match(violations(policy, [workload])[0].message, new RegExp(`: spec\\.template\\.metadata\\.labels lack ${label.replace(/\./g, "\\.")}\\.$`));
        });
    }

    it("reports every missing label of the object and its pods in one violation", () => {
        const workload = labelledDeployment();
        workload.inputs.metadata.labels = { "app.kubernetes.io/name": "gateway" };
        delete workload.inputs.spec.template.metadata.labels["app.kubernetes.io/version"];
        const found = violations(policy, [workload]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\): metadata\.labels lack app\.kubernetes\.io\/instance, app\.kubernetes\.io\/version, app\.kubernetes\.io\/component, app\.kubernetes\.io\/part-of, app\.kubernetes\.io\/managed-by; spec\.template\.metadata\.labels lack app\.kubernetes\.io\/version\.$/);
    });

    it("counts an empty label value as missing", () => {
        const workload = labelledDeployment();
        workload.inputs.metadata.labels["app.kubernetes.io/version"] = "";
        assert.match(violations(policy, [workload])[0].message, /metadata\.labels lack app\.kubernetes\.io\/version\.$/);
    });

    it("judges StatefulSets and DaemonSets too", () => {
        const redis = redisStatefulSet();
        delete redis.inputs.spec.template.metadata.labels;
        assert.match(violations(policy, [redis])[0].message, /redis \(kubernetes:apps\/v1:StatefulSet\): spec\.template\.metadata\.labels lack app\.kubernetes\.io\/name, /);
        const { inputs } = labelledDeployment("node-agent");
        delete inputs.metadata.labels["app.kubernetes.io/component"];
        assert.equal(violations(policy, [resource(DAEMON_SET, "node-agent", { inputs: { ...inputs, kind: "DaemonSet" } })]).length, 1);
    });

    it("requires the labels the config lists instead of the default ones", () => {
        const workload = labelledDeployment();
        delete workload.inputs.metadata.labels["app.kubernetes.io/version"];
        assert.deepEqual(violations(policy, [workload], { requiredLabels: ["app.kubernetes.io/name"] }), []);
        assert.match(violations(policy, [labelledDeployment()], { requiredLabels: ["team"] })[0].message, /metadata\.labels lack team; spec\.template\.metadata\.labels lack team\.$/);
        assert.throws(() => violations(policy, [workload], { requiredLabels: [] }), /requiredLabels: must NOT have fewer than 1 items/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const system = labelledDeployment();
        system.inputs.metadata.namespace = "kube-system";
        system.inputs.metadata.labels = {};
        assert.deepEqual(violations(policy, [system]), []);
        assert.equal(violations(policy, [system], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that are not Deployments, StatefulSets or DaemonSets", () => {
        const unlabelled = service();
        unlabelled.inputs.metadata.labels = {};
        const { inputs } = labelledDeployment("report");
        inputs.metadata.labels = {};
        const cronJob = resource(CRON_JOB, "report", { inputs: { ...inputs, kind: "CronJob", spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: inputs.spec.template } } } } });
        assert.deepEqual(violations(policy, [unlabelled, cronJob]), []);
    });
});
