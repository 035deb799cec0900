/**
 * An application service with everything the platform promises it, as the workload layer
 * registers it: the gateway's Deployment carrying every recommended label, its HPA, PDB,
 * ServiceAccount, own NetworkPolicy, Service and ServiceMonitor; and Redis as a StatefulSet
 * whose volumes come from the encrypted default StorageClass. Factories return fresh
 * objects, so a test may change one field in place.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";
import { NETWORK_POLICY } from "./fixtures-kubernetes";
import { container, deployment, hpa, NAMESPACE_NAME, pdb, podSpec, SERVICE, serviceAccount, STATEFUL_SET } from "./fixtures-workloads";

export const SERVICE_MONITOR = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";

/** The labels every object of a service carries. */
export function recommendedLabels(name: string, component: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name, "app.kubernetes.io/version": "1.0.0",
        "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi",
    };
}

/** The gateway's Deployment with the recommended labels on the object and its pod template. */
export function labelledDeployment(name = "gateway"): ResourceUnderTest {
    const workload = deployment(name);
    workload.inputs.metadata.labels = recommendedLabels(name, "api-gateway");
    workload.inputs.spec.template.metadata.labels = recommendedLabels(name, "api-gateway");
    return workload;
}

/** The gateway's own NetworkPolicy: ingress from the ingress controller to its http port. */
export function workloadNetworkPolicy(name = "gateway"): ResourceUnderTest {
    return resource(NETWORK_POLICY, `${name}-network-policy`, {
        inputs: {
            apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
            metadata: { name, namespace: NAMESPACE_NAME },
            spec: {
                podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "nginx-ingress" } } }], ports: [{ port: "http", protocol: "TCP" }] }],
            },
        },
    });
}

/** The gateway's Service: its http and metrics ports, selecting its pods. */
export function service(name = "gateway"): ResourceUnderTest {
    return resource(SERVICE, `${name}-service`, {
        inputs: {
            apiVersion: "v1", kind: "Service",
            metadata: { name, namespace: NAMESPACE_NAME, labels: recommendedLabels(name, "api-gateway") },
            spec: {
                selector: { "app.kubernetes.io/name": name },
                ports: [{ name: "http", port: 8080, targetPort: "http" }, { name: "metrics", port: 9090, targetPort: "metrics" }],
            },
        },
    });
}

/** The gateway's ServiceMonitor: its Service's metrics port, in its own namespace. */
export function serviceMonitor(name = "gateway"): ResourceUnderTest {
    return resource(SERVICE_MONITOR, `${name}-service-monitor`, {
        inputs: {
            apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor",
            metadata: { name, namespace: NAMESPACE_NAME },
            spec: { selector: { matchLabels: { "app.kubernetes.io/name": name } }, endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }] },
        },
    });
}

/** The gateway and every companion the platform promises it. */
export function compliantService(name = "gateway") {
    const parts = {
        deployment: labelledDeployment(name), hpa: hpa(name), pdb: pdb(name), serviceAccount: serviceAccount(name),
        networkPolicy: workloadNetworkPolicy(name), service: service(name), serviceMonitor: serviceMonitor(name),
    };
    return { ...parts, all: Object.values(parts) };
}

/** Redis as a single-replica StatefulSet whose data volume comes from the default StorageClass. */
export function redisStatefulSet(): ResourceUnderTest {
    const labels = recommendedLabels("redis", "cache");
    return resource(STATEFUL_SET, "redis", {
        inputs: {
            apiVersion: "apps/v1", kind: "StatefulSet",
            metadata: { name: "redis", namespace: NAMESPACE_NAME, labels },
            spec: {
                serviceName: "redis", replicas: 1,
                selector: { matchLabels: { "app.kubernetes.io/name": "redis" } },
                template: {
                    metadata: { labels },
                    spec: { ...podSpec(), serviceAccountName: "redis", containers: [{ ...container(), name: "redis", image: "docker.io/library/redis:8.2.1" }] },
                },
                volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } }],
            },
        },
    });
}
