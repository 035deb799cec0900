import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { aggregatedApiServerPods, restrictedContainerAs, restrictedPodSecurity } from "../pod-security";

/** Helm release name; the chart names its objects (`metrics-server`) and labels its pods after it. */
export const METRICS_SERVER_RELEASE = "metrics-server";
export const METRICS_SERVER_NAMESPACE = "metrics-server";

/** Labels the chart puts on the metrics-server pods (its selector labels). */
export const METRICS_SERVER_PODS = { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": METRICS_SERVER_RELEASE };

/** Port metrics-server serves the metrics API on (the chart's `containerPort`, `--secure-port`); the Service's 443 targets it. */
export const METRICS_SERVER_PORT = 10250;
/** Port of the kubelets metrics-server scrapes (`--kubelet-use-node-status-port`: the port each node reports, 10250 on EKS). */
export const KUBELET_PORT = 10250;

export interface MetricsServerValuesInputs {
    placement: Placement;
    /** More than one all serve the API (no leader election), so one can be drained while the other answers. */
    replicas: number;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/** Values of the upstream metrics-server chart (kubernetes-sigs), 3.13. */
export function metricsServerValues(inputs: MetricsServerValuesInputs) {
    return {
        image: chartImage(inputs.registry, CHART_IMAGES.metricsServer),
        // HPAs (and VPA's recommender) read the metrics API: without it they stop scaling.
        ...aggregatedApiServerPods(inputs.replicas, METRICS_SERVER_PODS, inputs.placement),
        // Below the upstream default (100m, 200Mi), which is sized for up to 100 nodes; the cluster has tens.
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "384Mi" } },
        podSecurityContext: restrictedPodSecurity({ user: 65534, fsGroup: 65534 }),
        // The chart's default runs as uid 1000.
        securityContext: restrictedContainerAs(65534),
        containerPort: METRICS_SERVER_PORT,
        // No ServiceMonitor: that needs the prometheus-operator-crds add-on, and HPA health shows in the HPAs' own conditions.
        metrics: { enabled: false },
        serviceMonitor: { enabled: false },
    };
}
