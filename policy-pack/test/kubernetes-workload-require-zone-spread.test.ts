import { strict as assert } from "node:assert";
import { kubernetesWorkloadRequireZoneSpread as policy } from "../kubernetes/kubernetes-workload-require-zone-spread";
import { resource, violations } from "./fixtures";
import { DAEMON_SET, deployment, STATEFUL_SET } from "./fixtures-workloads";

const ZONE = "topology.kubernetes.io/zone";
const OWN_PODS = { matchLabels: { "app.kubernetes.io/name": "gateway" } };

/** The gateway Deployment with only its hostname spread (no zone term). */
function hostSpreadOnly() {
    const workload = deployment();
    const spec = workload.inputs.spec.template.spec;
    spec.topologySpreadConstraints = spec.topologySpreadConstraints.filter((c: { topologyKey: string }) => c.topologyKey !== ZONE);
    return workload;
}

describe("kubernetes-workload-require-zone-spread", () => {
    it("passes the gateway Deployment, spread over zones with its own pods selected", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("fails a Deployment left to its HPA without a zone term", () => {
        const workload = hostSpreadOnly();
        const found = violations(policy, [workload]);
        assert.deepEqual(found.map((v) => v.urn), [workload.urn]);
        assert.match(found[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) leaves its replicas to an HPA without spreading them over zones \(no topologySpreadConstraint or podAntiAffinity term on topology\.kubernetes\.io\/zone\), so one zone outage can take every replica\.$/);
    });

    it("fails a Deployment of three replicas without a zone term", () => {
        const workload = hostSpreadOnly();
        workload.inputs.spec.replicas = 3;
        assert.match(violations(policy, [workload])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) runs 3 replicas without spreading them over zones/);
    });

    it("passes a single-replica Deployment without a zone term", () => {
        const workload = hostSpreadOnly();
        workload.inputs.spec.replicas = 1;
        assert.deepEqual(violations(policy, [workload]), []);
    });

    it("fails a zone constraint whose selector does not select the workload's own pods", () => {
        const workload = deployment();
        workload.inputs.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { "app.kubernetes.io/name": "risk" } };
        assert.match(violations(policy, [workload])[0].message, /gateway \(kubernetes:apps\/v1:Deployment\) leaves its replicas to an HPA but its terms on topology\.kubernetes\.io\/zone select none of its own pods \(labelSelector does not match the pod template's labels\), so nothing spreads them\.$/);
        delete workload.inputs.spec.template.spec.topologySpreadConstraints[0].labelSelector;
        assert.match(violations(policy, [workload])[0].message, /select none of its own pods/);
    });

    it("accepts required and preferred pod anti-affinity on the zone key", () => {
        const required = hostSpreadOnly();
        required.inputs.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: ZONE, labelSelector: OWN_PODS }] } };
        assert.deepEqual(violations(policy, [required]), []);
        const preferred = hostSpreadOnly();
        preferred.inputs.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: ZONE, labelSelector: OWN_PODS } }] } };
        assert.deepEqual(violations(policy, [preferred]), []);
    });

    it("counts an anti-affinity term only when it looks at the pods of the workload's namespace", () => {
        const withTerm = (term: Record<string, unknown>) => {
            const workload = hostSpreadOnly();
            workload.inputs.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: ZONE, labelSelector: OWN_PODS, ...term }] } };
            return workload;
        };
        for (const term of [{ namespaces: ["signal-trading-dev"] }, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading" } } }]) {
            assert.match(violations(policy, [withTerm(term)])[0].message, /without spreading them over zones/, JSON.stringify(term));
        }
        for (const term of [{ namespaces: ["signal-trading"] }, { namespaceSelector: {} }]) {
            assert.deepEqual(violations(policy, [withTerm(term)]), [], JSON.stringify(term));
        }
    });

    it("does not count anti-affinity on the hostname key", () => {
        const workload = hostSpreadOnly();
        workload.inputs.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: OWN_PODS }] } };
        assert.equal(violations(policy, [workload]).length, 1);
    });

    it("judges StatefulSets and ignores DaemonSets, which run one pod per node anyway", () => {
        const { inputs } = hostSpreadOnly();
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, replicas: 3 } } });
        assert.match(violations(policy, [ledger])[0].message, /ledger \(kubernetes:apps\/v1:StatefulSet\) runs 3 replicas without spreading/);
        assert.deepEqual(violations(policy, [resource(DAEMON_SET, "agent", { inputs: { ...inputs, kind: "DaemonSet" } })]), []);
    });

    it("skips a replica count that is not known at preview time", () => {
        const workload = hostSpreadOnly();
        workload.inputs.spec.replicas = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        assert.deepEqual(violations(policy, [workload]), []);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const workload = hostSpreadOnly();
        assert.deepEqual(violations(policy, [workload], { ignoredNamespaces: ["signal-trading"] }), []);
        workload.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [workload]), []);
        assert.equal(violations(policy, [workload], { ignoredNamespaces: [] }).length, 1);
    });
});
