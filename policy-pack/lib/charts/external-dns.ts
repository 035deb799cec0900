/** external-dns, chart kubernetes-sigs/external-dns 1.21. Its ClusterRole reads Services, Ingresses, Nodes and Pods, never Secrets. */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag } from "./view";

export const externalDns: ChartAdapter = ({ namespace, values }) => ({
    images: [
        chartImage("controller", values, ["image"], { repository: "registry.k8s.io/external-dns/external-dns" }),
        ...extraContainerImages("controller", values, ["initContainers"]),
        ...extraContainerImages("controller", values, ["sidecars"]),
    ],
    pods: [chartPod("controller", namespace, { hostNetwork: flag(at(values, "hostNetwork"), false), containerSecurityContexts: [at(values, "securityContext")] })],
    rbac: [],
});
