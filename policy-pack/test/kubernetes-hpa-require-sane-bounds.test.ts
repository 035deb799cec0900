import { strict as assert } from "node:assert";
import { kubernetesHpaRequireSaneBounds as policy } from "../kubernetes/kubernetes-hpa-require-sane-bounds";
import { resource, violations } from "./fixtures";
import { deployment, hpa, STATEFUL_SET } from "./fixtures-workloads";

const HPA_NAME = /^[\s\S]*gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\) /;

/** The single violation's message for the compliant Deployment and an HPA changed by `change`. */
function messageFor(change: (spec: Record<string, any>) => void): string {
    const scaler = hpa();
    change(scaler.inputs.spec);
    const found = violations(policy, [deployment(), scaler]);
    assert.deepEqual(found.map((v) => v.urn), [scaler.urn]);
    assert.match(found[0].message, HPA_NAME);
    return found[0].message;
}

describe("kubernetes-hpa-require-sane-bounds", () => {
    it("passes an HPA of 2 to 15 replicas on CPU and memory whose Deployment is in the stack (matches)", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa()]), []);
    });

    it("fails an HPA whose minimum is one replica", () => {
        assert.match(messageFor((s) => { s.minReplicas = 1; }), /keeps minReplicas 1, fewer than 2: at its minimum a single pod failure or node drain leaves the workload without a spare\.$/);
    });

    it("fails an HPA without minReplicas, which Kubernetes defaults to 1", () => {
        assert.match(messageFor((s) => { delete s.minReplicas; }), /keeps minReplicas \(unset, so 1\), fewer than 2/);
    });

    it("fails an HPA whose maximum equals its minimum", () => {
        assert.match(messageFor((s) => { s.maxReplicas = 2; }), /sets maxReplicas 2, not above minReplicas 2, so it can never scale out\.$/);
    });

    it("fails an HPA whose maximum is below its minimum", () => {
        assert.match(messageFor((s) => { s.minReplicas = 4; s.maxReplicas = 3; }), /sets maxReplicas 3, not above minReplicas 4/);
    });

    it("fails an HPA without maxReplicas", () => {
        assert.match(messageFor((s) => { delete s.maxReplicas; }), /sets no maxReplicas, so it has no room to scale\.$/);
    });

    it("fails an HPA without metrics, which falls back to 80% CPU", () => {
        assert.match(messageFor((s) => { delete s.metrics; }), /names no metrics, so Kubernetes scales it on 80% average CPU utilization, a target nobody chose\.$/);
        assert.match(messageFor((s) => { s.metrics = []; }), /names no metrics/);
    });

    it("accepts an autoscaling/v1 HPA's targetCPUUtilizationPercentage as its metric", () => {
        const { inputs } = hpa();
        delete inputs.spec.metrics;
        const v1 = resource("kubernetes:autoscaling/v1:HorizontalPodAutoscaler", "gateway-hpa", { inputs: { ...inputs, apiVersion: "autoscaling/v1", spec: { ...inputs.spec, targetCPUUtilizationPercentage: 60 } } });
        assert.deepEqual(violations(policy, [deployment(), v1]), []);
        delete v1.inputs.spec.targetCPUUtilizationPercentage;
        assert.match(violations(policy, [deployment(), v1])[0].message, /names no metrics/);
    });

    it("fails an HPA whose scaleTargetRef has no apiVersion, which the controller resolves in the core group", () => {
        assert.match(messageFor((s) => { delete s.scaleTargetRef.apiVersion; }), /names no scaleTargetRef apiVersion, so the controller looks for Deployment gateway in the core API group and scales nothing\.$/);
    });

    it("fails an HPA without scaleTargetRef", () => {
        assert.match(messageFor((s) => { delete s.scaleTargetRef; }), /names no scaleTargetRef kind and name, so it scales nothing\.$/);
        assert.match(messageFor((s) => { s.scaleTargetRef.name = ""; }), /names no scaleTargetRef kind and name/);
    });

    it("fails an HPA whose target is not in the stack (no partner)", () => {
        const scaler = hpa();
        const found = violations(policy, [scaler]);
        assert.deepEqual(found.map((v) => v.urn), [scaler.urn]);
        assert.match(found[0].message, /gateway-hpa \(kubernetes:autoscaling\/v2:HorizontalPodAutoscaler\) scales Deployment gateway, which the stack does not declare in namespace signal-trading, so nothing is scaled\.$/);
    });

    it("fails an HPA whose target has another name, kind or namespace (mismatched partner)", () => {
        assert.match(messageFor((s) => { s.scaleTargetRef.name = "gateway-v2"; }), /scales Deployment gateway-v2, which the stack does not declare/);
        assert.match(messageFor((s) => { s.scaleTargetRef.kind = "StatefulSet"; }), /scales StatefulSet gateway, which the stack does not declare/);
        const elsewhere = deployment();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.equal(violations(policy, [elsewhere, hpa()]).length, 1);
    });

    it("finds a StatefulSet target", () => {
        const { inputs } = deployment("ledger");
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet" } });
        const scaler = hpa("ledger");
        scaler.inputs.spec.scaleTargetRef.kind = "StatefulSet";
        assert.deepEqual(violations(policy, [ledger, scaler]), []);
    });

    it("reports every problem of one HPA", () => {
        const scaler = hpa("missing");
        Object.assign(scaler.inputs.spec, { minReplicas: 1, maxReplicas: 1, metrics: [] });
        assert.equal(violations(policy, [scaler]).length, 4);
    });

    it("takes the required minimum from the config", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa()], { minReplicas: 1 }), []);
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = 1;
        assert.deepEqual(violations(policy, [deployment(), scaler], { minReplicas: 1 }), []);
        assert.match(violations(policy, [deployment(), hpa()], { minReplicas: 3 })[0].message, /keeps minReplicas 2, fewer than 3/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const system = hpa();
        system.inputs.metadata.namespace = "kube-system";
        system.inputs.spec.minReplicas = 1;
        assert.deepEqual(violations(policy, [system]), []);
        assert.equal(violations(policy, [system], { ignoredNamespaces: [] }).length, 2);
        assert.deepEqual(violations(policy, [hpa()], { ignoredNamespaces: ["signal-trading"] }), []);
    });

    it("ignores objects that are not HPAs", () => {
        const vpa = resource("kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "gateway-vpa", { inputs: { metadata: { name: "gateway", namespace: "signal-trading" }, spec: {} } });
        assert.deepEqual(violations(policy, [vpa]), []);
    });
});
