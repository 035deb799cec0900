import { ClusterAddresses } from "../../namespace/traffic";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Placement } from "../../cluster/placement";
import { componentType } from "../../shared/naming";
import { defineAddon, Environment } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { ACME_SERVERS, ClusterIssuerName, clusterIssuer } from "./issuers";
import { certManagerNamespace } from "./namespace";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE, certManagerReplicas, certManagerValues } from "./values";

export const CERT_MANAGER_CHART: ChartSource = { chart: "cert-manager", repo: "https://charts.jetstack.io" };

export interface CertManagerArgs {
    chartVersion: string;
    placement: Placement;
    replicas: number;
    /** Contact address of the ACME accounts. */
    acmeEmail: string;
    /** Ingress class that serves the HTTP-01 challenges. */
    ingressClassName: string;
}

/**
 * cert-manager with its CRDs, and the Let's Encrypt ClusterIssuers (staging and production) as
 * Pulumi resources, so the policy pack and the tests see them; they are created once the
 * release, and so the CRDs and the webhook that validates them, is ready.
 */
export class CertManager extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "CertManager"), name, {}, opts);
        this.release = chartRelease(name, {
            source: CERT_MANAGER_CHART,
            version: args.chartVersion,
            releaseName: CERT_MANAGER_RELEASE,
            namespace: CERT_MANAGER_NAMESPACE,
            values: certManagerValues({ placement: args.placement, replicas: args.replicas }),
        }, { parent: this });
        for (const [issuer, server] of Object.entries(ACME_SERVERS)) {
            new k8s.apiextensions.CustomResource(`${name}-${issuer}`, clusterIssuer(issuer, server, args.acmeEmail, args.ingressClassName),
                { parent: this, dependsOn: [this.release] });
        }
        this.registerOutputs({});
    }
}

/** What the add-on reads from the stack config: `addons.certManager`, `dns` and the environment. */
export interface CertManagerSettings {
    environment: Environment;
    version: string;
    /** The issuer the platform's Ingresses name; both exist, this picks one. */
    issuer: ClusterIssuerName;
    dns: { acmeEmail: string };
}

/** The add-on; its namespace's rules name the VPC, where the control plane calls the webhook from. */
export function certManagerAddon(addresses: ClusterAddresses, settings: CertManagerSettings) {
    return defineAddon({
        name: "cert-manager",
        dependsOn: ["nginx-ingress", "prometheus-operator-crds"],
        namespaces: [certManagerNamespace(addresses)],
        provides: ["certificate-issuers"],
        install: (name, ctx, deps, opts) => ({
            component: new CertManager(name, {
                chartVersion: settings.version,
                placement: ctx.placement,
                replicas: certManagerReplicas(settings.environment),
                acmeEmail: settings.dns.acmeEmail,
                ingressClassName: deps["nginx-ingress"].ingressClassName,
            }, opts),
            outputs: { clusterIssuer: settings.issuer },
        }),
    });
}
