import { Placement } from "../../cluster/placement";
import { Environment } from "../addon";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { disruptionBudget, RESTRICTED_CONTAINER, restrictedPodSecurity } from "../pod-security";

/** Helm release name; the chart names its objects (`vertical-pod-autoscaler-<component>`) and labels its pods after it. */
export const VPA_RELEASE = "vertical-pod-autoscaler";
export const VPA_NAMESPACE = "vertical-pod-autoscaler";

/** The chart's pods, told apart by `app.kubernetes.io/component` (the certgen hook jobs carry `admission-certgen`). */
export type VpaComponent = "recommender" | "updater" | "admission-controller";

/** Labels the chart puts on the pods of one component (its selector labels). */
export function vpaPods(component: VpaComponent): Record<string, string> {
    return { "app.kubernetes.io/name": "vertical-pod-autoscaler", "app.kubernetes.io/instance": VPA_RELEASE, "app.kubernetes.io/component": component };
}

/** Port the admission controller serves the webhook on (its `--port`; the `vpa-webhook` Service's 443 targets it). */
export const WEBHOOK_PORT = 8000;

/**
 * Prod runs two admission controllers, one per zone, so new pods keep their VPA sizing through
 * a drain or a zone loss; dev runs one. The recommender and the updater run one each: while
 * one is rescheduled, recommendations stay in the VPA objects and evictions wait, nothing breaks.
 */
export function admissionControllerReplicas(environment: Environment): number {
    return environment === "prod" ? 2 : 1;
}

export interface VerticalPodAutoscalerValuesInputs {
    placement: Placement;
    /** Run the updater (evictions and in-place resizes). */
    updater: boolean;
    /** Run the admission controller and its webhook (sizing of new pods). */
    admissionController: boolean;
    admissionControllerReplicas: number;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

// The images run as nobody; set explicitly so the pods do not depend on the image's USER.
const POD_SECURITY = restrictedPodSecurity({ user: 65534 });
const SINGLE = { replicas: 1, podDisruptionBudget: { enabled: false } };

/**
 * Values of the kubernetes/autoscaler vertical-pod-autoscaler chart, 0.11 (VPA 1.7). No
 * priority class: nothing fails while a VPA pod waits for room (the webhook fails open and
 * the recommendations stay in the VPA objects), so it yields to the cluster-critical add-ons.
 */
export function verticalPodAutoscalerValues(inputs: VerticalPodAutoscalerValuesInputs) {
    const placed = { nodeSelector: inputs.placement.nodeSelector, tolerations: inputs.placement.tolerations };
    const ha = inputs.admissionControllerReplicas > 1;
    return {
        podSecurityContext: POD_SECURITY,
        containerSecurityContext: RESTRICTED_CONTAINER,
        recommender: {
            enabled: true,
            image: chartImage(inputs.registry, CHART_IMAGES.vpaRecommender),
            // One replica: the chart turns leader election on only above one.
            ...SINGLE,
            // It reads usage from the metrics API (metrics-server) and keeps its history in VerticalPodAutoscalerCheckpoints: no Prometheus.
            resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "1Gi" } },
            ...placed,
        },
        updater: {
            enabled: inputs.updater,
            image: chartImage(inputs.registry, CHART_IMAGES.vpaUpdater),
            ...SINGLE,
            resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            ...placed,
        },
        admissionController: {
            enabled: inputs.admissionController,
            image: chartImage(inputs.registry, CHART_IMAGES.vpaAdmissionController),
            replicas: inputs.admissionControllerReplicas,
            podDisruptionBudget: disruptionBudget(inputs.admissionControllerReplicas, { minAvailable: 1 }),
            ...(ha ? {
                // One replica per zone, the chart having no topologySpreadConstraints (this replaces its preferred per-node
                // anti-affinity); a rollout stops a pod before starting its successor, so it never needs a third zone.
                affinity: {
                    podAntiAffinity: {
                        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: vpaPods("admission-controller") }, topologyKey: "topology.kubernetes.io/zone" }],
                        preferredDuringSchedulingIgnoredDuringExecution: [],
                    },
                },
                updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
            } : {}),
            resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            ...placed,
            // The webhook is Helm's, its certificate from the certgen hook jobs: the controller never gets the right
            // to delete webhook configurations, and no key passes through the chart values.
            registerWebhook: false,
            certGen: {
                enabled: true,
                image: chartImage(inputs.registry, CHART_IMAGES.vpaCertGen),
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                podSecurityContext: POD_SECURITY,
                securityContext: RESTRICTED_CONTAINER,
                ...placed,
            },
            // A VPA that is down must never block pod creation: pods then start with their own requests.
            mutatingWebhookConfiguration: { failurePolicy: "Ignore" },
        },
    };
}
