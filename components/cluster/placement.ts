/**
 * Where cluster add-ons run: on the system node group, tolerating its taints. One definition
 * serves every add-on so none lands on interruptible capacity by accident.
 */

/** A node-group taint as EKS spells it. */
export interface NodeTaint {
    key: string;
    value: string;
    effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

export interface Toleration {
    key: string;
    operator: "Equal";
    value: string;
    effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

export interface Placement {
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
}

const KUBERNETES_EFFECT: Record<NodeTaint["effect"], Toleration["effect"]> = {
    NO_SCHEDULE: "NoSchedule",
    NO_EXECUTE: "NoExecute",
    PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/**
 * The label every node carries with its configured group's name (set by NodeGroups). EKS's own
 * `eks.amazonaws.com/nodegroup` names the managed node group, which differs per zone for a
 * zonal group.
 */
export const NODE_GROUP_LABEL = "node-group";

/** The Kubernetes tolerations that match a node group's EKS taints exactly. */
export function tolerationsFor(taints: NodeTaint[]): Toleration[] {
    return taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: KUBERNETES_EFFECT[t.effect] }));
}

/** Pods placed on one configured node group (by its name, in every zone) and tolerating its taints. */
export function nodeGroupPlacement(group: string, taints: NodeTaint[]): Placement {
    return { nodeSelector: { [NODE_GROUP_LABEL]: group }, tolerations: tolerationsFor(taints) };
}
