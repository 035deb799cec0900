import { strict as assert } from "node:assert";
import { Placement } from "../cluster/placement";
import { aggregatedApiServerPods, disruptionBudget, RESTRICTED_CONTAINER, restrictedContainerAs, restrictedContainerSecurity, restrictedPodSecurity, zoneSpread } from "./pod-security";

describe("shared pod settings of the add-ons", () => {
    it("a restricted pod context runs as the given user, in its group unless told otherwise, with fsGroup only when given", () => {
        assert.deepEqual(restrictedPodSecurity({ user: 65532 }), { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(restrictedPodSecurity({ user: 1000, group: 2000, fsGroup: 2000 }),
            { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } });
    });

    it("a restricted container drops every capability, cannot escalate and has a read-only root", () => {
        assert.deepEqual(RESTRICTED_CONTAINER, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    });

    it("the container context that states everything also carries the user, group and seccomp, and adds back only the capabilities asked for", () => {
        assert.deepEqual(restrictedContainerSecurity({ user: 101 }), {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 101, runAsGroup: 101,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(restrictedContainerSecurity({ user: 101, group: 102, addCapabilities: ["NET_BIND_SERVICE"] }), {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 101, runAsGroup: 102,
            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("spreads the labelled pods over zones at most skew 1", () => {
        assert.deepEqual(zoneSpread({ app: "a" }, "ScheduleAnyway"),
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "a" } } });
    });

    it("enables a disruption budget only for more than one replica", () => {
        assert.deepEqual(disruptionBudget(2, { maxUnavailable: 1 }), { enabled: true, maxUnavailable: 1 });
        assert.deepEqual(disruptionBudget(3, { minAvailable: 2 }), { enabled: true, minAvailable: 2 });
        assert.deepEqual(disruptionBudget(1, { minAvailable: 1 }), { enabled: false });
    });

    it("a merged container context gives every field, so none of the chart's default stays", () => {
        assert.deepEqual(restrictedContainerAs(65534), {
            runAsNonRoot: true, runAsUser: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        });
    });

    it("an aggregated API server's replicas are system-critical on the system nodes; budget and strict zone spread only for more than one", () => {
        const placement: Placement = { nodeSelector: { role: "system" }, tolerations: [{ key: "role", operator: "Equal", value: "system", effect: "NoSchedule" }] };
        const pods = { app: "api" };
        assert.deepEqual(aggregatedApiServerPods(2, pods, placement), {
            replicas: 2, priorityClassName: "system-cluster-critical",
            podDisruptionBudget: { enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" },
            topologySpreadConstraints: [zoneSpread(pods, "DoNotSchedule")], ...placement,
        });
        assert.deepEqual(aggregatedApiServerPods(1, pods, placement), {
            replicas: 1, priorityClassName: "system-cluster-critical", podDisruptionBudget: { enabled: false }, topologySpreadConstraints: [], ...placement,
        });
    });
});
