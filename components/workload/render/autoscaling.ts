/**
 * A service's autoscalers: the HPA sets the replica count from CPU and memory utilization and,
 * for a request-driven service, from the requests each pod answers per second; the VPA
 * recommends (or, outside mode Off, sets) requests within the configured sizing.
 */
import type * as k8s from "@pulumi/kubernetes";
import { REQUEST_RATE_METRIC } from "../../addons/prometheus-adapter/rules";
import { ServiceSpec } from "../spec";
import { containerLimits } from "./deployment";
import { serviceMetadata } from "./labels";

export interface ScalingPolicy {
    type: "Pods" | "Percent";
    value: number;
    periodSeconds: number;
}

/** One direction of an HPA's `behavior`, as autoscaling/v2 spells it. */
export interface ScalingRules {
    stabilizationWindowSeconds: number;
    selectPolicy: "Max" | "Min" | "Disabled";
    policies: ScalingPolicy[];
}

export interface ScalingBehavior {
    scaleUp: ScalingRules;
    scaleDown: ScalingRules;
}

/**
 * Up at once (no stabilization), by doubling or by 4 pods a minute, whichever adds more, so a
 * two-replica service is not held to a few pods while load grows tenfold within five minutes.
 * Down only after five minutes of lower recommendations and by 10% a minute, so a lull
 * between bursts does not shed the capacity the next burst needs.
 */
export const SCALING_BEHAVIOR: ScalingBehavior = {
    scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 100, periodSeconds: 60 }, { type: "Pods", value: 4, periodSeconds: 60 }],
    },
    scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 10, periodSeconds: 60 }],
    },
};

/** How often the HPA controller acts (kube-controller-manager's default, which EKS keeps). */
export const HPA_SYNC_PERIOD_SECONDS = 15;

/**
 * The replicas an HPA with `behavior` reaches `seconds` after load starts demanding more than
 * `max`, starting from `from`: the controller's scale-up rule replayed at every sync. A
 * policy's limit counts from the replicas at the start of its period (the current count less
 * what was added within it); Max takes the largest limit, Min the smallest. Until the
 * stabilization window has passed, recommendations from before the surge hold the count.
 */
export function replicasReachable(behavior: ScalingBehavior, from: number, seconds: number, max: number): number {
    const rules = behavior.scaleUp;
    if (rules.selectPolicy === "Disabled") return from;
    const added: { at: number; replicas: number }[] = [];
    let replicas = from;
    for (let now = 0; now <= seconds; now += HPA_SYNC_PERIOD_SECONDS) {
        if (now < rules.stabilizationWindowSeconds) continue;
        const limits = rules.policies.map((policy) => {
            const atPeriodStart = replicas - added.filter((a) => a.at > now - policy.periodSeconds).reduce((sum, a) => sum + a.replicas, 0);
            return policy.type === "Pods" ? atPeriodStart + policy.value : Math.ceil(atPeriodStart * (1 + policy.value / 100));
        });
        const next = Math.min(max, rules.selectPolicy === "Max" ? Math.max(...limits) : Math.min(...limits));
        if (next > replicas) {
            added.push({ at: now, replicas: next - replicas });
            replicas = next;
        }
    }
    return replicas;
}

/** What both autoscalers act on: the service's Deployment. */
const deploymentRef = (spec: ServiceSpec) => ({ apiVersion: "apps/v1", kind: "Deployment", name: spec.definition.name });

const utilization = (name: "cpu" | "memory", averageUtilization: number) =>
    ({ type: "Resource" as const, resource: { name, target: { type: "Utilization", averageUtilization } } });

/** The average requests per second per pod the HPA holds the service to, from the adapter's pods metric. */
const requestRate = (perPod: number) =>
    ({ type: "Pods" as const, pods: { metric: { name: REQUEST_RATE_METRIC }, target: { type: "AverageValue", averageValue: String(perPod) } } });

export function renderHorizontalPodAutoscaler(spec: ServiceSpec) {
    const { scaling } = spec;
    return {
        metadata: serviceMetadata(spec),
        spec: {
            scaleTargetRef: deploymentRef(spec),
            minReplicas: scaling.min,
            maxReplicas: scaling.max,
            metrics: [
                utilization("cpu", scaling.targetCpuUtilization),
                // Unset where a VPA sets memory requests, which would otherwise move this metric.
                ...(scaling.targetMemoryUtilization === null ? [] : [utilization("memory", scaling.targetMemoryUtilization)]),
                // The controller scales to the largest count any metric asks for, so requests add to CPU and memory.
                ...(scaling.targetRequestsPerSecond === null ? [] : [requestRate(scaling.targetRequestsPerSecond)]),
            ],
            behavior: SCALING_BEHAVIOR,
        },
    } satisfies k8s.autoscaling.v2.HorizontalPodAutoscalerArgs;
}

export function renderVerticalPodAutoscaler(spec: ServiceSpec) {
    const { definition, resources, verticalScaling } = spec;
    return {
        apiVersion: "autoscaling.k8s.io/v1",
        kind: "VerticalPodAutoscaler",
        metadata: serviceMetadata(spec),
        spec: {
            targetRef: deploymentRef(spec),
            updatePolicy: { updateMode: verticalScaling.mode },
            resourcePolicy: {
                containerPolicies: [{
                    containerName: definition.name,
                    controlledResources: verticalScaling.controlledResources,
                    // The limits are the ceiling (a request above its limit is invalid) and stay as declared
                    // (RequestsOnly), so the quota on limits holds. No floor: a recommendation below the
                    // configured requests is the one that shows a service is over-sized.
                    controlledValues: "RequestsOnly",
                    maxAllowed: containerLimits(resources),
                }],
            },
        },
    };
}
