import { strict as assert } from "node:assert";
import { kubernetesWorkloadRequireReplicas as policy } from "../kubernetes/kubernetes-workload-require-replicas";
import { resource, violations } from "./fixtures";
import { DAEMON_SET, deployment, DEPLOYMENT, hpa, STATEFUL_SET } from "./fixtures-workloads";

const statefulSet = () => {
    const { inputs } = deployment("ledger");
    return resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, serviceName: "ledger" } } });
};

describe("kubernetes-workload-require-replicas", () => {
    it("passes a Deployment whose HPA keeps at least two replicas", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa()]), []);
    });

    it("fails a Deployment whose HPA may scale it down to one replica", () => {
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = 1;
        const workload = deployment();
        const found = violations(policy, [workload, scaler]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) can run 1 replica \(minReplicas of gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\)\), fewer than 2: a rollout, a node drain or a node failure leaves it without a ready pod to spare\.$/);
    });

    it("fails an HPA without minReplicas, which Kubernetes defaults to 1", () => {
        const scaler = hpa();
        delete scaler.inputs.spec.minReplicas;
        assert.match(violations(policy, [deployment(), scaler])[0].message, /can run 1 replica \(minReplicas of gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\), unset\), fewer than 2/);
    });

    it("counts the HPA's minimum rather than spec.replicas", () => {
        const workload = deployment();
        workload.inputs.spec.replicas = 1;
        assert.deepEqual(violations(policy, [workload, hpa()]), []);
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = 1;
        workload.inputs.spec.replicas = 4;
        assert.equal(violations(policy, [workload, scaler]).length, 1);
    });

    it("fails a Deployment without an HPA whose replicas are unset (no partner)", () => {
        assert.match(violations(policy, [deployment()])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) can run 1 replica \(spec\.replicas, unset\), fewer than 2/);
    });

    it("fails a Deployment without an HPA that sets one replica, and passes one that sets three", () => {
        const workload = deployment();
        workload.inputs.spec.replicas = 1;
        assert.match(violations(policy, [workload])[0].message, /can run 1 replica \(spec\.replicas\), fewer than 2/);
        workload.inputs.spec.replicas = 3;
        assert.deepEqual(violations(policy, [workload]), []);
    });

    it("does not count an HPA of another namespace, another name or another kind (mismatched partner)", () => {
        const elsewhere = hpa();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.equal(violations(policy, [deployment(), elsewhere]).length, 1);
        assert.equal(violations(policy, [deployment(), hpa("risk")]).length, 1);
        const ofStatefulSet = hpa();
        ofStatefulSet.inputs.spec.scaleTargetRef.kind = "StatefulSet";
        assert.equal(violations(policy, [deployment(), ofStatefulSet]).length, 1);
        const otherGroup = hpa();
        otherGroup.inputs.spec.scaleTargetRef.apiVersion = "argoproj.io/v1alpha1";
        assert.equal(violations(policy, [deployment(), otherGroup]).length, 1);
    });

    it("judges StatefulSets too", () => {
        const workload = statefulSet();
        assert.match(violations(policy, [workload])[0].message, /ledger \(kubernetes:apps\/v1:StatefulSet\) can run 1 replica/);
        const scaler = hpa("ledger");
        scaler.inputs.spec.scaleTargetRef.kind = "StatefulSet";
        assert.deepEqual(violations(policy, [workload, scaler]), []);
    });

    it("ignores DaemonSets, whose pods follow the nodes", () => {
        const { inputs } = deployment("node-agent");
        assert.deepEqual(violations(policy, [resource(DAEMON_SET, "node-agent", { inputs: { ...inputs, kind: "DaemonSet" } })]), []);
    });

    it("takes the required minimum from the config", () => {
        const workload = deployment();
        workload.inputs.spec.replicas = 1;
        assert.deepEqual(violations(policy, [workload], { minReplicas: 1 }), []);
        assert.match(violations(policy, [deployment(), hpa()], { minReplicas: 3 })[0].message, /can run 2 replicas \(minReplicas of gateway-hpa .*\), fewer than 3/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const system = deployment();
        system.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [system]), []);
        assert.deepEqual(violations(policy, [deployment()], { ignoredNamespaces: ["signal-trading"] }), []);
        assert.equal(violations(policy, [system], { ignoredNamespaces: [] }).length, 1);
    });

    it("counts the declared replicas, not the live count someone scaled it to", () => {
        const { inputs } = deployment();
        const declared = { ...inputs, spec: { ...inputs.spec, replicas: 1 } };
        const workload = resource(DEPLOYMENT, "gateway", { inputs: declared, outputs: { ...declared, spec: { ...declared.spec, replicas: 4 }, __inputs: declared } });
        assert.match(violations(policy, [workload])[0].message, /can run 1 replica \(spec\.replicas\), fewer than 2/);
    });

    it("exempts a workload the config lists with a reason, in its namespace only", () => {
        const ledger = statefulSet();
        const exemption = { namespace: "signal-trading", name: "ledger", reason: "one primary with fast restore" };
        assert.deepEqual(violations(policy, [ledger], { exemptions: [exemption] }), []);
        assert.equal(violations(policy, [ledger], { exemptions: [{ ...exemption, namespace: "signal-trading-dev" }] }).length, 1);
        assert.throws(() => violations(policy, [ledger], { exemptions: [{ ...exemption, reason: "" }] }), /exemptions\.0\.reason: must match pattern/);
    });

    it("skips a replica count that is not known at preview time", () => {
        const workload = deployment();
        workload.inputs.spec.replicas = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        assert.deepEqual(violations(policy, [workload]), []);
    });
});
