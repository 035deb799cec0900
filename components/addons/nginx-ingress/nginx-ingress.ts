import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EdgePlacement } from "../../cluster/placement";
import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { chartRelease, ChartSource } from "../helm-release";
import { IngressBackend, nginxIngressNamespace, routeNamespaces } from "./namespace";
import { renderControllerClusterRole, renderControllerRole } from "./rbac";
import { CONTROLLER_SERVICE_ACCOUNT, INGRESS_CLASS_NAME, NGINX_INGRESS_NAMESPACE, NGINX_INGRESS_RELEASE, nginxIngressValues } from "./values";

/** F5's NGINX Ingress Controller chart (image nginx/nginx-ingress); the community ingress-nginx is retired. */
export const NGINX_INGRESS_CHART: ChartSource = { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" };

/** What the add-on reads from the stack config (`addons.nginxIngress`), and what it serves and where it runs. */
export interface NginxIngressSettings {
    version: string;
    replicas: number;
    /** Every Service a public Ingress routes to: the controller watches their namespaces and reaches only them. */
    backends: readonly IngressBackend[];
    placement: EdgePlacement;
}

export interface NginxIngressArgs {
    version: string;
    replicas: number;
    routeNamespaces: string[];
    placement: EdgePlacement;
}

/**
 * The chart, and the controller's service account and its roles in its own namespace and at
 * cluster scope (rbac.ts), which must exist before its pods start: the chart creates none. The
 * roles in the namespaces it serves come with those namespaces (`routeAccess`).
 */
export class NginxIngress extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: NginxIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "NginxIngress"), name, {}, opts);
        const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-controller`, {
            metadata: { name: CONTROLLER_SERVICE_ACCOUNT, namespace: NGINX_INGRESS_NAMESPACE },
        }, { parent: this });
        const cluster = renderControllerClusterRole();
        const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-controller`, cluster.role, { parent: this });
        const own = renderControllerRole(NGINX_INGRESS_NAMESPACE);
        const role = new k8s.rbac.v1.Role(`${name}-controller`, own.role, { parent: this });
        const grants = [
            serviceAccount,
            new k8s.rbac.v1.ClusterRoleBinding(`${name}-controller`, cluster.binding, { parent: this, dependsOn: [clusterRole] }),
            new k8s.rbac.v1.RoleBinding(`${name}-controller`, own.binding, { parent: this, dependsOn: [role] }),
        ];
        this.release = chartRelease(name, {
            source: NGINX_INGRESS_CHART,
            version: args.version,
            releaseName: NGINX_INGRESS_RELEASE,
            namespace: NGINX_INGRESS_NAMESPACE,
            values: cacheRegistryHost(["ecr-public"], { parent: this }).apply((registry) =>
                nginxIngressValues({ placement: args.placement, replicas: args.replicas, routeNamespaces: args.routeNamespaces, registry })),
        }, { parent: this, dependsOn: grants });
        this.registerOutputs({});
    }
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
        namespaces: [nginxIngressNamespace(addresses, settings.backends)],
        provides: [`ingress-class:${INGRESS_CLASS_NAME}`, "default-ingress-class"],
        install: (name, _ctx, _deps, opts) => ({
            component: new NginxIngress(name, {
                version: settings.version,
                replicas: settings.replicas,
                routeNamespaces: routeNamespaces(settings.backends),
                placement: settings.placement,
            }, opts),
            outputs: { ingressClassName: INGRESS_CLASS_NAME, namespace: NGINX_INGRESS_NAMESPACE },
        }),
    });
}
