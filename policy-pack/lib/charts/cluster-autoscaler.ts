/** Cluster Autoscaler, chart kubernetes/autoscaler cluster-autoscaler 9.59. Its ClusterRole reads nodes and pods cluster-wide, which it needs, and no Secrets. */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag } from "./view";

export const clusterAutoscaler: ChartAdapter = ({ namespace, values }) => ({
    // values.yaml sets the tag at 9.59.0, so an unset tag is that one, not the appVersion.
    images: [chartImage("controller", values, ["image"], { repository: "registry.k8s.io/autoscaling/cluster-autoscaler", tag: "v1.35.0" }), ...extraContainerImages("controller", values, ["extraContainers"])],
    pods: [chartPod("controller", namespace, { hostNetwork: flag(at(values, "hostNetwork"), false), containerSecurityContexts: [at(values, "containerSecurityContext")] })],
    rbac: [],
});
