/** cert-manager, chart jetstack/cert-manager v1.21. */
import { at, ChartAdapter, chartImage, chartPod, ChartRbacGrant, flag, record, text } from "./view";

export const certManager: ChartAdapter = ({ namespace, values }) => {
    // Images are <imageRegistry>/<imageNamespace>/<image.name> unless image.repository replaces all three.
    const registry = text(at(values, "imageRegistry")) ?? "quay.io";
    const imageNamespace = text(at(values, "imageNamespace")) ?? "jetstack";
    const image = (component: string, path: string[], name: string) => {
        const block = record(at(values, ...path));
        const repository = text(block.repository) ?? `${imageNamespace}/${text(block.name) ?? name}`;
        return chartImage(component, values, path, { registry: text(block.repository) ? undefined : registry, repository });
    };
    const cainjector = flag(at(values, "cainjector", "enabled"), true);
    const startupapicheck = flag(at(values, "startupapicheck", "enabled"), true);
    const rbac: ChartRbacGrant[] = flag(at(values, "global", "rbac", "create"), true) ? [
        { component: "controller", scope: "cluster-secrets", cause: "the controller's ClusterRoles read and write Secrets in every namespace, where Certificates keep their key pairs" },
        ...(cainjector ? [{ component: "cainjector", scope: "cluster-secrets" as const, cause: "the CA injector's ClusterRole reads Secrets in every namespace to copy CA bundles" }] : []),
    ] : [];
    return {
        images: [
            image("controller", ["image"], "cert-manager-controller"),
            image("webhook", ["webhook", "image"], "cert-manager-webhook"),
            ...(cainjector ? [image("cainjector", ["cainjector", "image"], "cert-manager-cainjector")] : []),
            ...(startupapicheck ? [image("startupapicheck", ["startupapicheck", "image"], "cert-manager-startupapicheck")] : []),
            image("acmesolver", ["acmesolver", "image"], "cert-manager-acmesolver"),
        ],
        pods: [
            chartPod("controller", namespace, { containerSecurityContexts: [at(values, "containerSecurityContext")] }),
            chartPod("webhook", namespace, { hostNetwork: flag(at(values, "webhook", "hostNetwork"), false), containerSecurityContexts: [at(values, "webhook", "containerSecurityContext")] }),
            ...(cainjector ? [chartPod("cainjector", namespace, { containerSecurityContexts: [at(values, "cainjector", "containerSecurityContext")] })] : []),
        ],
        rbac,
    };
};
