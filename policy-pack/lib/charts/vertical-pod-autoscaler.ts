/**
 * Vertical Pod Autoscaler, the kubernetes/autoscaler project's chart vertical-pod-autoscaler
 * 0.11 (VPA 1.7). Its ClusterRoles read pods and workloads; only the cert-generation job's Role
 * touches Secrets, in the release's namespace.
 */
import { at, ChartAdapter, chartImage, ChartImage, chartPod, ChartPod, flag } from "./view";

const COMPONENTS = [
    { key: "admissionController", repository: "registry.k8s.io/autoscaling/vpa-admission-controller" },
    { key: "recommender", repository: "registry.k8s.io/autoscaling/vpa-recommender" },
    { key: "updater", repository: "registry.k8s.io/autoscaling/vpa-updater" },
] as const;

export const verticalPodAutoscaler: ChartAdapter = ({ namespace, values }) => {
    const images: ChartImage[] = [];
    const pods: ChartPod[] = [];
    for (const { key, repository } of COMPONENTS) {
        if (!flag(at(values, key, "enabled"), true)) continue;
        images.push(chartImage(key, values, [key, "image"], { repository }));
        pods.push(chartPod(key, namespace, { hostNetwork: flag(at(values, key, "hostNetwork"), false), containerSecurityContexts: [at(values, "containerSecurityContext"), at(values, key, "containerSecurityContext")] }));
    }
    if (flag(at(values, "admissionController", "enabled"), true) && flag(at(values, "admissionController", "certGen", "enabled"), true)) {
        images.push(chartImage("certGen", values, ["admissionController", "certGen", "image"], { repository: "registry.k8s.io/ingress-nginx/kube-webhook-certgen", tag: "v20231011-8b53cabe0" }));
    }
    return { images, pods, rbac: [] };
};
