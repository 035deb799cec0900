import { Placement } from "../../cluster/placement";
import { CONFIGURED_IMAGES, chartImage } from "../../shared/images";
import { RESTRICTED_CONTAINER, restrictedPodSecurity, zoneSpread } from "../pod-security";

/**
 * The cluster autoscaler image for each supported Kubernetes minor. The autoscaler must match
 * the control plane's minor; the newest chart (9.59.0) ships 1.35.0, so the image is set here.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Record<string, string> = {
    "1.35": "v1.35.2",
    "1.36": "v1.36.1",
};

export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";
/** The chart's name label of its pods on AWS (`<cloudProvider>-cluster-autoscaler`). */
export const CLUSTER_AUTOSCALER_PODS = { "app.kubernetes.io/name": "aws-cluster-autoscaler" };

export interface ScalableGroup {
    /** The prefix of the EKS managed node group's name, which the AWS provider completes with a unique suffix. */
    namePrefix: string;
    capacityType: "ON_DEMAND" | "SPOT";
}

export interface ClusterAutoscalerValuesInputs {
    clusterName: string;
    region: string;
    kubernetesVersion: string;
    groups: ScalableGroup[];
    placement: Placement;
    /** More than one runs with leader election: one is active, the others take over. */
    replicas: number;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/**
 * The names of the Auto Scaling groups of the managed node groups named with `namePrefix`,
 * as a regular expression (Go RE2, matched unanchored by the expander, hence the anchors).
 * EKS names a managed node group's Auto Scaling group `eks-<node group name>-<node group UUID>`;
 * the AWS provider completes a name prefix with terraform-plugin-sdk's `id.PrefixedUniqueId`:
 * the UTC creation time to 1/10000 s as 18 digits (`20060102150405.0000` without the dot) and
 * a process-wide counter as 8 lower-case hexadecimal digits (`%08x`: the tenth id a provider
 * process generates ends in `a`). Matching exactly that suffix keeps `spot-` from also
 * matching the groups of `spot-b-` or `spotty-`.
 */
export function autoScalingGroupPattern(namePrefix: string): string {
    return `^eks-${namePrefix}\\d{18}[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`;
}

/**
 * Priorities for the `priority` expander: spot groups first, on-demand after. A pod that
 * does not tolerate the spot taint fits no spot group, so it lands on on-demand anyway; a pod
 * that tolerates it gets the cheaper capacity. Ties go to `least-waste`.
 */
export function expanderPriorities(groups: ScalableGroup[]): Record<number, string[]> {
    const priorities: Record<number, string[]> = {};
    const add = (priority: number, members: ScalableGroup[]) => {
        if (members.length > 0) priorities[priority] = members.map((g) => autoScalingGroupPattern(g.namePrefix));
    };
    add(50, groups.filter((g) => g.capacityType === "SPOT"));
    add(10, groups.filter((g) => g.capacityType === "ON_DEMAND"));
    return priorities;
}

/** Values of the upstream cluster-autoscaler chart. */
export function clusterAutoscalerValues(inputs: ClusterAutoscalerValuesInputs) {
    const imageTag = CLUSTER_AUTOSCALER_IMAGE_TAGS[inputs.kubernetesVersion];
    if (!imageTag) throw new Error(`no cluster-autoscaler image is known for Kubernetes ${inputs.kubernetesVersion}; add it to CLUSTER_AUTOSCALER_IMAGE_TAGS`);
    return {
        cloudProvider: "aws",
        awsRegion: inputs.region,
        autoDiscovery: { clusterName: inputs.clusterName },
        image: chartImage(inputs.registry, { ...CONFIGURED_IMAGES.clusterAutoscaler, tag: imageTag }),
        // Leader election is on by default in the autoscaler; a standby replica takes over within seconds.
        replicaCount: inputs.replicas,
        rbac: { create: true, serviceAccount: { create: false, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } },
        extraArgs: {
            // The zonal groups of one configured group differ only in labels the AWS provider already
            // ignores when comparing groups (zone, node group name), so they are balanced.
            "balance-similar-node-groups": true,
            expander: "priority,least-waste",
            // Cost without flapping: a node must stay under half used for 10 minutes, and no
            // scale-down follows a scale-up within 10 minutes.
            "scale-down-utilization-threshold": 0.5,
            "scale-down-unneeded-time": "10m",
            "scale-down-delay-after-add": "10m",
            // Evictions respect PodDisruptionBudgets; pods get this long to terminate gracefully.
            "max-graceful-termination-sec": 600,
            "skip-nodes-with-local-storage": false,
            "skip-nodes-with-system-pods": false,
        },
        expanderPriorities: expanderPriorities(inputs.groups),
        podDisruptionBudget: { maxUnavailable: 1 },
        priorityClassName: "system-cluster-critical",
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
        topologySpreadConstraints: inputs.replicas > 1 ? [zoneSpread(CLUSTER_AUTOSCALER_PODS, "ScheduleAnyway")] : [],
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
        securityContext: restrictedPodSecurity({ user: 65534, fsGroup: 65534 }),
        containerSecurityContext: RESTRICTED_CONTAINER,
    };
}
