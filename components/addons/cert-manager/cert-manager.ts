import { ClusterAddresses } from "../../namespace/traffic";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../cluster/eks-cluster";
import { ServiceAccountRole } from "../../cluster/irsa";
import { Placement } from "../../cluster/placement";
import { awsAccount } from "../../shared/aws-account";
import { cacheRegistryHost } from "../../shared/images";
import { componentType } from "../../shared/naming";
import { defineAddon, Environment } from "../addon";
import { ChartSource, chartRelease } from "../helm-release";
import { WriteFence, writeFence } from "../write-fence";
import { certManagerPolicy } from "./iam";
import { ACME_SERVERS, ChallengeZone, ClusterIssuerName, clusterIssuer } from "./issuers";
import { certManagerNamespace } from "./namespace";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_RELEASE, CERT_MANAGER_SERVICE_ACCOUNT, certManagerReplicas, certManagerValues } from "./values";

export const CERT_MANAGER_CHART: ChartSource = { chart: "cert-manager", repo: "https://charts.jetstack.io" };

export interface CertManagerArgs {
    cluster: EksCluster;
    chartVersion: string;
    placement: Placement;
    replicas: number;
    /** Contact address of the ACME accounts. */
    acmeEmail: string;
    /** The Route 53 zone the issuers answer DNS-01 challenges in. */
    zone: ChallengeZone;
    /** Where certificates are issued into, besides its own namespace (the ClusterIssuers' ACME accounts). */
    certificateNamespaces: readonly string[];
}

/**
 * cert-manager's controller writes Secrets (certificates, ACME account keys) only where they
 * are issued: its ClusterRoles let it write Secrets in every namespace, and its `--namespace`
 * would disable the ClusterIssuers (write-fence.ts; docs/security.md, "Accepted, with reasons").
 */
export function certManagerFence(certificateNamespaces: readonly string[]): WriteFence {
    return {
        name: "cert-manager-secrets-where-issued",
        serviceAccount: { namespace: CERT_MANAGER_NAMESPACE, name: CERT_MANAGER_SERVICE_ACCOUNT },
        resources: [{ apiGroup: "", resources: ["secrets"] }],
        namespaces: [CERT_MANAGER_NAMESPACE, ...certificateNamespaces],
        who: "cert-manager's controller",
    };
}

/**
 * cert-manager with its CRDs, an IRSA role for its controller that may write only the ACME
 * challenge records of the platform's zone, and the Let's Encrypt ClusterIssuers (staging and
 * production) as Pulumi resources, so the policy pack and the tests see them; they are created
 * once the release, and so the CRDs and the webhook that validates them, is ready. An admission
 * fence holds the controller's Secret writes to the namespaces certificates are issued into.
 */
export class CertManager extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", "CertManager"), name, {}, opts);
        const account = awsAccount(this);
        // The chart creates and annotates the service account; the role only names it.
        const identity = new ServiceAccountRole(name, {
            oidc: args.cluster.oidc,
            permissionsBoundaryArn: args.cluster.permissionsBoundaryArn,
            namespace: CERT_MANAGER_NAMESPACE,
            serviceAccountName: CERT_MANAGER_SERVICE_ACCOUNT,
            policy: account.partition.apply((partition) => JSON.stringify(certManagerPolicy({ partition, hostedZoneId: args.zone.hostedZoneId }))),
            createServiceAccount: false,
        }, { parent: this });

        this.release = chartRelease(name, {
            source: CERT_MANAGER_CHART,
            version: args.chartVersion,
            releaseName: CERT_MANAGER_RELEASE,
            namespace: CERT_MANAGER_NAMESPACE,
            values: pulumi.all([identity.roleArn, cacheRegistryHost(["quay"], { parent: this })]).apply(([roleArn, registry]) =>
                certManagerValues({ placement: args.placement, replicas: args.replicas, roleArn, registry })),
        }, { parent: this, dependsOn: [identity, writeFence(`${name}-secrets-fence`, certManagerFence(args.certificateNamespaces), { parent: this })] });
        for (const [issuer, server] of Object.entries(ACME_SERVERS)) {
            new k8s.apiextensions.CustomResource(`${name}-${issuer}`, clusterIssuer(issuer, server, args.acmeEmail, args.zone),
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
    dns: ChallengeZone & { acmeEmail: string };
    /** The namespaces of the TLS Ingresses and of the other certificates (the Prometheus operator's webhook). */
    certificateNamespaces: readonly string[];
}

/**
 * The add-on; its namespace's rules name the VPC, where the control plane calls the webhook
 * from. It needs the Prometheus CRDs for its ServiceMonitor, and nothing of the ingress
 * controller: DNS-01 challenges never pass through it.
 */
export function certManagerAddon(addresses: ClusterAddresses, settings: CertManagerSettings) {
    return defineAddon({
        name: "cert-manager",
        dependsOn: ["prometheus-operator-crds"],
        namespaces: [certManagerNamespace(addresses)],
        provides: ["certificate-issuers"],
        install: (name, ctx, _deps, opts) => ({
            component: new CertManager(name, {
                cluster: ctx.cluster,
                chartVersion: settings.version,
                placement: ctx.placement,
                replicas: certManagerReplicas(settings.environment),
                acmeEmail: settings.dns.acmeEmail,
                zone: { zoneName: settings.dns.zoneName, hostedZoneId: settings.dns.hostedZoneId },
                certificateNamespaces: settings.certificateNamespaces,
            }, opts),
            outputs: { clusterIssuer: settings.issuer },
        }),
    });
}
