/**
 * A compliant workload as the program registers it: a Deployment whose pod meets the
 * restricted Pod Security Standard and the platform's reliability rules, with its Service,
 * HorizontalPodAutoscaler, PodDisruptionBudget and ServiceAccount. Factories return fresh
 * objects, so a test may change one field in place.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
export const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
export const CRON_JOB = "kubernetes:batch/v1:CronJob";
export const POD = "kubernetes:core/v1:Pod";
export const SERVICE = "kubernetes:core/v1:Service";
export const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
export const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
export const VPA = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler";
export const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
export const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
export const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
export const CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
export const RESOURCE_QUOTA = "kubernetes:core/v1:ResourceQuota";
export const LIMIT_RANGE = "kubernetes:core/v1:LimitRange";

export const NAMESPACE_NAME = "signal-trading";
export const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/gateway:1.0.0@sha256:0f3d4e6a9b8c7d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";
const LABELS = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway", "app.kubernetes.io/part-of": "signal-trading" };

/** The restricted container of the gateway: non-root, no escalation, no capabilities, read-only root, probes and resources. */
export function container(): Record<string, any> {
    return {
        name: "gateway",
        image: IMAGE,
        ports: [{ name: "http", containerPort: 8080 }],
        securityContext: {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        },
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        readinessProbe: { httpGet: { path: "/ready", port: "http" } },
        livenessProbe: { httpGet: { path: "/health", port: "http" } },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, { name: "jwt", mountPath: "/var/run/secrets/jwt", readOnly: true }],
    };
}

/** The pod spec of the gateway: its own service account without a token, zone spread, priority class. */
export function podSpec(): Record<string, any> {
    return {
        serviceAccountName: "gateway",
        automountServiceAccountToken: false,
        priorityClassName: "signal-trading-critical",
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
        topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } } },
        ],
        containers: [container()],
        volumes: [{ name: "tmp", emptyDir: {} }, { name: "jwt", secret: { secretName: "gateway-jwt" } }],
    };
}

/** The gateway Deployment; the HPA owns its replicas, so `replicas` is unset. */
export function deployment(name = "gateway"): ResourceUnderTest {
    return resource(DEPLOYMENT, name, {
        inputs: {
            apiVersion: "apps/v1", kind: "Deployment",
            metadata: { name, namespace: NAMESPACE_NAME, labels: LABELS },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": name } },
                template: { metadata: { labels: { ...LABELS, "app.kubernetes.io/name": name } }, spec: podSpec() },
            },
        },
    });
}

/** The gateway's HPA: 2 to 15 replicas on CPU and memory. */
export function hpa(target = "gateway"): ResourceUnderTest {
    return resource(HPA, `${target}-hpa`, {
        inputs: {
            apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler",
            metadata: { name: target, namespace: NAMESPACE_NAME },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target },
                minReplicas: 2, maxReplicas: 15,
                metrics: [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                ],
            },
        },
    });
}

/** The gateway's PDB: one pod may be down at a time. */
export function pdb(target = "gateway"): ResourceUnderTest {
    return resource(PDB, `${target}-pdb`, {
        inputs: {
            apiVersion: "policy/v1", kind: "PodDisruptionBudget",
            metadata: { name: target, namespace: NAMESPACE_NAME },
            spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": target } } },
        },
    });
}

/** The gateway's service account: no token unless asked. */
export function serviceAccount(name = "gateway"): ResourceUnderTest {
    return resource(SERVICE_ACCOUNT, `${name}-sa`, {
        inputs: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: NAMESPACE_NAME }, automountServiceAccountToken: false },
    });
}
