import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Placement } from "../../cluster/placement";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { nginxIngressNamespace } from "./namespace";
import { INGRESS_CLASS_NAME, NGINX_INGRESS_NAMESPACE, NGINX_INGRESS_RELEASE, nginxIngressValues } from "./values";

/** F5's NGINX Ingress Controller chart (image nginx/nginx-ingress); the community ingress-nginx is retired. */
export const NGINX_INGRESS_CHART: ChartSource = { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" };

export interface NginxIngressArgs {
    chartVersion: string;
    placement: Placement;
    replicas: number;
}

/**
 * The cluster's ingress controller and default IngressClass, behind an internet-facing
 * Network Load Balancer that the cloud provider creates for its Service.
 */
export class NginxIngress extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: NginxIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "NginxIngress"), name, {}, opts);
        this.release = chartRelease(name, {
            source: NGINX_INGRESS_CHART,
            version: args.chartVersion,
            releaseName: NGINX_INGRESS_RELEASE,
            namespace: NGINX_INGRESS_NAMESPACE,
            values: nginxIngressValues({ placement: args.placement, replicas: args.replicas }),
        }, { parent: this });
        this.registerOutputs({});
    }
}

/**
 * The add-on; its namespace's rules name the VPC, where the API server's interfaces are. It
 * needs the Prometheus CRDs for the chart's ServiceMonitor.
 */
export function nginxIngressAddon(vpcCidr: string) {
    return defineAddon({
        name: "nginx-ingress",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [nginxIngressNamespace(vpcCidr)],
        provides: [`ingress-class:${INGRESS_CLASS_NAME}`, "default-ingress-class"],
        install: (name, ctx, _deps, opts) => ({
            component: new NginxIngress(name, {
                chartVersion: ctx.config.addons.nginxIngress.version,
                placement: ctx.placement,
                replicas: ctx.config.addons.nginxIngress.replicas,
            }, opts),
            outputs: { ingressClassName: INGRESS_CLASS_NAME, namespace: NGINX_INGRESS_NAMESPACE },
        }),
    });
}
