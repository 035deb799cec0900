import { strict as assert } from "node:assert";
import { stackWorkloadRequireAvailability as policy } from "../stack/stack-workload-require-availability";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource, violations } from "./fixtures";
import { redisStatefulSet } from "./fixtures-application";
import { deployment, hpa, pdb, STATEFUL_SET } from "./fixtures-workloads";

const ZONE = "topology.kubernetes.io/zone";
const HOSTNAME = "kubernetes.io/hostname";
const OWN_PODS = { matchLabels: { "app.kubernetes.io/name": "gateway" } };

/** The gateway as the workload layer renders it: scaled from 2 by its HPA, zone-spread DoNotSchedule, host-spread, one pod at a time under its PDB. */
function gateway() {
    const parts = { deployment: deployment(), hpa: hpa(), pdb: pdb() };
    return { ...parts, all: Object.values(parts) };
}

const podSpecOf = (workload: ResourceUnderTest) => workload.inputs.spec.template.spec;

/** Another Deployment of the namespace, `name`, whose spread constraints select its own pods. */
function neighbour(name: string) {
    const workload = deployment(name);
    for (const c of podSpecOf(workload).topologySpreadConstraints) c.labelSelector = { matchLabels: { "app.kubernetes.io/name": name } };
    return workload;
}

/** The constraint of the gateway's pod spec on `topologyKey`. */
const constraintOn = (workload: ResourceUnderTest, topologyKey: string) =>
    podSpecOf(workload).topologySpreadConstraints.find((c: { topologyKey: string }) => c.topologyKey === topologyKey);

/** The gateway's pod spec with the constraints on `topologyKey` replaced by pod anti-affinity of the given kind. */
function antiAffinityOn(workload: ResourceUnderTest, topologyKey: string, kind: "required" | "preferred") {
    const spec = podSpecOf(workload);
    spec.topologySpreadConstraints = spec.topologySpreadConstraints.filter((c: { topologyKey: string }) => c.topologyKey !== topologyKey);
    const term = { topologyKey, labelSelector: OWN_PODS };
    spec.affinity = {
        podAntiAffinity: kind === "required"
            ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
            : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
}

/** The one violation of `resources`, on the workload of that URN; returns its detail after the description. */
function problemOf(resources: ResourceUnderTest[], workload: ResourceUnderTest, properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties);
    assert.deepEqual(found.map((v) => v.urn), [workload.urn], JSON.stringify(found, null, 2));
    assert.ok(found[0].message.startsWith(`${policy.description}\n`));
    return found[0].message.slice(policy.description.length + 1);
}

const PREFIX = "gateway (kubernetes:apps/v1:Deployment) in namespace signal-trading would not survive the loss of one AZ and one node drain: ";

describe("stack-workload-require-availability", () => {
    it("passes a Deployment scaled from 2 with a hard zone spread, a host spread and a PDB that lets one pod go (matches)", () => {
        assert.deepEqual(violations(policy, gateway().all), []);
    });

    it("fails a Deployment without HPA or PDB, naming each missing guarantee in one violation (no partner)", () => {
        const workload = deployment();
        assert.equal(problemOf([workload], workload), `${PREFIX}it is guaranteed only 1 replica (spec.replicas, unset), so losing that zone loses it; `
            + "no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once.");
    });

    it("counts the HPA's minReplicas, else spec.replicas", () => {
        const g = gateway();
        g.hpa.inputs.spec.minReplicas = 1;
        assert.equal(problemOf(g.all, g.deployment), `${PREFIX}it is guaranteed only 1 replica (minReplicas of gateway-hpa (kubernetes:autoscaling/v2:HorizontalPodAutoscaler)), so losing that zone loses it; `
            + "gateway-pdb (kubernetes:policy/v1:PodDisruptionBudget) sets maxUnavailable 1, which lets a drain evict every pod at once (1 replica).");
        const fixed = deployment();
        fixed.inputs.spec.replicas = 3;
        assert.deepEqual(violations(policy, [fixed, pdb()]), []);
    });

    describe("the loss of one AZ", () => {
        it("fails pods with no spread term on the zone key", () => {
            const g = gateway();
            podSpecOf(g.deployment).topologySpreadConstraints = [constraintOn(g.deployment, HOSTNAME)];
            assert.equal(problemOf(g.all, g.deployment), `${PREFIX}no topologySpreadConstraint or podAntiAffinity term on ${ZONE} selects its own pods, so every replica may run in one zone.`);
        });

        it("fails a zone constraint that selects other pods (mismatched), and passes one that selects its pods by matchExpressions", () => {
            const g = gateway();
            constraintOn(g.deployment, ZONE).labelSelector = { matchLabels: { "app.kubernetes.io/name": "risk" } };
            assert.match(problemOf(g.all, g.deployment), /no topologySpreadConstraint or podAntiAffinity term on topology\.kubernetes\.io\/zone selects its own pods/);
            constraintOn(g.deployment, ZONE).labelSelector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["gateway", "risk"] }] };
            assert.deepEqual(violations(policy, g.all), []);
        });

        it("fails a ScheduleAnyway zone spread as best-effort unless bestEffortZoneSpread lists the workload", () => {
            const g = gateway();
            constraintOn(g.deployment, ZONE).whenUnsatisfiable = "ScheduleAnyway";
            assert.equal(problemOf(g.all, g.deployment), `${PREFIX}its spread over ${ZONE} is best-effort only (topologySpreadConstraint (whenUnsatisfiable ScheduleAnyway)): `
                + "the scheduler gives it up and puts every replica in one zone when the others lack room; use whenUnsatisfiable DoNotSchedule, or list the workload in bestEffortZoneSpread with a reason.");
            const allowed = { bestEffortZoneSpread: [{ namespace: "signal-trading", name: "gateway", reason: "runs on spot capacity" }] };
            assert.deepEqual(violations(policy, g.all, allowed), []);
            const elsewhere = { bestEffortZoneSpread: [{ namespace: "signal-trading-dev", name: "gateway", reason: "runs on spot capacity" }] };
            assert.match(problemOf(g.all, g.deployment, elsewhere), /is best-effort only/);
        });

        it("takes a required anti-affinity term on the zone as a hard spread and a preferred one as best-effort", () => {
            const required = gateway();
            antiAffinityOn(required.deployment, ZONE, "required");
            assert.deepEqual(violations(policy, required.all), []);
            const preferred = gateway();
            antiAffinityOn(preferred.deployment, ZONE, "preferred");
            assert.match(problemOf(preferred.all, preferred.deployment), /its spread over topology\.kubernetes\.io\/zone is best-effort only \(preferred podAntiAffinity term\)/);
        });

        it("does not count a zone constraint whose selector also selects another workload's pods", () => {
            const g = gateway();
            const data = neighbour("data");
            const broad = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };
            constraintOn(g.deployment, ZONE).labelSelector = broad;
            assert.equal(problemOf([...g.all, data, hpa("data"), pdb("data")], g.deployment), `${PREFIX}its topologySpreadConstraint on ${ZONE} also selects the pods of `
                + "data (kubernetes:apps/v1:Deployment), so the skew counts their pods with its own and every replica of it may run in one zone.");
            assert.deepEqual(violations(policy, g.all), [], "alone in its namespace, the broad selector picks only its own pods");
            constraintOn(g.deployment, ZONE).matchLabelKeys = ["pod-template-hash"];
            assert.deepEqual(violations(policy, [...g.all, data, hpa("data"), pdb("data")]), [], "matchLabelKeys keeps it to one ReplicaSet's pods");
        });

        it("counts a required anti-affinity term on the zone that also selects other workloads' pods", () => {
            const g = gateway();
            antiAffinityOn(g.deployment, ZONE, "required");
            podSpecOf(g.deployment).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector = { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } };
            assert.deepEqual(violations(policy, [...g.all, neighbour("data"), hpa("data"), pdb("data")]), []);
        });

        it("does not count an anti-affinity term that looks at other namespaces' pods", () => {
            const ownTerm = (term: Record<string, unknown>) => {
                const g = gateway();
                antiAffinityOn(g.deployment, ZONE, "required");
                Object.assign(podSpecOf(g.deployment).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0], term);
                return g;
            };
            for (const term of [{ namespaces: ["signal-trading-dev"] }, { namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } } }]) {
                const g = ownTerm(term);
                assert.match(problemOf(g.all, g.deployment), /no topologySpreadConstraint or podAntiAffinity term on topology\.kubernetes\.io\/zone selects its own pods/, JSON.stringify(term));
            }
            for (const term of [{ namespaces: ["signal-trading-dev", "signal-trading"] }, { namespaceSelector: {} }, { namespaces: ["signal-trading"], namespaceSelector: { matchLabels: { team: "x" } } }]) {
                assert.deepEqual(violations(policy, ownTerm(term).all), [], JSON.stringify(term));
            }
        });

        it("fails a DoNotSchedule constraint whose maxSkew lets every replica share one zone", () => {
            const g = gateway();
            constraintOn(g.deployment, ZONE).maxSkew = 2;
            assert.match(problemOf(g.all, g.deployment), /its DoNotSchedule constraint on topology\.kubernetes\.io\/zone has maxSkew 2, not below its 2 replicas, so all of them may share one zone\.$/);
            g.hpa.inputs.spec.minReplicas = 3;
            assert.deepEqual(violations(policy, g.all), []);
        });
    });

    describe("one node drain", () => {
        it("fails a PDB that selects other pods or sits in another namespace (mismatched)", () => {
            const other = gateway();
            other.pdb.inputs.spec.selector = { matchLabels: { "app.kubernetes.io/name": "risk" } };
            assert.match(problemOf(other.all, other.deployment), /no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once\.$/);
            const elsewhere = gateway();
            elsewhere.pdb.inputs.metadata.namespace = "signal-trading-dev";
            assert.match(problemOf(elsewhere.all, elsewhere.deployment), /no PodDisruptionBudget in its namespace selects its pods/);
        });

        it("does not count a PDB that also selects another workload's pods, nor judge its limit against this workload's replicas", () => {
            const g = gateway();
            const data = neighbour("data");
            const dataHpa = hpa("data");
            dataHpa.inputs.spec.minReplicas = 6;
            const shared = pdb("shared");
            shared.inputs.spec = { minAvailable: 2, selector: { matchLabels: { "app.kubernetes.io/part-of": "signal-trading" } } };
            const found = violations(policy, [g.deployment, g.hpa, data, dataHpa, shared]);
            assert.deepEqual(found.map((v) => v.message.slice(policy.description.length + 1)), [
                `${PREFIX}shared-pdb (kubernetes:policy/v1:PodDisruptionBudget) also selects the pods of data (kubernetes:apps/v1:Deployment), so it counts their pods with its own and may let every pod of this workload go at once.`,
                "data (kubernetes:apps/v1:Deployment) in namespace signal-trading would not survive the loss of one AZ and one node drain: "
                + "shared-pdb (kubernetes:policy/v1:PodDisruptionBudget) also selects the pods of gateway (kubernetes:apps/v1:Deployment), so it counts their pods with its own and may let every pod of this workload go at once.",
            ]);
        });

        it("fails a budget that allows no eviction at the guaranteed replicas", () => {
            for (const budget of [{ maxUnavailable: 0 }, { minAvailable: 2 }, { minAvailable: "100%" }]) {
                const g = gateway();
                g.pdb.inputs.spec = { selector: OWN_PODS, ...budget };
                const limit = Object.entries(budget).map(([k, v]) => `${k} ${JSON.stringify(v)}`)[0];
                assert.equal(problemOf(g.all, g.deployment), `${PREFIX}gateway-pdb (kubernetes:policy/v1:PodDisruptionBudget) sets ${limit}, which allows no eviction at 2 replicas, so a drain cannot move its pods.`);
            }
        });

        it("fails a budget that lets every pod go at once, and passes one that keeps one", () => {
            for (const budget of [{ maxUnavailable: 2 }, { maxUnavailable: "100%" }, { minAvailable: 0 }]) {
                const g = gateway();
                g.pdb.inputs.spec = { selector: OWN_PODS, ...budget };
                assert.match(problemOf(g.all, g.deployment), /gateway-pdb \(kubernetes:policy\/v1:PodDisruptionBudget\) sets .*, which lets a drain evict every pod at once \(2 replicas\)\.$/);
            }
            for (const budget of [{ maxUnavailable: "50%" }, { minAvailable: 1 }, { minAvailable: "50%" }]) {
                const g = gateway();
                g.pdb.inputs.spec = { selector: OWN_PODS, ...budget };
                assert.deepEqual(violations(policy, g.all), [], JSON.stringify(budget));
            }
        });

        it("fails a budget without a readable limit", () => {
            const g = gateway();
            g.pdb.inputs.spec = { selector: OWN_PODS, maxUnavailable: "one" };
            assert.match(problemOf(g.all, g.deployment), /gateway-pdb \(kubernetes:policy\/v1:PodDisruptionBudget\) sets neither maxUnavailable nor minAvailable to a count or percentage\.$/);
        });

        it("needs no hostname term when a required anti-affinity term on the zone keeps one pod a zone, and so one a node", () => {
            const required = gateway();
            antiAffinityOn(required.deployment, ZONE, "required");
            podSpecOf(required.deployment).topologySpreadConstraints = [];
            assert.deepEqual(violations(policy, required.all), []);
            const preferred = gateway();
            antiAffinityOn(preferred.deployment, ZONE, "preferred");
            podSpecOf(preferred.deployment).topologySpreadConstraints = [];
            assert.match(problemOf(preferred.all, preferred.deployment, { bestEffortZoneSpread: [{ namespace: "signal-trading", name: "gateway", reason: "spot" }] }),
                /no topologySpreadConstraint or podAntiAffinity term on kubernetes\.io\/hostname selects its own pods/);
        });

        it("fails pods that nothing keeps off one node, and accepts a preferred anti-affinity on the hostname", () => {
            const g = gateway();
            podSpecOf(g.deployment).topologySpreadConstraints = [constraintOn(g.deployment, ZONE)];
            assert.equal(problemOf(g.all, g.deployment), `${PREFIX}no topologySpreadConstraint or podAntiAffinity term on ${HOSTNAME} selects its own pods, so two replicas may share the node being drained.`);
            const preferred = gateway();
            antiAffinityOn(preferred.deployment, HOSTNAME, "preferred");
            assert.deepEqual(violations(policy, preferred.all), []);
        });
    });

    describe("exemptions", () => {
        const REDIS = { namespace: "signal-trading", name: "redis", reason: "one primary with fast restore from 15-minute Velero snapshots (docs/decisions.md, Redis)" };

        it("fails the single-primary Redis StatefulSet unless an exemption names it with a reason", () => {
            const redis = redisStatefulSet();
            assert.match(problemOf([redis], redis), /^redis \(kubernetes:apps\/v1:StatefulSet\) in namespace signal-trading would not survive the loss of one AZ and one node drain: it is guaranteed only 1 replica \(spec\.replicas\)/);
            assert.deepEqual(violations(policy, [redis], { exemptions: [REDIS] }), []);
        });

        it("exempts only the named workload in the named namespace", () => {
            const redis = redisStatefulSet();
            assert.equal(violations(policy, [redis], { exemptions: [{ ...REDIS, namespace: "signal-trading-dev" }] }).length, 1);
            const workload = deployment();
            assert.equal(violations(policy, [redis, workload], { exemptions: [REDIS] }).map((v) => v.urn).join(), workload.urn);
        });

        it("refuses an exemption without a reason, or with a blank one", () => {
            const redis = redisStatefulSet();
            const { reason: _reason, ...noReason } = REDIS;
            assert.throws(() => violations(policy, [redis], { exemptions: [noReason] }), /exemptions\.0: must have required property 'reason'/);
            assert.throws(() => violations(policy, [redis], { exemptions: [{ ...REDIS, reason: " " }] }), /exemptions\.0\.reason: must match pattern/);
            assert.throws(() => violations(policy, [redis], { bestEffortZoneSpread: [{ ...REDIS, reason: "" }] }), /bestEffortZoneSpread\.0\.reason: must match pattern/);
        });
    });

    it("judges StatefulSets like Deployments", () => {
        const { inputs } = deployment("gateway");
        const ledger = resource(STATEFUL_SET, "ledger", { inputs: { ...inputs, kind: "StatefulSet", spec: { ...inputs.spec, serviceName: "gateway", replicas: 3 } } });
        assert.deepEqual(violations(policy, [ledger, pdb()]), []);
        assert.match(problemOf([ledger], ledger), /^ledger \(kubernetes:apps\/v1:StatefulSet\) .*no PodDisruptionBudget/);
    });

    it("refuses an empty list of application namespaces", () => {
        assert.throws(() => violations(policy, gateway().all, { namespaces: [] }), /namespaces: must NOT have fewer than 1 items/);
    });

    it("judges only workloads in the configured application namespaces", () => {
        const addon = deployment();
        addon.inputs.metadata.namespace = "monitoring";
        assert.deepEqual(violations(policy, [addon]), []);
        assert.equal(violations(policy, [addon], { namespaces: ["monitoring"] }).length, 1);
        const dev = deployment();
        dev.inputs.metadata.namespace = "signal-trading-dev";
        assert.match(problemOf([dev], dev), /in namespace signal-trading-dev would not survive/);
    });

    it("judges what needs no replica count when the count is unknown at preview: a PDB of its own and the spreads", () => {
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const g = gateway();
        g.hpa.inputs.spec.minReplicas = UNKNOWN;
        g.pdb.inputs.spec.maxUnavailable = 0;
        constraintOn(g.deployment, ZONE).maxSkew = 5;
        assert.deepEqual(violations(policy, g.all), [], "the budget's limit and the skew need the count");
        const bare = deployment();
        podSpecOf(bare).topologySpreadConstraints = [];
        const scaler = hpa();
        scaler.inputs.spec.minReplicas = UNKNOWN;
        assert.equal(problemOf([bare, scaler], bare), `${PREFIX}no topologySpreadConstraint or podAntiAffinity term on ${ZONE} selects its own pods, so every replica may run in one zone; `
            + "no PodDisruptionBudget in its namespace selects its pods, so a node drain may evict all of them at once; "
            + `no topologySpreadConstraint or podAntiAffinity term on ${HOSTNAME} selects its own pods, so two replicas may share the node being drained.`);
    });

    it("reads the objects as the program declared them (__inputs), not as the API server returned them", () => {
        // The live Deployment has the replicas its HPA set; the declared one leaves them unset and has no HPA here.
        const workload = deployment();
        const live = (r: ResourceUnderTest) => ({ ...r, outputs: { ...r.inputs, spec: { ...r.inputs.spec, replicas: 4 }, status: { replicas: 4 }, __inputs: r.inputs } });
        assert.match(problemOf([live(workload), pdb()], workload), /it is guaranteed only 1 replica \(spec\.replicas, unset\)/);
        const declaredWithHpa = gateway().all.map((r) => (r.type === "kubernetes:apps/v1:Deployment" ? live(r) : r));
        assert.deepEqual(violations(policy, declaredWithHpa), []);
    });
});
