import { ClusterAddresses } from "../../namespace/traffic";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { awsAccount } from "../../shared/aws-account";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { externalDnsPolicy } from "./iam";
import { externalDnsNamespace } from "./namespace";
import { EXTERNAL_DNS_NAMESPACE, EXTERNAL_DNS_RELEASE, EXTERNAL_DNS_SERVICE_ACCOUNT, externalDnsValues } from "./values";

export const EXTERNAL_DNS_CHART: ChartSource = { chart: "external-dns", repo: "https://kubernetes-sigs.github.io/external-dns" };

export interface ExternalDnsArgs {
    cluster: EksCluster;
    region: string;
    chartVersion: string;
    zoneName: string;
    hostedZoneId: string;
    ingressClassName: string;
    placement: Placement;
}

/**
 * external-dns with its own IRSA role: the records of the Ingresses' hostnames in the
 * platform's Route 53 zone, pointing at the ingress controller's load balancer.
 */
export class ExternalDns extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "ExternalDns"), name, {}, opts);
        const account = awsAccount(this);
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: EXTERNAL_DNS_NAMESPACE,
            serviceAccountName: EXTERNAL_DNS_SERVICE_ACCOUNT,
            policy: account.partition.apply((partition) =>
                JSON.stringify(externalDnsPolicy({ partition, hostedZoneId: args.hostedZoneId, zoneName: args.zoneName }))),
            createServiceAccount: true,
            automountToken: true, // it watches Ingresses through the Kubernetes API
            labels: { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/part-of": "signal-trading-platform" },
        }, { parent: this });

        this.release = chartRelease(name, {
            source: EXTERNAL_DNS_CHART,
            version: args.chartVersion,
            releaseName: EXTERNAL_DNS_RELEASE,
            namespace: EXTERNAL_DNS_NAMESPACE,
            values: pulumi.all([args.cluster.clusterName, cacheRegistryHost(["k8s"], { parent: this })]).apply(([clusterName, registry]) => externalDnsValues({
                clusterName, region: args.region, zoneName: args.zoneName, hostedZoneId: args.hostedZoneId,
                ingressClassName: args.ingressClassName, placement: args.placement, registry,
            })),
        }, { parent: this, dependsOn: [identity] });
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.externalDns`, `dns` and the region. */
export interface ExternalDnsSettings {
    region: string;
    version: string;
    dns: { zoneName: string; hostedZoneId: string };
}

/**
 * The add-on, for stacks that enable `addons.externalDns` (the catalog decides). It writes
 * records that point at the ingress controller's NLB, so it needs that controller, and the
 * Prometheus CRDs for its ServiceMonitor.
 */
export function externalDnsAddon(addresses: ClusterAddresses, settings: ExternalDnsSettings) {
    return defineAddon({
        name: "external-dns",
        dependsOn: ["nginx-ingress", "prometheus-operator-crds"],
        namespaces: [externalDnsNamespace(addresses)],
        provides: ["dns-records"],
        install: (name, ctx, deps, opts) => ({
            component: new ExternalDns(name, {
                cluster: ctx.cluster,
                region: settings.region,
                chartVersion: settings.version,
                zoneName: settings.dns.zoneName,
                hostedZoneId: settings.dns.hostedZoneId,
                ingressClassName: deps["nginx-ingress"].ingressClassName,
                placement: ctx.placement,
            }, opts),
            outputs: {},
        }),
    });
}
