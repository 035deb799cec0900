import { EdgePlacement } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { disruptionBudget, restrictedContainerSecurity, restrictedPodSecurity, zoneSpread } from "../pod-security";

export const NGINX_INGRESS_NAMESPACE = "nginx-ingress";
export const NGINX_INGRESS_RELEASE = "nginx-ingress";
/** The IngressClass the controller serves, and the cluster's default one. */
export const INGRESS_CLASS_NAME = "nginx";
/** The controller's Prometheus exporter (the chart's `prometheus.port`). */
export const METRICS_PORT = 9113;
/** The controller's pods: the chart's selector labels for the release `nginx-ingress`. */
export const CONTROLLER_PODS = { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": NGINX_INGRESS_RELEASE };

/** The controller's service account, created with its roles by the platform (rbac.ts), not by the chart. */
export const CONTROLLER_SERVICE_ACCOUNT = "nginx-ingress-controller";

/**
 * The label of the namespaces the controller watches: its own (for its LoadBalancer Service,
 * whose address it reports in the Ingresses' status) and those whose Ingresses it serves. A
 * label rather than a list, so a namespace created after the controller (the application's,
 * the monitoring one) is picked up when it appears; the controller's start never waits for it.
 */
export const ROUTES_NAMESPACE_LABELS = { "signal-trading.io/nginx-ingress-routes": "true" };

/** The nginx user of the nginx/nginx-ingress image, which owns its writable paths. */
const NGINX_USER = 101;

/**
 * An internet-facing Network Load Balancer made by the cloud provider's own service controller
 * (no AWS Load Balancer Controller in this cluster): `nlb` selects it, `internal: "false"` is
 * its explicit spelling of internet-facing, and cross-zone balancing lets the NLB's node in a
 * zone without a controller pod (prod runs 2 replicas over 3 zones by default) forward to the others.
 */
export const NLB_SERVICE_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "false",
    "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
};

/**
 * NGINX settings of every server (the controller's ConfigMap): TLS 1.2 and 1.3 only, with
 * forward-secret AEAD ciphers for 1.2 (TLS 1.3 suites are not configurable and all strong);
 * plain HTTP to a host with TLS redirected to HTTPS (301) and HSTS on its HTTPS responses;
 * no NGINX version in responses.
 */
export const NGINX_CONFIG = {
    "ssl-protocols": "TLSv1.2 TLSv1.3",
    "ssl-ciphers": [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].join(":"),
    "ssl-redirect": "true",
    "hsts": "true",
    "server-tokens": "false",
};

/** Seconds a stopping pod keeps serving: the NLB's health check of its node (every 10 s, 2 failures) must fail first. */
const DRAIN_SECONDS = 30;

export interface NginxIngressValuesInputs {
    /** Internet-facing: apart from the controllers with cluster-wide rights. */
    placement: EdgePlacement;
    replicas: number;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
    /** The namespaces of the Ingresses it serves: it reads their Secrets (TLS certificates) and no others. */
    routeNamespaces: readonly string[];
}

/** Values of F5's nginx-ingress chart (NGINX Ingress Controller). */
export function nginxIngressValues(inputs: NginxIngressValuesInputs) {
    return {
        // The platform creates the service account and grants it namespaced roles (rbac.ts): the
        // chart's ClusterRole would read the Secrets of every namespace.
        rbac: { create: false },
        controller: {
            serviceAccount: { name: CONTROLLER_SERVICE_ACCOUNT },
            // Informers only in these namespaces, so Ingresses elsewhere are ignored and the
            // namespaced roles suffice; Secret informers only where its roles allow reading them
            // (by default it watches Secrets in every watched namespace, its own included).
            watchNamespaceLabel: Object.entries(ROUTES_NAMESPACE_LABELS).map(([k, v]) => `${k}=${v}`).join(","),
            watchSecretNamespace: [...new Set(inputs.routeNamespaces)].join(","),
            kind: "deployment",
            // Also the image of the init container that copies /etc/nginx.
            image: chartImage(inputs.registry, CHART_IMAGES.nginxIngress),
            replicaCount: inputs.replicas,
            ingressClass: { name: INGRESS_CLASS_NAME, create: true, setAsDefaultIngress: true },
            // Snippets would let whoever writes an Ingress inject raw NGINX configuration.
            enableSnippets: false,
            // Routes are Ingress objects; the VirtualServer/Policy API stays off, one API to review.
            enableCustomResources: false,
            // The controller would otherwise report usage to F5 over the internet.
            telemetryReporting: { enable: false },
            // Publishes the NLB's hostname in each Ingress's status, where external-dns reads it.
            reportIngressStatus: { enable: true },
            config: { entries: NGINX_CONFIG },
            service: {
                type: "LoadBalancer",
                // Client addresses reach NGINX unchanged (per-client rate limits); the NLB
                // health-checks kube-proxy's health port on each node, which fails on nodes without a ready controller.
                externalTrafficPolicy: "Local",
                annotations: NLB_SERVICE_ANNOTATIONS,
            },
            podSecurityContext: restrictedPodSecurity({ user: NGINX_USER }),
            // Replaces the chart's default container context, so every field is stated. The image
            // gives nginx and the controller binary the file capability to bind ports 80 and 443
            // as user 101: without NET_BIND_SERVICE in the bounding set they cannot even start.
            // A read-only root makes the chart mount emptyDirs for NGINX's writable paths and
            // copy /etc/nginx into one with an init container.
            securityContext: restrictedContainerSecurity({ user: NGINX_USER, addCapabilities: ["NET_BIND_SERVICE"] }),
            initContainerSecurityContext: restrictedContainerSecurity({ user: NGINX_USER }),
            // No CPU limit: throttling NGINX adds latency to every request.
            resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } },
            initContainerResources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            // Every request to the platform passes through it.
            priorityClassName: "system-cluster-critical",
            nodeSelector: inputs.placement.nodeSelector,
            tolerations: inputs.placement.tolerations,
            affinity: inputs.placement.affinity,
            topologySpreadConstraints: inputs.replicas > 1
                ? [{ ...zoneSpread(CONTROLLER_PODS, "DoNotSchedule"), matchLabelKeys: ["pod-template-hash"] }]
                : [],
            podDisruptionBudget: disruptionBudget(inputs.replicas, { maxUnavailable: 1 }),
            // Rollouts and drains without refused connections: a stopping pod serves on until the NLB
            // stops sending to its node, then NGINX finishes its requests in the remaining grace.
            lifecycle: { preStop: { sleep: { seconds: DRAIN_SECONDS } } },
            terminationGracePeriodSeconds: 2 * DRAIN_SECONDS,
        },
        prometheus: {
            create: true,
            port: METRICS_PORT,
            // The ServiceMonitor selects this headless Service.
            service: { create: true },
            serviceMonitor: { create: true },
        },
    };
}
