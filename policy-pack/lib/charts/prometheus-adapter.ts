/**
 * prometheus-adapter, chart prometheus-community/prometheus-adapter 5.3 (adapter v0.12). One
 * Deployment. Its ClusterRoles read namespaces, pods, services and ConfigMaps, delegate
 * authentication (system:auth-delegator) and cover only the metrics API groups it serves
 * (`rbac.customMetrics`/`rbac.externalMetrics` name resources within those groups); none reaches
 * Secrets, and its one RoleBinding in kube-system reads the API server's authentication
 * ConfigMap.
 */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag, list, record, text } from "./view";

export const prometheusAdapter: ChartAdapter = ({ namespace, values }) => ({
    images: [
        chartImage("adapter", values, ["image"], { repository: "registry.k8s.io/prometheus-adapter/prometheus-adapter" }),
        ...extraContainerImages("adapter", values, ["extraContainers"]),
    ],
    pods: [chartPod("adapter", text(at(values, "namespaceOverride")) ?? namespace, {
        hostNetwork: flag(at(values, "hostNetwork", "enabled"), false),
        hostPaths: list(at(values, "extraVolumes")).flatMap((volume) => {
            const path = text(record(record(volume).hostPath).path);
            return path ? [path] : [];
        }),
        containerSecurityContexts: [at(values, "securityContext"), ...list(at(values, "extraContainers")).map((c) => record(c).securityContext)],
    })],
    rbac: [],
});
