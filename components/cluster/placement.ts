/**
 * Where cluster add-ons run: on the system node group, tolerating its taints. One definition
 * serves every add-on so none lands on interruptible capacity by accident. Internet-facing
 * add-on pods get an edge placement that keeps them off the nodes of privileged controllers.
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

/** Pods of one namespace (all of them when `pods` is unset) that an internet-facing pod must not share a node with. */
export interface PodsToAvoid {
    namespace: string;
    pods?: Record<string, string>;
}

/** The node affinity and pod anti-affinity of a pod spec, as Kubernetes takes them. */
export interface Affinity {
    nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: { matchExpressions: { key: string; operator: "In"; values: string[] }[] }[];
        };
    };
    podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            topologyKey: string;
            namespaceSelector: { matchLabels: Record<string, string> };
            labelSelector: { matchLabels: Record<string, string> };
        }[];
    };
}

/** Where an internet-facing pod runs: node groups and tolerations like any add-on, plus the affinity that keeps it apart. */
export interface EdgePlacement extends Placement {
    affinity: Affinity;
}

/**
 * Placement of the pods the internet reaches (the ingress controller, an exposed Grafana), so
 * that a compromise of one does not land on a node beside a controller holding cluster-wide
 * rights (decision in docs/decisions.md, "internet-facing pods apart"). On the steady
 * application groups (on-demand, untainted, not `system`) when the stack has any, where no
 * add-on controller runs; otherwise on the system group. In both cases required pod
 * anti-affinity per host with each of `avoid`: it is symmetric for required terms, so the
 * scheduler also keeps those controllers off nodes where an internet-facing pod runs.
 */
export function edgePlacement(system: Placement, applicationGroups: readonly string[], avoid: readonly PodsToAvoid[]): EdgePlacement {
    const podAntiAffinity: Affinity["podAntiAffinity"] = {
        requiredDuringSchedulingIgnoredDuringExecution: avoid.map((a) => ({
            topologyKey: "kubernetes.io/hostname",
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": a.namespace } },
            labelSelector: { matchLabels: a.pods ?? {} },
        })),
    };
    if (applicationGroups.length === 0) return { ...system, affinity: { podAntiAffinity } };
    return {
        nodeSelector: {},
        tolerations: [],
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: NODE_GROUP_LABEL, operator: "In", values: [...applicationGroups] }] }],
                },
            },
            podAntiAffinity,
        },
    };
}
