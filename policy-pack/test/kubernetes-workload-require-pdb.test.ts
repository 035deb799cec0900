import { strict as assert } from "node:assert";
import { kubernetesWorkloadRequirePdb as policy } from "../kubernetes/kubernetes-workload-require-pdb";
import { resource, violations } from "./fixtures";
import { deployment, hpa, pdb, PDB, STATEFUL_SET } from "./fixtures-workloads";

/** The gateway's PDB with `budget` in place of maxUnavailable: 1. */
function pdbWith(budget: Record<string, unknown>) {
    const budgetObject = pdb();
    delete budgetObject.inputs.spec.maxUnavailable;
    Object.assign(budgetObject.inputs.spec, budget);
    return budgetObject;
}

describe("kubernetes-workload-require-pdb", () => {
    it("passes a Deployment scaled from 2 whose PDB lets one pod go (matches)", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa(), pdb()]), []);
    });

    it("fails a multi-replica Deployment without a PDB (no partner)", () => {
        const workload = deployment();
        const found = violations(policy, [workload, hpa()]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs at least 2 replicas but no PodDisruptionBudget in namespace signal-trading selects its pods, so a node drain may evict all of them at once\.$/);
    });

    it("counts spec.replicas when no HPA scales the workload", () => {
        const workload = deployment();
        workload.inputs.spec.replicas = 3;
        assert.match(violations(policy, [workload])[0].message, /runs at least 3 replicas but no PodDisruptionBudget/);
    });

    it("does not require a PDB of a single-replica workload", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = 1;
        assert.deepEqual(violations(policy, [deployment(), scaler]), []);
    });

    it("fails when the only PDB is in another namespace or selects other pods (mismatched partner)", () => {
        const elsewhere = pdb();
        elsewhere.inputs.metadata.namespace = "signal-trading-dev";
        assert.match(violations(policy, [deployment(), hpa(), elsewhere])[0].message, /no PodDisruptionBudget in namespace signal-trading selects its pods/);
        assert.equal(violations(policy, [deployment(), hpa(), pdb("risk")]).length, 1);
        const expression = pdb();
        expression.inputs.spec.selector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["gateway"] }] };
        assert.equal(violations(policy, [deployment(), hpa(), expression]).length, 1);
    });

    it("fails a PDB without a selector, which selects no pod", () => {
        const budget = pdb();
        delete budget.inputs.spec.selector;
        assert.match(violations(policy, [deployment(), hpa(), budget])[0].message, /no PodDisruptionBudget in namespace signal-trading selects its pods/);
    });

    it("accepts a PDB that selects the pods by matchExpressions, or every pod with an empty selector", () => {
        const expression = pdb();
        expression.inputs.spec.selector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["gateway", "risk"] }] };
        assert.deepEqual(violations(policy, [deployment(), hpa(), expression]), []);
        const everything = pdb();
        everything.inputs.spec.selector = {};
        assert.deepEqual(violations(policy, [deployment(), hpa(), everything]), []);
    });

    it("fails a workload whose only PDB also selects another workload's pods, which it counts together with its own", () => {
        const data = deployment("data");
        const shared = pdbWith({ maxUnavailable: 1 });
        shared.inputs.spec.selector = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };
        const found = violations(policy, [deployment(), hpa(), data, hpa("data"), shared]);
        assert.deepEqual(found.map((v) => v.message.slice(policy.description.length + 1)), [
            "gateway (kubernetes:apps/v1:Deployment) runs at least 2 replicas but every PodDisruptionBudget selecting its pods also selects another workload's "
            + "(gateway-pdb (kubernetes:policy/v1:PodDisruptionBudget) selects data (kubernetes:apps/v1:Deployment) too) and counts them together, so a node drain may evict all of them at once.",
            "data (kubernetes:apps/v1:Deployment) runs at least 2 replicas but every PodDisruptionBudget selecting its pods also selects another workload's "
            + "(gateway-pdb (kubernetes:policy/v1:PodDisruptionBudget) selects gateway (kubernetes:apps/v1:Deployment) too) and counts them together, so a node drain may evict all of them at once.",
        ]);
        assert.deepEqual(violations(policy, [deployment(), hpa(), shared]), [], "alone in its namespace, the broad selector picks only its own pods");
    });

    it("judges a shared PDB's limit against the replicas of every workload it selects", () => {
        const data = deployment("data");
        const dataHpa = hpa("data");
        dataHpa.inputs.spec.minReplicas = 6;
        const shared = (minAvailable: number) => {
            const budget = pdbWith({ minAvailable });
            budget.inputs.spec.selector = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };
            return budget;
        };
        const blocking = (budget: ReturnType<typeof pdb>) => violations(policy, [deployment(), hpa(), data, dataHpa, budget]).filter((v) => v.urn === budget.urn);
        assert.deepEqual(blocking(shared(2)), [], "minAvailable 2 of 8 pods lets 6 go");
        const all = shared(8);
        assert.deepEqual(blocking(all).map((v) => v.message.slice(policy.description.length + 1)), [
            "gateway-pdb (kubernetes:policy/v1:PodDisruptionBudget) sets minAvailable 8, which allows no pod of gateway (kubernetes:apps/v1:Deployment) and data (kubernetes:apps/v1:Deployment) to be evicted at their 8 replicas "
            + "(2 from minReplicas of gateway-hpa (kubernetes:autoscaling/v2:HorizontalPodAutoscaler), 6 from minReplicas of data-hpa (kubernetes:autoscaling/v2:HorizontalPodAutoscaler)), so node drains and upgrades hang.",
        ]);
    });

    it("reads label keys as the labels' own: a requirement on constructor or toString finds no such label", () => {
        for (const [operator, selected] of [["Exists", false], ["DoesNotExist", true]] as const) {
            const budget = pdb();
            budget.inputs.spec.selector = { matchExpressions: [{ key: "constructor", operator }, { key: "toString", operator }] };
            assert.equal(violations(policy, [deployment(), hpa(), budget]).length, selected ? 0 : 1, operator);
        }
    });

    it("fails two PDBs over the same pods, which the eviction API refuses", () => {
        const workload = deployment();
        const second = resource(PDB, "gateway-pdb-2", { inputs: { ...pdb().inputs, metadata: { name: "gateway-2", namespace: "signal-trading" } } });
        const found = violations(policy, [workload, hpa(), pdb(), second]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) has its pods selected by 2 PodDisruptionBudgets \(gateway-pdb, gateway-pdb-2\); the eviction API refuses to evict a pod with more than one, so drains hang\.$/);
    });

    it("fails maxUnavailable 0 and \"0%\", which block every drain", () => {
        for (const maxUnavailable of [0, "0%"]) {
            const budget = pdbWith({ maxUnavailable });
            const found = violations(policy, [deployment(), hpa(), budget]);
            assert.deepEqual(found.map((v) => v.urn), [budget.urn]);
            assert.match(found[0].message, new RegExp(`gateway-pdb \\(kubernetes:policy/v1:PodDisruptionBudget\\) sets maxUnavailable ${JSON.stringify(maxUnavailable)}, which allows no pod of gateway \\(kubernetes:apps/v1:Deployment\\) to be evicted at its 2 replicas \\(minReplicas of gateway-hpa \\(kubernetes:autoscaling/v2:HorizontalPodAutoscaler\\)\\), so node drains and upgrades hang\\.$`));
        }
    });

    it("passes a percentage maxUnavailable, which Kubernetes rounds up to one pod", () => {
        assert.deepEqual(violations(policy, [deployment(), hpa(), pdbWith({ maxUnavailable: "10%" })]), []);
    });

    it("fails minAvailable equal to the HPA's minimum and passes one below it", () => {
        assert.match(violations(policy, [deployment(), hpa(), pdbWith({ minAvailable: 2 })])[0].message, /sets minAvailable 2, which allows no pod of gateway .* to be evicted at its 2 replicas/);
        assert.deepEqual(violations(policy, [deployment(), hpa(), pdbWith({ minAvailable: 1 })]), []);
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = 3;
        assert.deepEqual(violations(policy, [deployment(), scaler, pdbWith({ minAvailable: 2 })]), []);
    });

    it("fails minAvailable \"100%\", and a percentage that rounds up to every pod at the minimum", () => {
        assert.match(violations(policy, [deployment(), hpa(), pdbWith({ minAvailable: "100%" })])[0].message, /sets minAvailable "100%", which allows no pod/);
        assert.equal(violations(policy, [deployment(), hpa(), pdbWith({ minAvailable: "60%" })]).length, 1);
        assert.deepEqual(violations(policy, [deployment(), hpa(), pdbWith({ minAvailable: "50%" })]), []);
    });

    it("fails a PDB that blocks the drain of a single-replica workload", () => {
        const budget = pdbWith({ minAvailable: 1 });
        const found = violations(policy, [deployment(), budget]);
        assert.deepEqual(found.map((v) => v.urn), [budget.urn]);
        assert.match(found[0].message, /at its 1 replica \(spec\.replicas, unset\)/);
    });

    it("judges StatefulSets too", () => {
        const { inputs } = deployment("ledger");
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, replicas: 3 } } });
        assert.match(violations(policy, [ledger])[0].message, /ledger \(kubernetes:apps\/v1:StatefulSet\) runs at least 3 replicas/);
        assert.deepEqual(violations(policy, [ledger, pdb("ledger")]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const system = deployment();
        system.inputs.metadata.namespace = "kube-system";
        system.inputs.spec.replicas = 2;
        assert.deepEqual(violations(policy, [system]), []);
        assert.equal(violations(policy, [system], { ignoredNamespaces: [] }).length, 1);
        assert.deepEqual(violations(policy, [deployment(), hpa()], { ignoredNamespaces: ["signal-trading"] }), []);
    });

    it("ignores a blocking PDB that selects no workload of the stack", () => {
        assert.deepEqual(violations(policy, [pdbWith({ maxUnavailable: 0 })]), []);
    });
});
