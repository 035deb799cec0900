import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { networkAndCluster, KEYS } from "../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../test/harness";
import { isSecretWire, valueOf } from "../../test/outputs";
import { replaceForcingInputs } from "../../test/replacement";
import { Network } from "../network/network";
import { accessGrants, controlPlaneSubnetsFor, EksCluster, EksClusterArgs, groupAccessEntries } from "./eks-cluster";
import { irsaTrustPolicy } from "./irsa";


async function build(args: Partial<Omit<EksClusterArgs, "network">> = {}) {
    let built!: { network: Network; cluster: EksCluster };
    const r = await registrationsOf(() => {
        built = networkAndCluster("prod", args);
    });
    return { r, ...built };
}

describe("accessGrants", () => {
    it("gives admins the cluster-admin policy and readers the view policy, keyed by the role's account and lower-cased name with its path", () => {
        assert.deepEqual(accessGrants(
            ["arn:aws:iam::123456789012:role/Platform-Admin", "arn:aws:iam::123456789012:role/ops/break-glass"],
            ["arn:aws:iam::123456789012:role/platform-readonly"],
        ), [
            { key: "admin-123456789012-platform-admin", principalArn: "arn:aws:iam::123456789012:role/Platform-Admin", accessPolicy: "AmazonEKSClusterAdminPolicy" },
            { key: "admin-123456789012-ops-break-glass", principalArn: "arn:aws:iam::123456789012:role/ops/break-glass", accessPolicy: "AmazonEKSClusterAdminPolicy" },
            { key: "view-123456789012-platform-readonly", principalArn: "arn:aws:iam::123456789012:role/platform-readonly", accessPolicy: "AmazonEKSViewPolicy" },
        ]);
    });

    it("grants nothing without roles", () => {
        assert.deepEqual(accessGrants([], []), []);
    });
});

describe("controlPlaneSubnetsFor", () => {
    const subnets = [{ zoneId: "use1-az1", subnetId: "a" }, { zoneId: "use1-az2", subnetId: "b" }, { zoneId: "use1-az4", subnetId: "c" }];
    it("gives a new cluster every control-plane subnet", () => {
        assert.deepEqual(controlPlaneSubnetsFor(subnets, undefined), ["a", "b", "c"]);
    });

    it("keeps a live cluster in the zones it was created in, which are all EKS accepts", () => {
        assert.deepEqual(controlPlaneSubnetsFor(subnets, ["use1-az1", "use1-az2"]), ["a", "b"]);
    });
});

describe("groupAccessEntries", () => {
    const READER = "arn:aws:iam::123456789012:role/trading/Readers";
    const DEPLOYER = "arn:aws:iam::123456789012:role/trading-deployers";

    it("gives each role one entry with the groups of every item naming it, keyed like the grants", () => {
        assert.deepEqual(groupAccessEntries([
            { roleArn: READER, groups: ["signal-trading-readers"] },
            { roleArn: DEPLOYER, groups: ["signal-trading-readers"] },
            { roleArn: DEPLOYER, groups: ["signal-trading-deployers", "signal-trading-readers"] },
        ], []), [
            { key: "groups-123456789012-trading-readers", principalArn: READER, kubernetesGroups: ["signal-trading-readers"] },
            { key: "groups-123456789012-trading-deployers", principalArn: DEPLOYER, kubernetesGroups: ["signal-trading-readers", "signal-trading-deployers"] },
        ]);
    });

    it("refuses a role that already has cluster-wide access or joins no group, since EKS allows one entry per role", () => {
        assert.throws(
            () => groupAccessEntries([{ roleArn: READER, groups: ["signal-trading-readers"] }, { roleArn: DEPLOYER, groups: [] }], accessGrants([], [READER])),
            { message: `invalid group access: ${READER} already has cluster-wide access; ${DEPLOYER} joins no Kubernetes group` },
        );
    });

    it("creates nothing without roles", () => {
        assert.deepEqual(groupAccessEntries([], accessGrants(["arn:aws:iam::123456789012:role/platform-admin"], [])), []);
    });
});

describe("EksCluster component", () => {
    // Built once each: the defaults (no public endpoint), and a variant with other settings.
    let r: Registrations;
    let cluster: EksCluster;
    let network: Network;
    let variant: Registrations;
    before(async () => {
        ({ r, cluster, network } = await build());
        ({ r: variant } = await build({
            kubernetesVersion: "1.35",
            endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
            logRetentionDays: 90,
            adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:role/break-glass"],
            readOnlyRoleArns: ["arn:aws:iam::123456789012:role/auditor"],
            groupAccess: [
                { roleArn: "arn:aws:iam::123456789012:role/trading-readers", groups: ["signal-trading-readers"] },
                { roleArn: "arn:aws:iam::123456789012:role/trading-deployers", groups: ["signal-trading-deployers"] },
            ],
        }));
    });

    it("registers as signal-trading:cluster:EksCluster, names the cluster after itself and parents its children to itself", () => {
        const component = r.one("signal-trading:cluster:EksCluster", "prod");
        assert.equal(r.inputs(r.one("aws:eks/cluster:Cluster")).name, "prod");
        const cniRole = r.one("signal-trading:cluster:ServiceAccountRole", "prod-vpc-cni");
        const own = r.all.filter((x) => x !== component && !x.name.startsWith("prod-net"));
        assert.ok(own.length >= 15);
        for (const child of own) {
            assert.ok(child.parent === component.urn || child.parent === cniRole.urn, `${child.name} is not parented to the cluster`);
            assert.match(child.name, /^prod-/);
        }
        assert.equal(cniRole.parent, component.urn);
        assert.equal(r.one("aws:eks/cluster:Cluster").parent, component.urn);
        assert.equal(r.one("pulumi:providers:kubernetes").parent, component.urn);
    });

    it("runs the configured version with every control-plane log type and API authentication without creator admin", () => {
        const inputs = r.inputs(r.one("aws:eks/cluster:Cluster"));
        assert.equal(inputs.version, "1.36");
        assert.equal(variant.inputs(variant.one("aws:eks/cluster:Cluster")).version, "1.35");
        assert.deepEqual(inputs.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.deepEqual(inputs.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        assert.equal(inputs.bootstrapSelfManagedAddons, false);
        assert.equal(inputs.deletionProtection, true);
    });

    it("puts the control plane's interfaces in the network's control-plane subnets with the private endpoint on and no public endpoint without CIDRs", async () => {
        const vpc = r.inputs(r.one("aws:eks/cluster:Cluster")).vpcConfig;
        assert.equal(network.controlPlaneSubnetIds.length, 3);
        assert.deepEqual(vpc.subnetIds, await Promise.all(network.controlPlaneSubnetIds.map(valueOf)));
        // Those are the /27s named for the control plane, one per AZ, and none of the nodes' private subnets.
        assert.deepEqual(vpc.subnetIds, ["use1-az1", "use1-az2", "use1-az4"].map((az) => r.one("aws:ec2/subnet:Subnet", `prod-net-control-plane-${az}`).id));
        const privateSubnetIds = await Promise.all(network.privateSubnetIds.map(valueOf));
        assert.deepEqual(vpc.subnetIds.filter((id: string) => privateSubnetIds.includes(id)), []);
        assert.equal(vpc.endpointPrivateAccess, true);
        assert.equal(vpc.endpointPublicAccess, false);
        assert.equal(vpc.publicAccessCidrs, undefined);
    });

    it("opens the public endpoint to exactly the configured CIDRs", () => {
        const vpc = variant.inputs(variant.one("aws:eks/cluster:Cluster")).vpcConfig;
        assert.equal(vpc.endpointPublicAccess, true);
        assert.equal(vpc.endpointPrivateAccess, true);
        assert.deepEqual(vpc.publicAccessCidrs, ["203.0.113.0/24", "198.51.100.7/32"]);
    });

    it("encrypts secrets with the given key and lets the cluster role use only that key", () => {
        assert.deepEqual(r.inputs(r.one("aws:eks/cluster:Cluster")).encryptionConfig, { provider: { keyArn: KEYS.secrets }, resources: ["secrets"] });
        const role = r.one("aws:iam/role:Role", "prod-cluster-role");
        const keyAccess = r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", "prod-secrets-key"));
        assert.equal(keyAccess.role, r.outputs(role).name);
        assert.deepEqual(JSON.parse(keyAccess.policy).Statement, [{
            Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: KEYS.secrets,
        }]);
    });

    it("runs the control plane under a role only EKS assumes, with the cluster policy", () => {
        const role = r.one("aws:iam/role:Role", "prod-cluster-role");
        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy).Statement, [{
            Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }]);
        assert.deepEqual(r.inputs(r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "prod-cluster-policy")), {
            role: r.outputs(role).name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
        });
        assert.equal(r.inputs(r.one("aws:eks/cluster:Cluster")).roleArn, r.outputs(role).arn);
    });

    it("lets the control plane's VPC resource controller attach pods' branch interfaces, before the cluster exists", () => {
        const attachment = r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "prod-vpc-resource-controller");
        assert.deepEqual(r.inputs(attachment), { role: r.outputs(r.one("aws:iam/role:Role", "prod-cluster-role")).name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController" });
        assert.ok(r.one("aws:eks/cluster:Cluster").dependencies.includes(attachment.urn));
    });

    it("creates the control-plane log group with retention and the logs key before the cluster", () => {
        assert.equal(variant.inputs(variant.one("aws:cloudwatch/logGroup:LogGroup", "prod-control-plane")).retentionInDays, 90);
        const logGroup = r.one("aws:cloudwatch/logGroup:LogGroup", "prod-control-plane");
        assert.deepEqual(r.inputs(logGroup), { name: "/aws/eks/prod/cluster", retentionInDays: 365, kmsKeyId: KEYS.logs, tags: { Name: "prod-control-plane" } });
        const eks = r.one("aws:eks/cluster:Cluster");
        assert.ok(eks.dependencies.includes(logGroup.urn), "the cluster does not wait for its log group");
        assert.ok(eks.dependencies.includes(r.one("aws:iam/rolePolicy:RolePolicy", "prod-secrets-key").urn), "the cluster does not wait for its key access");
        assert.ok(eks.dependencies.includes(r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "prod-cluster-policy").urn));
    });

    it("gives each admin role cluster admin and each read-only role the view policy, cluster-wide, through access entries", () => {
        const r = variant;
        const entries = r.ofType("aws:eks/accessEntry:AccessEntry").filter((e) => !e.name.startsWith("prod-groups-"));
        assert.deepEqual(entries.map((e) => e.name), ["prod-admin-123456789012-platform-admin", "prod-admin-123456789012-break-glass", "prod-view-123456789012-auditor"]);
        for (const entry of entries) assert.deepEqual(Object.keys(r.inputs(entry)).sort(), ["clusterName", "principalArn", "type"]);
        assert.ok(entries.every((e) => r.inputs(e).type === "STANDARD" && r.inputs(e).clusterName === "prod"));

        const associations = r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => [a.name, r.inputs(a)] as const);
        assert.deepEqual(associations, [
            ["prod-admin-123456789012-platform-admin", { clusterName: "prod", principalArn: "arn:aws:iam::123456789012:role/platform-admin", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } }],
            ["prod-admin-123456789012-break-glass", { clusterName: "prod", principalArn: "arn:aws:iam::123456789012:role/break-glass", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } }],
            ["prod-view-123456789012-auditor", { clusterName: "prod", principalArn: "arn:aws:iam::123456789012:role/auditor", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", accessScope: { type: "cluster" } }],
        ]);
        // The association waits for its entry (it reads the entry's principal).
        for (const association of r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")) {
            assert.ok(association.dependencies.includes(r.one("aws:eks/accessEntry:AccessEntry", association.name).urn));
        }
    });

    it("puts group-access roles in their Kubernetes groups through access entries without any access policy", () => {
        const r = variant;
        const entries = r.ofType("aws:eks/accessEntry:AccessEntry").filter((e) => e.name.startsWith("prod-groups-")).map((e) => [e.name, r.inputs(e)] as const);
        assert.deepEqual(entries, [
            ["prod-groups-123456789012-trading-readers", { clusterName: "prod", principalArn: "arn:aws:iam::123456789012:role/trading-readers", type: "STANDARD", kubernetesGroups: ["signal-trading-readers"] }],
            ["prod-groups-123456789012-trading-deployers", { clusterName: "prod", principalArn: "arn:aws:iam::123456789012:role/trading-deployers", type: "STANDARD", kubernetesGroups: ["signal-trading-deployers"] }],
        ]);
        const associated = r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => r.inputs(a).principalArn);
        assert.ok(!associated.some((arn: string) => arn.includes("trading-")), "a group-access role has an access policy");
        assert.equal(r.one("aws:eks/accessEntry:AccessEntry", "prod-groups-123456789012-trading-readers").parent, r.one("signal-trading:cluster:EksCluster").urn);
    });

    it("refuses a group-access role that also has cluster-wide access", async () => {
        await assert.rejects(build({
            adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
            groupAccess: [{ roleArn: "arn:aws:iam::123456789012:role/platform-admin", groups: ["signal-trading-readers"] }],
        }), /invalid group access: arn:aws:iam::123456789012:role\/platform-admin already has cluster-wide access/);
    });

    it("creates no access entry when no role is configured", async () => {
        const { r } = await build({ adminRoleArns: [], readOnlyRoleArns: [] });
        assert.equal(r.ofType("aws:eks/accessEntry:AccessEntry").length, 0);
        assert.equal(r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").length, 0);
    });

    it("registers the cluster's OIDC issuer as an identity provider for STS", async () => {
        const issuer = r.outputs(r.one("aws:eks/cluster:Cluster")).identities[0].oidcs[0].issuer;
        assert.match(issuer, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//);
        const oidc = r.inputs(r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
        assert.equal(oidc.url, issuer);
        assert.deepEqual(oidc.clientIdLists, ["sts.amazonaws.com"]);
        assert.equal(await valueOf(cluster.oidcIssuerUrl), issuer);
        assert.equal(await valueOf(pulumi.output(cluster.oidc.issuerHost)), issuer.replace("https://", ""));
        assert.equal(await valueOf(pulumi.output(cluster.oidc.providerArn)), r.outputs(r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).arn);
    });

    it("installs vpc-cni with network policy enforcement and its own IRSA role trusted by kube-system:aws-node", () => {
        const cni = r.inputs(r.one("aws:eks/addon:Addon", "prod-vpc-cni"));
        assert.equal(cni.addonName, "vpc-cni");
        assert.equal(cni.clusterName, "prod");
        assert.equal(cni.addonVersion, "v1.20.4-eksbuild.1");
        assert.deepEqual(JSON.parse(cni.configurationValues), { enableNetworkPolicy: "true", env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "standard" } });

        const role = r.one("aws:iam/role:Role", "prod-vpc-cni-role");
        assert.equal(cni.serviceAccountRoleArn, r.outputs(role).arn);
        const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        const issuerHost = r.inputs(oidc).url.replace("https://", "");
        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy), irsaTrustPolicy(r.outputs(oidc).arn, issuerHost, "kube-system", "aws-node"));
        const attachments = r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => r.inputs(a).role === r.outputs(role).name);
        assert.deepEqual(attachments.map((a) => r.inputs(a).policyArn), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
        assert.equal(r.ofType("kubernetes:core/v1:ServiceAccount").length, 0, "the add-on owns aws-node");
    });

    it("hands in-cluster resources one Kubernetes provider that updates Secrets and ConfigMaps in place and is identified by the cluster's name", () => {
        const provider = r.inputs(r.one("pulumi:providers:kubernetes"));
        // Provider inputs travel as strings on the wire.
        assert.deepEqual([provider.enableSecretMutable, provider.enableConfigMapMutable].map(String), ["true", "true"]);
        assert.equal(provider.clusterIdentifier, "prod");
    });

    it("installs kube-proxy at the default version of the cluster's minor", () => {
        const proxy = r.inputs(r.one("aws:eks/addon:Addon", "prod-kube-proxy"));
        assert.equal(proxy.addonName, "kube-proxy");
        assert.equal(proxy.addonVersion, "v1.36.0-eksbuild.2");
        assert.equal(variant.inputs(variant.one("aws:eks/addon:Addon", "prod-kube-proxy")).addonVersion, "v1.35.0-eksbuild.2");
        assert.equal(proxy.configurationValues, undefined);
        assert.equal(cluster.nodeBootstrapAddons.length, 2);
    });

    it("overwrites conflicting add-on configuration on create and update", () => {
        for (const addon of r.ofType("aws:eks/addon:Addon")) {
            assert.equal(r.inputs(addon).resolveConflictsOnCreate, "OVERWRITE", addon.name);
            assert.equal(r.inputs(addon).resolveConflictsOnUpdate, "OVERWRITE", addon.name);
        }
    });

    it("exports the kubeconfig as a secret that authenticates with aws eks get-token for the cluster and region", async () => {
        assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
        const kubeconfig = JSON.parse(await valueOf(cluster.kubeconfig));
        const eks = r.outputs(r.one("aws:eks/cluster:Cluster"));
        assert.deepEqual(kubeconfig.clusters, [{ name: "prod", cluster: { server: eks.endpoint, "certificate-authority-data": eks.certificateAuthority.data } }]);
        assert.equal(kubeconfig["current-context"], "prod");
        const exec = kubeconfig.users[0].user.exec;
        assert.equal(exec.command, "aws");
        assert.deepEqual(exec.args, ["eks", "get-token", "--cluster-name", "prod", "--region", "us-east-1", "--output", "json"]);
        assert.equal(kubeconfig.users[0].user.token, undefined);
    });

    it("makes the Kubernetes provider wait for every access policy association: the deployer reaches the API only through one", () => {
        const provider = variant.one("pulumi:providers:kubernetes");
        const associations = variant.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.urn);
        assert.equal(associations.length, 3);
        assert.deepEqual(provider.dependencies.filter((d) => associations.includes(d)).sort(), associations.sort());
    });

    it("gives the Kubernetes provider the kubeconfig as a secret", async () => {
        const provider = r.one("pulumi:providers:kubernetes", "prod-k8s");
        assert.ok(isSecretWire(provider.inputs.kubeconfig), "the provider's kubeconfig is sent in the clear");
        assert.equal(r.inputs(provider).kubeconfig, await valueOf(cluster.kubeconfig));
    });

    it("exposes the autoscaler discovery tags and the cluster security group", async () => {
        assert.deepEqual(cluster.autoscalerDiscoveryTags, { "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/prod": "owned" });
        assert.equal(await valueOf(cluster.clusterSecurityGroupId), r.outputs(r.one("aws:eks/cluster:Cluster")).vpcConfig.clusterSecurityGroupId);
        assert.equal(await valueOf(cluster.clusterName), "prod");
    });
});

describe("EksCluster lifecycle", () => {
    it("upgrades and reconfigures the cluster and its log group in place: no input that forces a new one moves", async () => {
        const before = (await build({ kubernetesVersion: "1.35" })).r;
        const after = (await build({
            kubernetesVersion: "1.36", endpointPublicAccessCidrs: ["203.0.113.0/24"], adminRoleArns: ["arn:aws:iam::123456789012:role/ops-admin"],
            readOnlyRoleArns: [], logRetentionDays: 30, deletionProtection: false,
        })).r;
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.equal(after.inputs(after.one("aws:eks/cluster:Cluster")).version, "1.36");
    });
});
