/**
 * The application's PriorityClasses. When capacity runs short the scheduler places the trading
 * path first and may evict analytics pods to do so; analytics pods wait for room and never
 * evict anything. Both stay far below the system classes (2000000000 and up), so node and
 * cluster agents always win.
 */
import { APPLICATION_LABELS } from "./render/labels";
import { ServicePriority } from "./spec";

export const PRIORITY_CLASS_NAMES: Record<ServicePriority, string> = {
    trading: "signal-trading-critical",
    analytics: "signal-trading-standard",
};

/** Values above 0 (pods without a class) and at most 1000000000, the highest the API accepts for a class of our own. */
const CLASSES: Record<ServicePriority, { value: number; preemptionPolicy: "PreemptLowerPriority" | "Never"; description: string }> = {
    trading: {
        value: 100000,
        preemptionPolicy: "PreemptLowerPriority",
        description: "Signal Trading request path (gateway, data, signal, Redis): scheduled first, evicting lower-priority pods when the cluster is full.",
    },
    analytics: {
        value: 1000,
        preemptionPolicy: "Never",
        description: "Signal Trading analytics (ml): queued ahead of pods without a class, but never evicts running pods.",
    },
};

/** Both PriorityClasses, as scheduling.k8s.io/v1 objects (cluster-scoped). */
export function renderPriorityClasses() {
    return (Object.keys(PRIORITY_CLASS_NAMES) as ServicePriority[]).map((priority) => ({
        apiVersion: "scheduling.k8s.io/v1" as const,
        kind: "PriorityClass" as const,
        metadata: { name: PRIORITY_CLASS_NAMES[priority], labels: APPLICATION_LABELS },
        value: CLASSES[priority].value,
        // A default class would give every other pod of the cluster, add-ons included, this priority.
        globalDefault: false,
        preemptionPolicy: CLASSES[priority].preemptionPolicy,
        description: CLASSES[priority].description,
    }));
}
