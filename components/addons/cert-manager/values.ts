import { IRSA_ROLE_ANNOTATION } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { Environment } from "../addon";
import { disruptionBudget, RESTRICTED_CONTAINER, restrictedPodSecurity, zoneSpread } from "../pod-security";

/** Helm release name; the chart names its objects and labels its pods after it. */
export const CERT_MANAGER_RELEASE = "cert-manager";
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** The controller's service account, which the chart creates; its IRSA role trusts exactly this name. */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/** The chart's pods, told apart by `app.kubernetes.io/component`. */
export type CertManagerComponent = "controller" | "webhook" | "cainjector" | "startupapicheck";

/** Labels the chart puts on the pods of one component. */
export function certManagerPods(component: CertManagerComponent): Record<string, string> {
    return { "app.kubernetes.io/instance": CERT_MANAGER_RELEASE, "app.kubernetes.io/component": component };
}

/** Port the controller, webhook and cainjector serve metrics on (`http-metrics`). */
export const METRICS_PORT = 9402;
/** Port the webhook serves admission on (`webhook.securePort`); the control plane may reach 10250 on EKS nodes. */
export const WEBHOOK_PORT = 10250;

/**
 * Prod runs two of each Deployment (one active through leader election for the controller and
 * cainjector, both serving for the webhook), so a node drain or a zone loss never stops
 * issuance or admission of cert-manager resources; dev runs one.
 */
export function certManagerReplicas(environment: Environment): number {
    return environment === "prod" ? 2 : 1;
}

export interface CertManagerValuesInputs {
    placement: Placement;
    replicas: number;
    /** The IRSA role the controller solves DNS-01 challenges in Route 53 with. */
    roleArn: string;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/** The images are distroless `nonroot` (uid/gid 65532); set explicitly so the pods do not depend on the image's USER. */
const USER = 65532;
const POD_SECURITY = restrictedPodSecurity({ user: USER });

/** Values of the upstream cert-manager chart (jetstack), v1.21. */
export function certManagerValues(inputs: CertManagerValuesInputs) {
    // Each Deployment on the system nodes, and in prod one replica per zone at most skew 1 and
    // never more than one unavailable: DoNotSchedule, as the system group has a node in every zone.
    const deployment = (component: Exclude<CertManagerComponent, "startupapicheck">, memory: { request: string; limit: string }, cpu: string) => ({
        replicaCount: inputs.replicas,
        podDisruptionBudget: disruptionBudget(inputs.replicas, { maxUnavailable: 1 }),
        topologySpreadConstraints: inputs.replicas > 1 ? [zoneSpread(certManagerPods(component), "DoNotSchedule")] : [],
        resources: { requests: { cpu, memory: memory.request }, limits: { memory: memory.limit } },
        securityContext: POD_SECURITY,
        containerSecurityContext: RESTRICTED_CONTAINER,
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
    });
    const image = (name: keyof typeof CHART_IMAGES) => chartImage(inputs.registry, CHART_IMAGES[name]);
    const controller = {
        ...deployment("controller", { request: "128Mi", limit: "512Mi" }, "50m"),
        image: image("certManagerController"),
        // The fsGroup makes the projected IRSA token readable by the non-root user (cert-manager's Route 53 guide).
        securityContext: restrictedPodSecurity({ user: USER, fsGroup: USER }),
    };
    return {
        crds: {
            enabled: true,
            // Uninstalling the chart must never delete the CRDs: that would delete every Certificate and Issuer with them.
            keep: true,
        },
        global: {
            // Issuance and webhook admission are cluster-critical: Ingress TLS and cert-manager objects depend on them.
            priorityClassName: "system-cluster-critical",
            // Leases in cert-manager's own namespace, so the add-on writes nothing into kube-system.
            leaderElection: { namespace: CERT_MANAGER_NAMESPACE },
        },
        ...controller,
        // The chart creates the controller's service account (the other components have their own);
        // the annotation makes the EKS pod identity webhook give the controller the role's credentials.
        serviceAccount: { create: true, name: CERT_MANAGER_SERVICE_ACCOUNT, annotations: { [IRSA_ROLE_ANNOTATION]: inputs.roleArn } },
        webhook: { ...deployment("webhook", { request: "64Mi", limit: "256Mi" }, "20m"), image: image("certManagerWebhook") },
        cainjector: { enabled: true, ...deployment("cainjector", { request: "128Mi", limit: "512Mi" }, "50m"), image: image("certManagerCainjector") },
        // The HTTP-01 solver pods the controller would start; the issuers solve DNS-01, but the image is pinned all the same.
        acmesolver: { image: image("certManagerAcmesolver") },
        startupapicheck: {
            enabled: true,
            image: image("certManagerStartupapicheck"),
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
            securityContext: POD_SECURITY,
            containerSecurityContext: RESTRICTED_CONTAINER,
            nodeSelector: inputs.placement.nodeSelector,
            tolerations: inputs.placement.tolerations,
        },
        // Needs the monitoring.coreos.com CRDs (the prometheus-operator-crds add-on); scrapes all three components on 9402.
        prometheus: { enabled: true, servicemonitor: { enabled: true } },
    };
}
