/** F5 NGINX Ingress Controller, chart oci://ghcr.io/nginx/charts/nginx-ingress 2.6.x (controller 5.5). */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag, record, text } from "./view";

export const nginxIngress: ChartAdapter = ({ namespace, values }) => {
    const controller = record(at(values, "controller"));
    // The chart's ClusterRole reads Secrets (TLS certificates) in every namespace the controller watches: all of them unless one of these is set.
    const watched = text(controller.watchNamespace) ?? text(controller.watchNamespaceLabel);
    const clusterRole = flag(at(values, "rbac", "create"), true) && flag(at(values, "rbac", "clusterrole", "create"), true);
    return {
        images: [
            chartImage("controller", values, ["controller", "image"], { repository: "nginx/nginx-ingress" }),
            ...extraContainerImages("controller", values, ["controller", "initContainers"]),
            ...extraContainerImages("controller", values, ["controller", "extraContainers"]),
        ],
        pods: [chartPod("controller", namespace, {
            hostNetwork: flag(controller.hostNetwork, false),
            containerSecurityContexts: [controller.securityContext, controller.initContainerSecurityContext],
        })],
        rbac: clusterRole && watched === undefined
            ? [{ component: "controller", scope: "cluster-secrets", cause: "controller.watchNamespace and controller.watchNamespaceLabel are unset, so the controller watches every namespace and its ClusterRole reads their Secrets" }]
            : [],
    };
};
