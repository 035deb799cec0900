import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "../network/network";
import { awsAccount } from "../shared/aws-account";
import { policyDocument, serviceTrustPolicyJson } from "../shared/iam";
import { SERVICE_CIDR } from "../network/subnet-plan";
import { componentType } from "../shared/naming";
import { OidcIdentity, ServiceAccountRole } from "./irsa";
import { renderKubeconfig } from "./kubeconfig";
import { managedAddon } from "./managed-addon";

/** Every control-plane log type EKS offers; auditing an incident needs all of them. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface EksClusterArgs {
    network: Network;
    kubernetesVersion: string;
    /** CIDRs that may reach the public endpoint; empty turns the public endpoint off. */
    endpointPublicAccessCidrs: string[];
    adminRoleArns: string[];
    readOnlyRoleArns: string[];
    /** Roles that only join Kubernetes groups: RBAC bindings to those groups grant their rights. */
    groupAccess?: GroupAccess[];
    logRetentionDays: number;
    deletionProtection: boolean;
    /** KMS key that envelope-encrypts Kubernetes secrets. */
    secretsKeyArn: pulumi.Input<string>;
    /** KMS key of the control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    /**
     * Managed policy set as the permissions boundary of the cluster's IAM roles and of those its
     * node groups and in-cluster components create; none leaves them unbounded.
     */
    permissionsBoundaryArn?: pulumi.Input<string>;
}

export interface AccessGrant {
    /** Stable logical suffix from the role's account and name, so reordering the list replaces nothing. */
    key: string;
    principalArn: string;
    accessPolicy: "AmazonEKSClusterAdminPolicy" | "AmazonEKSViewPolicy";
}

/** An access entry's logical suffix: `<prefix>-<account>-<role name with its path, lower-cased>`. */
function roleKey(prefix: string, roleArn: string): string {
    const [, , , , account, resource] = roleArn.split(":");
    return `${prefix}-${account}-${resource.replace(/^role\//, "").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`;
}

/** The access entries for the configured roles: admins get cluster admin, readers the view policy. */
export function accessGrants(adminRoleArns: string[], readOnlyRoleArns: string[]): AccessGrant[] {
    const grant = (accessPolicy: AccessGrant["accessPolicy"], prefix: string) => (principalArn: string): AccessGrant =>
        ({ key: roleKey(prefix, principalArn), principalArn, accessPolicy });
    return [...adminRoleArns.map(grant("AmazonEKSClusterAdminPolicy", "admin")), ...readOnlyRoleArns.map(grant("AmazonEKSViewPolicy", "view"))];
}

export interface GroupAccess {
    roleArn: string;
    /** Kubernetes groups the role's sessions belong to (the `name` of a RoleBinding's Group subject). */
    groups: string[];
}

export interface GroupAccessEntry {
    /** Stable logical suffix, as for AccessGrant. */
    key: string;
    principalArn: string;
    kubernetesGroups: string[];
}

/**
 * One access entry per role that joins Kubernetes groups, with the groups of every item naming
 * it (a role may be both reader and deployer). EKS allows one entry per principal, so a role
 * that already has a cluster-wide grant, or no group at all, is refused.
 */
export function groupAccessEntries(access: GroupAccess[], grants: AccessGrant[]): GroupAccessEntry[] {
    const groupsByRole = new Map<string, string[]>();
    for (const { roleArn, groups } of access) groupsByRole.set(roleArn, [...new Set([...(groupsByRole.get(roleArn) ?? []), ...groups])]);
    const granted = new Set(grants.map((g) => g.principalArn));
    const problems = [...groupsByRole].flatMap(([roleArn, groups]) => [
        ...(granted.has(roleArn) ? [`${roleArn} already has cluster-wide access`] : []),
        ...(groups.length === 0 ? [`${roleArn} joins no Kubernetes group`] : []),
    ]);
    if (problems.length > 0) throw new Error(`invalid group access: ${problems.join("; ")}`);
    return [...groupsByRole].map(([principalArn, kubernetesGroups]) => ({ key: roleKey("groups", principalArn), principalArn, kubernetesGroups }));
}

/**
 * The control-plane subnets to give the cluster: all of them when it is created; afterwards
 * only those in the zones it was created in (`liveZoneIds`), because EKS refuses subnets of any
 * other zone. Adding a zone to the network therefore leaves the control plane where it is.
 */
export function controlPlaneSubnetsFor<T>(subnets: { zoneId: string; subnetId: T }[], liveZoneIds: string[] | undefined): T[] {
    return subnets.filter((s) => liveZoneIds === undefined || liveZoneIds.includes(s.zoneId)).map((s) => s.subnetId);
}

/** Whether the EKS cluster exists yet (read-only): lookups of its live state start here. */
export async function clusterExists(name: string, opts: pulumi.InvokeOptions): Promise<boolean> {
    return (await aws.eks.getClusters({}, opts)).names.includes(name);
}

/** The zone IDs of a live cluster's subnets, read from EKS and EC2 (read-only); undefined before it exists. */
async function liveClusterZoneIds(name: string, opts: pulumi.InvokeOptions): Promise<string[] | undefined> {
    if (!(await clusterExists(name, opts))) return undefined;
    const cluster = await aws.eks.getCluster({ name }, opts);
    const subnets = await Promise.all(cluster.vpcConfig.subnetIds.map((id) => aws.ec2.getSubnet({ id }, opts)));
    return [...new Set(subnets.map((s) => s.availabilityZoneId))];
}

/**
 * The EKS control plane of an environment: API authentication through access entries only
 * (the creator gets no implicit admin), a private endpoint with the public one limited to
 * listed CIDRs, every control-plane log type in a KMS-encrypted log group with retention,
 * secrets encrypted with a customer key, the OIDC provider for IRSA, and the managed
 * add-ons nodes need before they can become Ready (vpc-cni with network-policy enforcement,
 * kube-proxy). `bootstrapSelfManagedAddons` is off, so every add-on is declared here.
 * The component's name is the cluster's name.
 */
export class EksCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly kubernetesVersion: string;
    readonly endpoint: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    readonly oidc: OidcIdentity;
    /** The log group of the control-plane logs, the API server's audit log included. */
    readonly controlPlaneLogGroupName: pulumi.Output<string>;
    /** The security group EKS attaches to the control plane and to managed nodes and their pods. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    /** The one Kubernetes provider of the cluster, for every in-cluster component. */
    readonly kubernetesProvider: k8s.Provider;
    /** Tags by which the cluster autoscaler discovers the node groups it may scale. */
    readonly autoscalerDiscoveryTags: Record<string, string>;
    /** Add-ons that must exist before nodes join. */
    readonly nodeBootstrapAddons: aws.eks.Addon[];
    /** The permissions boundary of every IAM role of the cluster, IRSA roles included. */
    readonly permissionsBoundaryArn?: pulumi.Input<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("cluster", "EksCluster"), name, {}, opts);
        const grants = accessGrants(args.adminRoleArns, args.readOnlyRoleArns);
        const groupEntries = groupAccessEntries(args.groupAccess ?? [], grants);
        const { partition, region, accountId, managedPolicy } = awsAccount(this);
        this.permissionsBoundaryArn = args.permissionsBoundaryArn;

        const role = new aws.iam.Role(`${name}-cluster-role`, {
            description: `EKS control plane of ${name}`,
            assumeRolePolicy: serviceTrustPolicyJson("eks.amazonaws.com", accountId, ["sts:TagSession"]),
            tags: { Name: `${name}-cluster` },
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        const clusterPolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster-policy`, {
            role: role.name,
            policyArn: managedPolicy("AmazonEKSClusterPolicy"),
        }, { parent: this });
        // The VPC resource controller runs in the control plane under this role: it attaches the trunk
        // and branch interfaces that give a SecurityGroupPolicy's pods their own security groups.
        const resourceControllerPolicy = new aws.iam.RolePolicyAttachment(`${name}-vpc-resource-controller`, {
            role: role.name,
            policyArn: managedPolicy("AmazonEKSVPCResourceController"),
        }, { parent: this });
        const secretsKeyAccess = new aws.iam.RolePolicy(`${name}-secrets-key`, {
            role: role.name,
            policy: pulumi.output(args.secretsKeyArn).apply((keyArn) => JSON.stringify(policyDocument({
                Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn,
            }))),
        }, { parent: this });

        // Created first so EKS writes into a group with retention and encryption, not its own.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
            name: `/aws/eks/${name}/cluster`,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logsKeyArn,
            tags: { Name: `${name}-control-plane` },
        }, { parent: this });

        const publicEndpoint = args.endpointPublicAccessCidrs.length > 0;
        const cluster = new aws.eks.Cluster(`${name}-cluster`, {
            name,
            version: args.kubernetesVersion,
            roleArn: role.arn,
            vpcConfig: {
                // The control plane's interfaces in subnets of their own: network policies can name them.
                subnetIds: pulumi.all(args.network.controlPlaneSubnetIds).apply(async (ids) => controlPlaneSubnetsFor(
                    ids.map((subnetId, i) => ({ zoneId: args.network.availabilityZoneIds[i], subnetId })), await liveClusterZoneIds(name, { parent: this }))),
                endpointPrivateAccess: true,
                endpointPublicAccess: publicEndpoint,
                publicAccessCidrs: publicEndpoint ? args.endpointPublicAccessCidrs : undefined,
            },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            bootstrapSelfManagedAddons: false,
            enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
            encryptionConfig: { provider: { keyArn: args.secretsKeyArn }, resources: ["secrets"] },
            // Set, not left to EKS's choice, so that network policies can name the API server's service address.
            kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: SERVICE_CIDR },
            // Standard support only: extended support costs six times as much; the version gate warns ahead.
            upgradePolicy: { supportType: "STANDARD" },
            // Lets operators shift traffic away from an impaired AZ (ARC zonal shift).
            zonalShiftConfig: { enabled: true },
            deletionProtection: args.deletionProtection,
            tags: { Name: name },
        }, { parent: this, dependsOn: [logGroup, clusterPolicy, resourceControllerPolicy, secretsKeyAccess] });

        const accessPolicies = grants.map((grant) => {
            const entry = new aws.eks.AccessEntry(`${name}-${grant.key}`, {
                clusterName: cluster.name, principalArn: grant.principalArn, type: "STANDARD",
            }, { parent: this });
            return new aws.eks.AccessPolicyAssociation(`${name}-${grant.key}`, {
                clusterName: cluster.name,
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${grant.accessPolicy}`,
                accessScope: { type: "cluster" },
            }, { parent: this });
        });
        // No access policy: the namespaced RBAC bound to the groups is all these roles get.
        for (const entry of groupEntries) {
            new aws.eks.AccessEntry(`${name}-${entry.key}`, {
                clusterName: cluster.name, principalArn: entry.principalArn, type: "STANDARD", kubernetesGroups: entry.kubernetesGroups,
            }, { parent: this });
        }

        this.oidcIssuerUrl = cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
        const oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, {
            url: this.oidcIssuerUrl,
            clientIdLists: ["sts.amazonaws.com"],
            tags: { Name: `${name}-oidc` },
        }, { parent: this });
        this.oidc = { providerArn: oidcProvider.arn, issuerHost: this.oidcIssuerUrl.apply((url) => url.replace(/^https:\/\//, "")) };

        // The CNI plugin's AWS permissions go to its own service account, not to every pod's node role.
        const cniRole = new ServiceAccountRole(`${name}-vpc-cni`, {
            oidc: this.oidc, namespace: "kube-system", serviceAccountName: "aws-node",
            managedPolicyArns: [managedPolicy("AmazonEKS_CNI_Policy")],
            createServiceAccount: false,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
        }, { parent: this });
        const addonOpts = { parent: this };
        const addon = { clusterName: cluster.name, kubernetesVersion: args.kubernetesVersion };
        this.nodeBootstrapAddons = [
            // NetworkPolicies are only enforced when the CNI's network-policy agent is on. ENABLE_POD_ENI
            // lets SecurityGroupPolicies give pods security groups of their own (the database's clients);
            // in standard mode such pods still obey NetworkPolicies and the kubelet's probes reach them.
            managedAddon(`${name}-vpc-cni`, "vpc-cni", {
                ...addon,
                configuration: { enableNetworkPolicy: "true", env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "standard" } },
                serviceAccountRoleArn: cniRole.roleArn,
            }, addonOpts),
            managedAddon(`${name}-kube-proxy`, "kube-proxy", addon, addonOpts),
        ];

        this.autoscalerDiscoveryTags = { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${name}`]: "owned" };
        this.clusterName = cluster.name;
        this.controlPlaneLogGroupName = logGroup.name;
        this.kubernetesVersion = args.kubernetesVersion;
        this.endpoint = cluster.endpoint;
        this.clusterSecurityGroupId = cluster.vpcConfig.apply((c) => c.clusterSecurityGroupId);
        this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority, region]).apply(([clusterName, endpoint, ca, r]) =>
            JSON.stringify(renderKubeconfig({ clusterName, endpoint, certificateAuthorityData: ca.data!, region: r }))));
        // The deploying role reaches the API only through its access entry: in-cluster resources wait
        // for the entries on create, and are removed before them on destroy.
        // Secrets and ConfigMaps change in place: by default the provider replaces them (delete, then
        // create under the same name) on any data change, and pods mounting them fail in between.
        // The cluster's name identifies it: otherwise a kubeconfig unknown at preview (an update of the
        // EKS cluster) would plan to replace the provider, and with it every in-cluster resource.
        this.kubernetesProvider = new k8s.Provider(`${name}-k8s`, {
            kubeconfig: this.kubeconfig, clusterIdentifier: name, enableSecretMutable: true, enableConfigMapMutable: true,
        }, { parent: this, dependsOn: accessPolicies });
        this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, oidcIssuerUrl: this.oidcIssuerUrl });
    }
}
