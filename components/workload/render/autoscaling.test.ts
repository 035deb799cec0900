import { strict as assert } from "node:assert";
import { renderHorizontalPodAutoscaler, renderVerticalPodAutoscaler, replicasReachable, SCALING_BEHAVIOR, ScalingBehavior } from "./autoscaling";
import { renderDeployment } from "./deployment";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";

const FIVE_MINUTES = 300;
/** Prod's replica bounds (Pulumi.prod.yaml, services.<name>.scaling). */
const PROD_SCALING = { gateway: [2, 15], data: [3, 10], signal: [2, 8], ml: [2, 5] };
const ONLY_PODS: ScalingBehavior = {
    ...SCALING_BEHAVIOR,
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
};

describe("HorizontalPodAutoscaler of a service", () => {
    it("scales the service's Deployment between its minimum and maximum on CPU and memory utilization", () => {
        const spec = serviceSpec();
        const hpa = renderHorizontalPodAutoscaler(spec);
        assert.deepEqual(hpa.metadata, { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) });
        assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: renderDeployment(spec).metadata.name });
        assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [2, 10]);
        assert.deepEqual(hpa.spec.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
            { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
        ]);
    });

    it("does not scale on memory when the spec leaves memory to the VPA", () => {
        const hpa = renderHorizontalPodAutoscaler(serviceSpec((s) => { s.scaling.targetMemoryUtilization = null; }));
        assert.deepEqual(hpa.spec.metrics.map((m) => m.type === "Resource" ? m.resource.name : m.type), ["cpu"]);
    });

    it("adds the adapter's requests-per-second pods metric, as an average per pod, for a request-driven service", () => {
        const hpa = renderHorizontalPodAutoscaler(serviceSpec((s) => { s.scaling.targetRequestsPerSecond = 100; }));
        assert.deepEqual(hpa.spec.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
            { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
            { type: "Pods", pods: { metric: { name: "http_server_requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } },
        ]);
    });

    it("scales on the request rate beside CPU alone when memory is left to the VPA", () => {
        const hpa = renderHorizontalPodAutoscaler(serviceSpec((s) => { s.scaling.targetMemoryUtilization = null; s.scaling.targetRequestsPerSecond = 40; }));
        assert.deepEqual(hpa.spec.metrics.map((m) => m.type === "Resource" ? m.resource.name : m.pods.metric.name), ["cpu", "http_server_requests_per_second"]);
    });

    it("scales up at once by doubling or 4 pods a minute, and down only after five quiet minutes by 10% a minute", () => {
        assert.deepEqual(renderHorizontalPodAutoscaler(serviceSpec()).spec.behavior, {
            scaleUp: {
                stabilizationWindowSeconds: 0,
                selectPolicy: "Max",
                policies: [{ type: "Percent", value: 100, periodSeconds: 60 }, { type: "Pods", value: 4, periodSeconds: 60 }],
            },
            scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] },
        });
    });

    it("lets every prod service grow tenfold from its minimum (up to its maximum) within five minutes", () => {
        for (const [name, [min, max]] of Object.entries(PROD_SCALING)) {
            assert.equal(replicasReachable(SCALING_BEHAVIOR, min, FIVE_MINUTES, max), Math.min(10 * min, max), name);
        }
        // +4 at the first sync, then doubling every minute: 2 → 6 → 12 → 24 → 48 → 96 → 192.
        assert.equal(replicasReachable(SCALING_BEHAVIOR, 2, FIVE_MINUTES, 1000), 192);
    });

    it("still grows tenfold within five minutes when the request rate shows the surge a minute late", () => {
        // A scrape (30 s) for the counters to move, the adapter's query and the HPA's next sync (15 s):
        // the two-minute rate passes a target the pods were near after one scrape of tenfold load.
        const REQUEST_RATE_LAG = 60;
        for (const [name, [min, max]] of Object.entries(PROD_SCALING)) {
            assert.equal(replicasReachable(SCALING_BEHAVIOR, min, FIVE_MINUTES - REQUEST_RATE_LAG, max), Math.min(10 * min, max), name);
        }
        // Uncapped: 2 → 6 → 12 → 24 → 48 → 96 in the four minutes left.
        assert.equal(replicasReachable(SCALING_BEHAVIOR, 2, FIVE_MINUTES - REQUEST_RATE_LAG, 1000), 96);
    });

    it("replays the controller: each policy counts from the replicas at the start of its period, at every 15 s sync", () => {
        // 2 → 6 (Pods) at 0 s; 6 → 12 (Percent) at 60 s; 12 → 24 at 120 s.
        assert.deepEqual([0, 59, 60, 119, 120].map((t) => replicasReachable(SCALING_BEHAVIOR, 2, t, 100)), [6, 6, 12, 12, 24]);
        assert.deepEqual([0, 60, 120].map((t) => replicasReachable(ONLY_PODS, 2, t, 100)), [3, 4, 5]);
        assert.equal(replicasReachable({ ...ONLY_PODS, scaleUp: { ...ONLY_PODS.scaleUp, selectPolicy: "Min", policies: [...SCALING_BEHAVIOR.scaleUp.policies] } }, 2, 0, 100), 4);
    });

    it("holds the count through the scale-up stabilization window and never scales with policies disabled", () => {
        const slow: ScalingBehavior = { ...SCALING_BEHAVIOR, scaleUp: { ...SCALING_BEHAVIOR.scaleUp, stabilizationWindowSeconds: 180 } };
        assert.equal(replicasReachable(slow, 2, 179, 100), 2);
        assert.equal(replicasReachable(slow, 2, 180, 100), 6);
        const offBeat: ScalingBehavior = { ...SCALING_BEHAVIOR, scaleUp: { ...SCALING_BEHAVIOR.scaleUp, stabilizationWindowSeconds: 20 } };
        assert.deepEqual([29, 30].map((t) => replicasReachable(offBeat, 2, t, 100)), [2, 6], "the controller acts at the first sync after the window");
        assert.equal(replicasReachable({ ...SCALING_BEHAVIOR, scaleUp: { ...SCALING_BEHAVIOR.scaleUp, selectPolicy: "Disabled" } }, 2, FIVE_MINUTES, 100), 2);
    });
});

describe("VerticalPodAutoscaler of a service", () => {
    it("targets the service's Deployment in the mode the spec sets", () => {
        const spec = serviceSpec((s) => { s.verticalScaling = { mode: "Initial", controlledResources: ["memory"] }; });
        const vpa = renderVerticalPodAutoscaler(spec);
        assert.deepEqual([vpa.apiVersion, vpa.kind], ["autoscaling.k8s.io/v1", "VerticalPodAutoscaler"]);
        assert.deepEqual(vpa.metadata, { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) });
        assert.deepEqual(vpa.spec.targetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "quotes" });
        assert.deepEqual(vpa.spec.updatePolicy, { updateMode: "Initial" });
        assert.equal(renderVerticalPodAutoscaler(serviceSpec()).spec.updatePolicy.updateMode, "Off");
    });

    it("controls only the configured resources of the service's container, requests only, up to the limits", () => {
        const spec = serviceSpec((s) => { s.verticalScaling = { mode: "Recreate", controlledResources: ["memory"] }; });
        assert.deepEqual(renderVerticalPodAutoscaler(spec).spec.resourcePolicy.containerPolicies, [{
            containerName: "quotes",
            controlledResources: ["memory"],
            controlledValues: "RequestsOnly",
            maxAllowed: { cpu: "500m", memory: "1Gi" },
        }]);
    });

    it("leaves CPU unbounded above when the service has no CPU limit", () => {
        const spec = serviceSpec((s) => { s.resources.limits = { memory: "2Gi" }; });
        assert.deepEqual(renderVerticalPodAutoscaler(spec).spec.resourcePolicy.containerPolicies[0].maxAllowed, { memory: "2Gi" });
    });
});
