/** Velero, chart vmware-tanzu/velero 12.x (Velero 1.18). */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag, record, text } from "./view";

export const velero: ChartAdapter = ({ namespace, values }) => {
    const rbac = record(at(values, "rbac"));
    const nodeAgent = record(at(values, "nodeAgent"));
    const deployNodeAgent = flag(at(values, "deployNodeAgent"), false);
    // The kubectl image runs the CRD upgrade and cleanup hooks.
    const kubectlJobs = flag(at(values, "upgradeCRDs"), true) || flag(at(values, "cleanUpCRDs"), false);
    return {
        images: [
            // values.yaml sets the tag at 12.1.0.
            chartImage("server", values, ["image"], { repository: "docker.io/velero/velero", tag: "v1.18.1" }),
            ...extraContainerImages("server", values, ["initContainers"]),
            ...(kubectlJobs ? [chartImage("crd-jobs", values, ["kubectl", "image"], { repository: "registry.k8s.io/kubectl" })] : []),
        ],
        pods: [
            chartPod("server", namespace, { containerSecurityContexts: [at(values, "containerSecurityContext")] }),
            ...(deployNodeAgent ? [chartPod("node-agent", namespace, {
                hostPaths: flag(nodeAgent.disableHostPath, false) ? [] : [text(nodeAgent.podVolumePath) ?? "/var/lib/kubelet/pods", text(nodeAgent.pluginVolumePath) ?? "/var/lib/kubelet/plugins"],
                // The chart merges the old key nodeAgent.securityContext into containerSecurityContext.
                containerSecurityContexts: [nodeAgent.containerSecurityContext, nodeAgent.securityContext],
            })] : []),
        ],
        rbac: flag(rbac.create, true) && flag(rbac.clusterAdministrator, true)
            ? [{ component: "server", scope: "cluster-admin", cause: `rbac.clusterAdministrator is ${rbac.clusterAdministrator === undefined ? "unset (the chart defaults it to true)" : "true"}, so the server's service account is bound to the ClusterRole ${text(rbac.clusterAdministratorName) ?? "cluster-admin"}` }]
            : [],
    };
};
