import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { defineAddon } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { nginxIngressNamespace } from "./namespace";
import { INGRESS_CLASS_NAME, NGINX_INGRESS_NAMESPACE, NGINX_INGRESS_RELEASE, nginxIngressValues } from "./values";

/** F5's NGINX Ingress Controller chart (image nginx/nginx-ingress); the community ingress-nginx is retired. */
export const NGINX_INGRESS_CHART: ChartSource = { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" };

/** What the add-on reads from the stack config: `addons.nginxIngress`. */
export interface NginxIngressSettings {
    version: string;
    replicas: number;
}

/**
 * The cluster's ingress controller and default IngressClass, behind an internet-facing
 * Network Load Balancer that the cloud provider creates for its Service. Its namespace's rules
 * name the VPC, where the API server's interfaces are; it needs the Prometheus CRDs for the
 * chart's ServiceMonitor.
 */
export function nginxIngressAddon(addresses: ClusterAddresses, settings: NginxIngressSettings) {
    return defineAddon({
        name: "nginx-ingress",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [nginxIngressNamespace(addresses)],
        provides: [`ingress-class:${INGRESS_CLASS_NAME}`, "default-ingress-class"],
        install: (name, ctx, _deps, opts) => ({
            component: new ChartAddon(name, {
                component: "NginxIngress",
                source: NGINX_INGRESS_CHART,
                version: settings.version,
                releaseName: NGINX_INGRESS_RELEASE,
                namespace: NGINX_INGRESS_NAMESPACE,
                values: cacheRegistryHost(["ecr-public"], { parent: opts.parent }).apply((registry) => nginxIngressValues({ placement: ctx.placement, replicas: settings.replicas, registry })),
            }, opts),
            outputs: { ingressClassName: INGRESS_CLASS_NAME, namespace: NGINX_INGRESS_NAMESPACE },
        }),
    });
}
