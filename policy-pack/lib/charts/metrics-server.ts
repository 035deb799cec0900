/** metrics-server, chart kubernetes-sigs/metrics-server 3.13. Its ClusterRole reads nodes and pods' metrics, no Secrets. */
import { at, ChartAdapter, chartImage, chartPod, flag } from "./view";

export const metricsServer: ChartAdapter = ({ namespace, values }) => ({
    images: [chartImage("server", values, ["image"], { repository: "registry.k8s.io/metrics-server/metrics-server" })],
    pods: [chartPod("server", namespace, { hostNetwork: flag(at(values, "hostNetwork", "enabled"), false), containerSecurityContexts: [at(values, "securityContext")] })],
    rbac: [],
});
