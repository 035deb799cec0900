import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { kubernetesWorkloadRequireHpaOwnedReplicas as policy } from "../kubernetes/kubernetes-workload-require-hpa-owned-replicas";
import { resource, violations } from "./fixtures";
import { deployment, DEPLOYMENT, hpa, STATEFUL_SET } from "./fixtures-workloads";

const withReplicas = (replicas: unknown) => {
    const workload = deployment();
    workload.inputs.spec.replicas = replicas;
    return workload;
};

describe("kubernetes-workload-require-hpa-owned-replicas", () => {
    it("passes a Deployment without replicas that an HPA scales (matches)", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa()]), []);
    });

    it("fails a Deployment that sets replicas although an HPA scales it", () => {
        const workload = withReplicas(3);
        const found = violations(policy, [workload, hpa()]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) sets spec\.replicas to 3 although gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\) scales it: every update resets the replica count the HPA chose\.$/);
    });

    it("judges the declared object, not the live one whose replicas the API server and the HPA write", () => {
        const { inputs } = deployment();
        const live = (declared: Record<string, any>) => resource(DEPLOYMENT, "gateway", { inputs: declared, outputs: { ...declared, spec: { ...declared.spec, replicas: 7 }, status: { replicas: 7 }, __inputs: declared } });
        assert.deepEqual(violations(policy, [live(inputs), hpa()]), []);
        assert.match(violations(policy, [live({ ...inputs, spec: { ...inputs.spec, replicas: 3 } }), hpa()])[0].message, /sets spec\.replicas to 3 although/);
    });

    it("reports at advisory level unless the config raises it", () => {
        const report = evaluatePolicies([policy], "mandatory", {}, [withReplicas(3), hpa()]);
        assert.deepEqual(report.violations.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("passes a Deployment that sets replicas without an HPA (no partner)", () => {
        assert.deepEqual(violations(policy, [withReplicas(3)]), []);
    });

    it("passes a Deployment whose replicas are set while the HPA scales another workload or namespace (mismatched partner)", () => {
        assert.deepEqual(violations(policy, [withReplicas(3), hpa("risk")]), []);
        const elsewhere = hpa();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.deepEqual(violations(policy, [withReplicas(3), elsewhere]), []);
    });

    it("fails a StatefulSet that sets replicas although an HPA scales it", () => {
        const { inputs } = deployment("ledger");
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, replicas: 2 } } });
        const scaler = hpa("ledger");
        scaler.inputs.spec.scaleTargetRef.kind = "StatefulSet";
        assert.match(violations(policy, [ledger, scaler])[0].message, /ledger \(kubernetes:apps\/v1:StatefulSet\) sets spec\.replicas to 2 although ledger-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\) scales it/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const system = withReplicas(2);
        system.inputs.metadata.namespace = "kube-system";
        const systemHpa = hpa();
        systemHpa.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [system, systemHpa]), []);
        assert.equal(violations(policy, [system, systemHpa], { ignoredNamespaces: [] }).length, 1);
        assert.deepEqual(violations(policy, [withReplicas(2), hpa()], { ignoredNamespaces: ["signal-trading"] }), []);
    });
});
