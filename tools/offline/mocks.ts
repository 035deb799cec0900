/**
 * Provider-like answers for the mock engine: resource ids, ARNs, autonames, `tagsAll` and
 * the results of the invokes the program makes, shaped like the AWS provider's so that every
 * apply in the program runs and stack policies see realistic state. An invoke without an
 * answer here fails the run loudly instead of returning nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { PULL_THROUGH_CACHES } from "../../components/shared/images";
import { memoryBytes } from "../../components/shared/quantity";
import { providerInput } from "../../policy-pack/lib/resources";
import { TAGGABLE_AWS_TYPES } from "../../policy-pack/lib/taggable";
import { zoneIdPrefix } from "../../components/network/zones";

/** The AWS documentation account ID: obviously not a real account. */
export const OFFLINE_ACCOUNT_ID = "123456789012";
const DEFAULT_REGION = "us-east-1";

interface ResourceContext {
    name: string;
    inputs: Record<string, unknown>;
    id: string;
    region: string;
    account: string;
}

const hex = (seed: string, length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length);
const arn = (ctx: ResourceContext, service: string, resource: string, global = false) =>
    `arn:aws:${service}:${global ? "" : ctx.region}:${ctx.account}:${resource}`;

/**
 * The name the AWS provider gives a resource it creates from a name prefix
 * (terraform-plugin-sdk's `id.PrefixedUniqueId`): the prefix, the UTC time formatted
 * `20060102150405.0000` without the dot (18 digits; a Date has milliseconds, so the last one
 * is 0 here), and the provider process's id counter formatted `%08x`.
 */
export function prefixedUniqueId(prefix: string, at: Date, counter: number): string {
    return `${prefix}${at.toISOString().replace(/\D/g, "")}0${(counter >>> 0).toString(16).padStart(8, "0")}`;
}

/** Id prefixes of EC2-style ids (`vpc-0123...`); other resources use their name or ARN as id. */
const EC2_ID_PREFIXES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
};

/** Types the provider autonames when their name field is not set (`<logical name>-<7 hex>`), and that field. */
const AUTONAME_FIELDS: Record<string, string> = {
    "aws:iam/role:Role": "name",
    "aws:iam/rolePolicy:RolePolicy": "name",
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:s3/bucket:Bucket": "bucket",
};

/** Types whose name the provider completes from a prefix field, and those two fields. */
const PREFIXED_NAME_FIELDS: Record<string, { name: string; prefix: string }> = {
    "aws:eks/nodeGroup:NodeGroup": { name: "nodeGroupName", prefix: "nodeGroupNamePrefix" },
    "aws:rds/parameterGroup:ParameterGroup": { name: "name", prefix: "namePrefix" },
    "aws:ec2/securityGroup:SecurityGroup": { name: "name", prefix: "namePrefix" },
};

/**
 * The provider completes a prefix with its unique suffix (prefixedUniqueId), here as if created
 * at some time in 2026 as the 1st to 256th id of its provider process.
 */
function completedName(prefix: string, seed: string): string {
    const createdAt = new Date(Date.UTC(2026, 0, 1) + parseInt(hex(`${seed}/created`, 8), 16) % (365 * 86_400_000));
    return prefixedUniqueId(prefix, createdAt, parseInt(hex(`${seed}/counter`, 2), 16) + 1);
}

/** Default add-on versions EKS names for a Kubernetes minor (`aws eks describe-addon-versions`), shaped like the real ones. */
const ADDON_VERSIONS: Record<string, (kubernetesVersion: string) => string> = {
    "vpc-cni": () => "v1.20.4-eksbuild.1",
    "kube-proxy": (k) => `v${k}.0-eksbuild.2`,
    coredns: () => "v1.12.4-eksbuild.1",
    "aws-ebs-csi-driver": () => "v1.50.1-eksbuild.1",
};

/** Computed outputs per type, on top of the inputs. */
const COMPUTED: Record<string, (ctx: ResourceContext) => Record<string, unknown>> = {
    "aws:ec2/vpc:Vpc": (ctx) => ({
        arn: arn(ctx, "ec2", `vpc/${ctx.id}`),
        defaultSecurityGroupId: `sg-${hex(`${ctx.id}/default-sg`, 17)}`,
        mainRouteTableId: `rtb-${hex(`${ctx.id}/main`, 17)}`,
        defaultNetworkAclId: `acl-${hex(`${ctx.id}/acl`, 17)}`,
        ownerId: ctx.account,
    }),
    "aws:ec2/subnet:Subnet": (ctx) => ({ arn: arn(ctx, "ec2", `subnet/${ctx.id}`), ownerId: ctx.account, ...subnetZone(ctx.region, ctx.inputs) }),
    "aws:ec2/internetGateway:InternetGateway": (ctx) => ({ arn: arn(ctx, "ec2", `internet-gateway/${ctx.id}`), ownerId: ctx.account }),
    "aws:ec2/eip:Eip": (ctx) => ({ allocationId: ctx.id, publicIp: `198.51.100.${parseInt(hex(ctx.id, 2), 16) % 254 + 1}` }),
    "aws:ec2/natGateway:NatGateway": (ctx) => ({ networkInterfaceId: `eni-${hex(`${ctx.id}/eni`, 17)}`, privateIp: "10.0.0.10" }),
    "aws:ec2/routeTable:RouteTable": (ctx) => ({ arn: arn(ctx, "ec2", `route-table/${ctx.id}`), ownerId: ctx.account }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (ctx) => ({ arn: arn(ctx, "ec2", `security-group/${ctx.id}`), name: "default", ownerId: ctx.account }),
    "aws:ec2/flowLog:FlowLog": (ctx) => ({ arn: arn(ctx, "ec2", `vpc-flow-log/${ctx.id}`) }),
    "aws:cloudwatch/logGroup:LogGroup": (ctx) => ({ arn: arn(ctx, "logs", `log-group:${ctx.inputs.name}`) }),
    "aws:cloudwatch/queryDefinition:QueryDefinition": (ctx) => ({ queryDefinitionId: ctx.id, arn: arn(ctx, "logs", `query-definition:${ctx.id}`) }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx) => ({ arn: arn(ctx, "cloudwatch", `alarm:${ctx.inputs.name}`) }),
    "aws:sns/topic:Topic": (ctx) => ({ arn: arn(ctx, "sns", String(ctx.inputs.name)), owner: ctx.account }),
    "aws:iam/role:Role": (ctx) => ({ arn: arn(ctx, "iam", `role/${ctx.inputs.name}`, true), uniqueId: `AROA${hex(ctx.id, 17).toUpperCase()}` }),
    "aws:iam/policy:Policy": (ctx) => ({ arn: arn(ctx, "iam", `policy/${ctx.inputs.name}`, true), policyId: `ANPA${hex(ctx.id, 17).toUpperCase()}` }),
    "aws:kms/key:Key": (ctx) => ({ keyId: ctx.id, arn: arn(ctx, "kms", `key/${ctx.id}`) }),
    "aws:kms/alias:Alias": (ctx) => ({ arn: arn(ctx, "kms", String(ctx.inputs.name)), targetKeyArn: arn(ctx, "kms", `key/${ctx.inputs.targetKeyId}`) }),
    "aws:eks/cluster:Cluster": (ctx) => ({
        arn: arn(ctx, "eks", `cluster/${ctx.inputs.name}`),
        endpoint: `https://${hex(ctx.id, 32).toUpperCase()}.gr7.${ctx.region}.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\noffline-plan-${ctx.id}\n-----END CERTIFICATE-----\n`).toString("base64") },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${hex(`${ctx.id}/oidc`, 32).toUpperCase()}` }] }],
        vpcConfig: { ...(ctx.inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${hex(`${ctx.id}/cluster-sg`, 17)}`, vpcId: `vpc-${hex(`${ctx.id}/vpc`, 17)}` },
        platformVersion: "eks.1",
        status: "ACTIVE",
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (ctx) => ({ arn: ctx.id }),
    "aws:eks/accessEntry:AccessEntry": (ctx) => ({ accessEntryArn: arn(ctx, "eks", `access-entry/${ctx.inputs.clusterName}/${hex(ctx.id, 12)}`) }),
    "aws:eks/addon:Addon": (ctx) => ({ arn: arn(ctx, "eks", `addon/${ctx.inputs.clusterName}/${ctx.inputs.addonName}/${hex(ctx.id, 12)}`) }),
    "aws:ec2/launchTemplate:LaunchTemplate": (ctx) => ({ arn: arn(ctx, "ec2", `launch-template/${ctx.id}`), latestVersion: 1, defaultVersion: 1 }),
    "aws:eks/nodeGroup:NodeGroup": (ctx) => {
        // newResource has completed the name from its prefix.
        const nodeGroupName = ctx.inputs.nodeGroupName;
        // EKS names the node group's Auto Scaling group after it and its UUID, the last part of its ARN.
        const uuid = [8, 4, 4, 4, 12].map((n, i) => hex(`${ctx.id}/uuid/${i}`, n)).join("-");
        return {
            nodeGroupName,
            arn: arn(ctx, "eks", `nodegroup/${ctx.inputs.clusterName}/${nodeGroupName}/${uuid}`),
            resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${uuid}` }], remoteAccessSecurityGroupId: "" }],
            status: "ACTIVE",
        };
    },
    "aws:ecr/repository:Repository": (ctx) => ({
        arn: arn(ctx, "ecr", `repository/${ctx.inputs.name}`),
        registryId: ctx.account,
        repositoryUrl: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${ctx.inputs.name}`,
    }),
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": (ctx) => ({ registryId: ctx.account }),
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": (ctx) => ({ registryId: ctx.account }),
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (ctx) => ({ registryId: ctx.account }),
    // Secrets Manager completes a secret's ARN with a dash and six random characters.
    "aws:secretsmanager/secret:Secret": (ctx) => ({ arn: arn(ctx, "secretsmanager", `secret:${ctx.inputs.name}-${hex(ctx.id, 6)}`) }),
    "aws:secretsmanager/secretVersion:SecretVersion": (ctx) => ({ arn: String(ctx.inputs.secretId), versionId: hex(ctx.id, 32), versionStages: ["AWSCURRENT"] }),
    "aws:ec2/securityGroup:SecurityGroup": (ctx) => ({ arn: arn(ctx, "ec2", `security-group/${ctx.id}`), ownerId: ctx.account }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (ctx) => ({ arn: arn(ctx, "ec2", `security-group-rule/${ctx.id}`), securityGroupRuleId: ctx.id }),
    "aws:rds/subnetGroup:SubnetGroup": (ctx) => ({ arn: arn(ctx, "rds", `subgrp:${ctx.inputs.name}`) }),
    "aws:rds/parameterGroup:ParameterGroup": (ctx) => ({ arn: arn(ctx, "rds", `pg:${ctx.inputs.name}`) }),
    "aws:rds/instance:Instance": (ctx) => {
        const address = `${ctx.inputs.identifier}.c${hex(ctx.id, 11)}.${ctx.region}.rds.amazonaws.com`;
        return { arn: arn(ctx, "rds", `db:${ctx.inputs.identifier}`), address, endpoint: `${address}:${ctx.inputs.port}`, resourceId: `db-${hex(ctx.id, 26).toUpperCase()}` };
    },
    "aws:s3/bucket:Bucket": (ctx) => ({
        arn: `arn:aws:s3:::${ctx.inputs.bucket}`,
        region: ctx.region,
        bucketDomainName: `${ctx.inputs.bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${ctx.inputs.bucket}.s3.${ctx.region}.amazonaws.com`,
    }),
};

/** Outputs the engine keeps secret (the provider's schema marks them so). */
const SECRET_OUTPUTS: Record<string, string[]> = {
    "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
    "random:index/randomBytes:RandomBytes": ["base64", "hex"],
};

/** Values of other packages' resources that the program reads. */
const GENERATED: Record<string, (ctx: ResourceContext) => Record<string, unknown>> = {
    "random:index/randomPassword:RandomPassword": (ctx) => ({
        result: `offline-${hex(`${ctx.id}/password`, Number(ctx.inputs.length ?? 32) - 8)}`,
        // Shaped like the provider's: `$2a$<cost>$` and 53 characters of salt and hash.
        bcryptHash: `$2a$10$${hex(`${ctx.id}/bcrypt`, 53)}`,
    }),
    "random:index/randomBytes:RandomBytes": (ctx) => {
        const length = Number(ctx.inputs.length);
        // Chained digests, as one digest gives only 32 bytes.
        const bytes = Buffer.concat(Array.from({ length: Math.ceil(length / 32) }, (_, i) => createHash("sha256").update(`${ctx.id}/bytes/${i}`).digest())).subarray(0, length);
        return { base64: bytes.toString("base64"), hex: bytes.toString("hex") };
    },
    "random:index/randomId:RandomId": (ctx) => {
        const value = hex(`${ctx.id}/id`, Number(ctx.inputs.byteLength) * 2);
        return { hex: value, dec: BigInt(`0x${value}`).toString(), b64Std: Buffer.from(value, "hex").toString("base64"), b64Url: Buffer.from(value, "hex").toString("base64url") };
    },
};

/** Zones per region where AWS's zone tables list more than three; the others have az1 to az3. */
const ZONE_COUNTS: Record<string, number> = { "us-east-1": 6, "us-west-2": 4 };

/**
 * The zones of a region in the offline account, by zone ID, with the names this account sees.
 * AWS maps names to zones per account in its older regions; here every region's names are a
 * stable shuffle of its zone IDs, so that nothing can pass by assuming `use1-az1` is `us-east-1a`.
 */
export function offlineZones(region: string): { zoneId: string; name: string }[] {
    const prefix = zoneIdPrefix(region);
    if (!prefix) throw new Error(`offline plan: ${region} is not a region code`);
    const zoneIds = Array.from({ length: ZONE_COUNTS[region] ?? 3 }, (_, i) => `${prefix}-az${i + 1}`);
    const lettered = [...zoneIds].sort((a, b) => hex(`${OFFLINE_ACCOUNT_ID}/${a}`, 8).localeCompare(hex(`${OFFLINE_ACCOUNT_ID}/${b}`, 8)));
    return zoneIds.map((zoneId) => ({ zoneId, name: `${region}${String.fromCharCode(97 + lettered.indexOf(zoneId))}` }));
}

/** A subnet's zone as the provider completes it: the name from the ID, or the ID from the name. */
function subnetZone(region: string, inputs: Record<string, unknown>): { availabilityZone?: string; availabilityZoneId?: string } {
    const zone = offlineZones(region).find((z) => z.zoneId === inputs.availabilityZoneId || z.name === inputs.availabilityZone);
    if (!zone) return {}; // no zone given: AWS picks one, which the program cannot rely on
    return { availabilityZone: zone.name, availabilityZoneId: zone.zoneId };
}

/** How the provider names a resource's id. */
function resourceId(type: string, name: string, inputs: Record<string, unknown>): string {
    const prefix = EC2_ID_PREFIXES[type];
    if (prefix) return `${prefix}-${hex(`${type}/${name}`, 17)}`;
    if (type === "aws:iam/rolePolicy:RolePolicy") return `${inputs.role}:${inputs.name}`;
    if (type === "aws:s3/bucket:Bucket") return String(inputs.bucket);
    if (type === "aws:kms/key:Key") return `${hex(`${type}/${name}`, 8)}-${hex(`${name}/1`, 4)}-${hex(`${name}/2`, 4)}-${hex(`${name}/3`, 4)}-${hex(`${name}/4`, 12)}`;
    if (type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") return `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`;
    if (typeof inputs.name === "string") return inputs.name;
    return `${name}-${hex(`${type}/${name}`, 8)}`;
}

/**
 * A resource that already exists in the account, as an earlier plan registered it (plan.json's
 * `resources`: type, name and plain inputs). Invokes that read live state answer from these
 * the way AWS would after that plan was deployed; without any, the account is empty.
 */
export interface DeployedResource {
    urn?: string;
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/** What the offline account lacks; by default it has every instance type in every zone. */
export interface OfflineAccount {
    /** Instance types EC2 does not offer in a zone (by zone ID). */
    missingInstanceTypes?: { instanceType: string; zoneId: string }[];
}

/** What an invoke sees: its inputs, the region of its provider, what is deployed and what the account lacks. */
export interface InvokeContext {
    region: string;
    deployed: readonly DeployedResource[];
    account: OfflineAccount;
}

interface Filter {
    name: string;
    values: string[];
}

/** An EC2 filter value, where `*` matches any characters. */
function matchesPattern(pattern: string, value: string): boolean {
    const literal = (part: string) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`^${pattern.split("*").map(literal).join(".*")}$`).test(value);
}

/**
 * EC2's describe filters as a predicate: the filters AND, a filter's values OR. `fieldNames` are
 * the filter names the lookup supports besides `tag:<key>`; any other filter fails loudly, even
 * when there is nothing to filter.
 */
function filterMatcher(token: string, filters: unknown, fieldNames: string[]): (fields: Record<string, string | undefined>, tags?: Record<string, string>) => boolean {
    const list = (filters ?? []) as Filter[];
    const unsupported = list.find(({ name }) => !name.startsWith("tag:") && !fieldNames.includes(name));
    if (unsupported) throw new Error(`offline plan: no mock answer for the filter ${unsupported.name} of ${token}; add it to tools/offline/mocks.ts`);
    return (fields, tags = {}) => list.every(({ name, values }) => {
        const value = name.startsWith("tag:") ? tags[name.slice("tag:".length)] : fields[name];
        return value !== undefined && values.some((pattern) => matchesPattern(pattern, value));
    });
}

/** The deployed resources of one type, with the ids the mocks gave them. */
function deployedOfType(context: InvokeContext, type: string): (DeployedResource & { id: string; inputs: Record<string, any> })[] {
    return context.deployed.filter((r) => r.type === type).map((r) => ({ ...r, id: resourceId(r.type, r.name, r.inputs) }));
}

type InvokeAnswer = (inputs: Record<string, unknown>, region: string, context: InvokeContext) => Record<string, unknown>;

/** The deployed node groups of a cluster, by the name the provider gave each. */
function deployedNodeGroups(context: InvokeContext, clusterName: unknown): Map<string, Record<string, unknown>> {
    return new Map(deployedOfType(context, "aws:eks/nodeGroup:NodeGroup").filter((g) => g.inputs.clusterName === clusterName).map((g) => [String(g.inputs.nodeGroupName ?? completedName(String(g.inputs.nodeGroupNamePrefix), `${g.type}/${g.name}`)), g.inputs]));
}

/** The AMI release EKS recommends for a Kubernetes minor: `<minor>.<patch>-<build date>`. */
const RECOMMENDED_AMI_RELEASE = /^\/aws\/service\/eks\/optimized-ami\/(\d+\.\d+)\/amazon-linux-2023\/(x86_64|arm64)\/standard\/recommended\/release_version$/;

/** A PersistentVolumeClaim of what is deployed, with the size it has now. */
interface DeployedClaim {
    namespace: string;
    name: string;
    storage: string;
}

interface ClaimSource {
    metadata?: { name?: string; namespace?: string };
    spec?: { replicas?: number; resources?: { requests?: { storage?: string } }; volumeClaimTemplates?: ClaimSource[] };
}

/**
 * The claims of what is deployed: those the StatefulSet controller creates, one per claim
 * template and replica (`<template>-<statefulset>-<ordinal>`), the PersistentVolumeClaims
 * themselves, each at the size a PersistentVolumeClaimPatch resized it to, if any.
 */
function deployedClaims(deployed: readonly DeployedResource[]): DeployedClaim[] {
    const claims = new Map<string, DeployedClaim>();
    const add = (namespace: string, name: string, storage: string | undefined) => {
        if (storage) claims.set(`${namespace}/${name}`, { namespace, name, storage });
    };
    for (const { type, inputs } of deployed) {
        const { metadata, spec } = inputs as ClaimSource;
        if (!metadata?.name) continue;
        const namespace = metadata.namespace ?? "default";
        if (type === "kubernetes:apps/v1:StatefulSet") {
            for (const template of spec?.volumeClaimTemplates ?? []) {
                for (let ordinal = 0; ordinal < (spec?.replicas ?? 1); ordinal++) {
                    add(namespace, `${template.metadata?.name}-${metadata.name}-${ordinal}`, template.spec?.resources?.requests?.storage);
                }
            }
        }
        if (type === "kubernetes:core/v1:PersistentVolumeClaim") add(namespace, metadata.name, spec?.resources?.requests?.storage);
    }
    for (const { inputs } of deployed.filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaimPatch")) {
        const { metadata, spec } = inputs as ClaimSource;
        const claim = claims.get(`${metadata?.namespace ?? "default"}/${metadata?.name}`);
        if (claim && spec?.resources?.requests?.storage) claim.storage = spec.resources.requests.storage;
    }
    return [...claims.values()];
}

/** An EBS volume of the account. */
interface Volume {
    volumeId: string;
    sizeGiB: number;
    tags: Record<string, string>;
}

/**
 * The EBS volumes the EBS CSI driver created for the deployed claims, in the order they were
 * created, whole GiB rounded up from the request, tagged as the driver tags them
 * (aws-ebs-csi-driver docs/tagging.md; the claim's name and namespace come with the
 * provisioner's --extra-create-metadata).
 */
function deployedVolumes(deployed: readonly DeployedResource[]): Volume[] {
    return deployedClaims(deployed).map(({ namespace, name, storage }) => {
        const bytes = memoryBytes(storage);
        if (bytes === undefined) throw new Error(`offline plan: claim ${namespace}/${name} requests ${JSON.stringify(storage)}, which is not a storage quantity`);
        const seed = `volume/${namespace}/${name}`;
        const persistentVolume = `pvc-${[8, 4, 4, 4, 12].map((n, i) => hex(`${seed}/${i}`, n)).join("-")}`;
        return {
            volumeId: `vol-${hex(seed, 17)}`,
            sizeGiB: Math.ceil(bytes / 2 ** 30),
            tags: {
                CSIVolumeName: persistentVolume,
                "ebs.csi.aws.com/cluster": "true",
                "kubernetes.io/created-for/pv/name": persistentVolume,
                "kubernetes.io/created-for/pvc/name": name,
                "kubernetes.io/created-for/pvc/namespace": namespace,
            },
        };
    });
}

/** The volumes that pass every EC2 filter (`volume-id`, `tag:<key>`) and carry every tag given. */
function matchingVolumes(deployed: readonly DeployedResource[], inputs: Record<string, unknown>): Volume[] {
    const filters = (inputs.filters ?? []) as { name: string; values: string[] }[];
    const tags = (inputs.tags ?? {}) as Record<string, string>;
    const valueOf = (volume: Volume, filter: string) => {
        if (filter === "volume-id") return volume.volumeId;
        if (filter.startsWith("tag:")) return volume.tags[filter.slice("tag:".length)];
        throw new Error(`offline plan: no mock answer for EBS volume filter ${filter}; add it to tools/offline/mocks.ts`);
    };
    return deployedVolumes(deployed).filter((volume) =>
        filters.every((f) => f.values.includes(valueOf(volume, f.name) ?? "")) && Object.entries(tags).every(([k, v]) => volume.tags[k] === v));
}

const INVOKES: Record<string, InvokeAnswer> = {
    "aws:eks/getClusters:getClusters": (_inputs, region, context) => ({
        id: region, names: deployedOfType(context, "aws:eks/cluster:Cluster").map((c) => String(c.inputs.name)),
    }),
    "aws:eks/getCluster:getCluster": (inputs, region, context) => {
        const cluster = deployedOfType(context, "aws:eks/cluster:Cluster").find((c) => c.inputs.name === inputs.name);
        if (!cluster) throw new Error(`ResourceNotFoundException: No cluster found for name: ${inputs.name}.`);
        return { ...cluster.inputs, id: String(inputs.name), arn: `arn:aws:eks:${region}:${OFFLINE_ACCOUNT_ID}:cluster/${inputs.name}`, status: "ACTIVE" };
    },
    "aws:eks/getNodeGroups:getNodeGroups": (inputs, _region, context) => {
        if (!deployedOfType(context, "aws:eks/cluster:Cluster").some((c) => c.inputs.name === inputs.clusterName)) {
            throw new Error(`ResourceNotFoundException: No cluster found for name: ${inputs.clusterName}.`);
        }
        return { id: String(inputs.clusterName), clusterName: inputs.clusterName, names: [...deployedNodeGroups(context, inputs.clusterName).keys()] };
    },
    "aws:eks/getNodeGroup:getNodeGroup": (inputs, _region, context) => {
        const group = deployedNodeGroups(context, inputs.clusterName).get(String(inputs.nodeGroupName));
        if (!group) throw new Error(`ResourceNotFoundException: No node group found for name: ${inputs.nodeGroupName}.`);
        return { ...group, id: `${inputs.clusterName}:${inputs.nodeGroupName}`, nodeGroupName: inputs.nodeGroupName, scalingConfigs: [group.scalingConfig], status: "ACTIVE" };
    },
    "aws:ssm/getParameter:getParameter": (inputs, region) => {
        const release = RECOMMENDED_AMI_RELEASE.exec(String(inputs.name));
        if (!release) throw new Error(`ParameterNotFound: offline plan knows no SSM parameter ${inputs.name}; add it to tools/offline/mocks.ts`);
        const value = `${release[1]}.2-20261118`;
        return { id: inputs.name, name: inputs.name, arn: `arn:aws:ssm:${region}::parameter${inputs.name}`, type: "String", value, insecureValue: value, version: 1, withDecryption: true };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:sts::${OFFLINE_ACCOUNT_ID}:assumed-role/offline-plan/session`, userId: "AROAOFFLINEPLAN:session", id: OFFLINE_ACCOUNT_ID,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_inputs, region) => ({ region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region, id: region }),
    // The account as the bootstrap left it: a pull-through cache rule for every upstream of components/shared/images.ts.
    "aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule": (inputs, region) => {
        const prefix = String(inputs.ecrRepositoryPrefix);
        const cache = PULL_THROUGH_CACHES[prefix as keyof typeof PULL_THROUGH_CACHES];
        if (!cache) throw new Error(`PullThroughCacheRuleNotFoundException: The pull through cache rule with prefix '${prefix}' does not exist in the registry with id '${OFFLINE_ACCOUNT_ID}'`);
        return {
            id: prefix, ecrRepositoryPrefix: prefix, registryId: OFFLINE_ACCOUNT_ID, region, upstreamRegistryUrl: cache.upstreamRegistryUrl, upstreamRepositoryPrefix: "ROOT",
            credentialArn: cache.credentials ? `arn:aws:secretsmanager:${region}:${OFFLINE_ACCOUNT_ID}:secret:ecr-pullthroughcache/${prefix}-AbCdEf` : "", customRoleArn: "",
        };
    },
    // The account as the release pipeline left it: every image pushed, each tag naming the image built for it.
    "aws:ecr/getImage:getImage": (inputs, region) => {
        const repositoryName = String(inputs.repositoryName);
        const imageTag = inputs.imageTag === undefined ? undefined : String(inputs.imageTag);
        if (inputs.imageDigest === undefined && imageTag === undefined) throw new Error("offline plan: aws.ecr.getImage needs imageDigest or imageTag");
        const imageDigest = inputs.imageDigest === undefined ? `sha256:${hex(`${repositoryName}:${imageTag}`, 64)}` : String(inputs.imageDigest);
        const registryId = String(inputs.registryId ?? OFFLINE_ACCOUNT_ID);
        const repositoryUrl = `${registryId}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`;
        return {
            id: imageDigest,
            registryId,
            repositoryName,
            region,
            imageDigest,
            imageTag,
            // DescribeImages lists an image's tags; asked by digest alone, the offline account knows none.
            imageTags: imageTag === undefined ? [] : [imageTag],
            imagePushedAt: 1795996800,
            imageSizeInBytes: 40_000_000 + parseInt(hex(imageDigest, 6), 16),
            imageUri: imageTag === undefined ? `${repositoryUrl}@${imageDigest}` : `${repositoryUrl}:${imageTag}`,
        };
    },
    "aws:eks/getAddonVersion:getAddonVersion": (inputs, region) => {
        const addonName = String(inputs.addonName);
        const version = ADDON_VERSIONS[addonName];
        if (!version) throw new Error(`offline plan: no default version of EKS add-on ${addonName}; add it to ADDON_VERSIONS in tools/offline/mocks.ts`);
        return { addonName, kubernetesVersion: inputs.kubernetesVersion, version: version(String(inputs.kubernetesVersion)), region, id: addonName };
    },
    "aws:ebs/getEbsVolumes:getEbsVolumes": (inputs, region, { deployed }) => ({
        ids: matchingVolumes(deployed, inputs).map((v) => v.volumeId), filters: inputs.filters, tags: inputs.tags, region, id: region,
    }),
    "aws:ebs/getVolume:getVolume": (inputs, region, { deployed }) => {
        const found = matchingVolumes(deployed, inputs);
        // The provider's own errors (ebs_volume_data_source.go).
        if (found.length === 0) throw new Error("Your query returned no results. Please change your search criteria and try again.");
        if (found.length > 1 && !inputs.mostRecent) {
            throw new Error("Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.");
        }
        const { volumeId, sizeGiB, tags } = found[found.length - 1];
        return {
            volumeId, id: volumeId, arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:volume/${volumeId}`, size: sizeGiB, volumeType: "gp3", encrypted: true,
            multiAttachEnabled: false, tags, filters: inputs.filters, mostRecent: inputs.mostRecent ?? false, region,
        };
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, region) => {
        const matches = filterMatcher("aws:index/getAvailabilityZones:getAvailabilityZones", inputs.filters, ["zone-id", "zone-name"]);
        const excluded = (inputs.excludeZoneIds ?? []) as string[];
        const zones = offlineZones(region).filter((z) => !excluded.includes(z.zoneId) && matches({ "zone-id": z.zoneId, "zone-name": z.name }));
        return { names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.zoneId), groupNames: zones.map(() => region), state: inputs.state, filters: inputs.filters, id: region };
    },
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": (inputs, region, context) => {
        const token = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";
        const filters = (inputs.filters ?? []) as Filter[];
        const matches = filterMatcher(token, filters, ["instance-type", "location"]);
        const valuesOf = (name: string) => filters.find((f) => f.name === name)?.values ?? [];
        const instanceTypes = valuesOf("instance-type");
        if (instanceTypes.length === 0 || instanceTypes.some((t) => t.includes("*"))) {
            throw new Error(`offline plan: ${token} is answered only for listed instance types (an instance-type filter without wildcards)`);
        }
        const byId = inputs.locationType === "availability-zone-id";
        if (!byId && inputs.locationType !== "availability-zone") throw new Error(`offline plan: ${token} is answered only for zones (locationType availability-zone or availability-zone-id)`);
        const offered = offlineZones(region).flatMap((zone) => instanceTypes
            .filter((instanceType) => !(context.account.missingInstanceTypes ?? []).some((m) => m.instanceType === instanceType && m.zoneId === zone.zoneId))
            .map((instanceType) => ({ instanceType, location: byId ? zone.zoneId : zone.name })))
            .filter((o) => matches({ "instance-type": o.instanceType, location: o.location }));
        return {
            instanceTypes: offered.map((o) => o.instanceType), locations: offered.map((o) => o.location), locationTypes: offered.map(() => inputs.locationType),
            locationType: inputs.locationType, filters: inputs.filters, id: region,
        };
    },
    "aws:ec2/getVpcs:getVpcs": (inputs, region, context) => {
        const matches = filterMatcher("aws:ec2/getVpcs:getVpcs", inputs.filters, ["vpc-id", "cidr-block"]);
        const vpcs = deployedOfType(context, "aws:ec2/vpc:Vpc").filter((vpc) => matches({ "vpc-id": vpc.id, "cidr-block": vpc.inputs.cidrBlock }, vpc.inputs.tags));
        return { ids: vpcs.map((v) => v.id), filters: inputs.filters, tags: inputs.tags, id: region };
    },
    "aws:ec2/getSubnets:getSubnets": (inputs, region, context) => {
        const matches = filterMatcher("aws:ec2/getSubnets:getSubnets", inputs.filters, ["vpc-id", "subnet-id"]);
        const subnets = deployedOfType(context, "aws:ec2/subnet:Subnet").filter((subnet) => matches({ "vpc-id": subnet.inputs.vpcId, "subnet-id": subnet.id }, subnet.inputs.tags));
        return { ids: subnets.map((s) => s.id), filters: inputs.filters, tags: inputs.tags, id: region };
    },
    "aws:ec2/getSubnet:getSubnet": (inputs, region, context) => {
        const subnet = deployedOfType(context, "aws:ec2/subnet:Subnet").find((s) => s.id === inputs.id);
        // The provider's data source fails the same way when no subnet matches.
        if (!subnet) throw new Error(`no matching EC2 Subnet found (id ${String(inputs.id)})`);
        return {
            ...subnet.inputs, ...subnetZone(region, subnet.inputs), id: subnet.id, arn: `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:subnet/${subnet.id}`,
            ownerId: OFFLINE_ACCOUNT_ID, state: "available", tags: subnet.inputs.tags ?? {},
        };
    },
};

/** An invoke the program made: what it asked, and through which provider (`<urn>::<id>`). */
export interface RecordedInvoke {
    token: string;
    inputs: Record<string, unknown>;
    provider?: string;
}

export class OfflineMocks implements pulumi.runtime.Mocks {
    /** Inputs of the providers registered so far, by provider id. */
    private readonly providers = new Map<string, Record<string, unknown>>();
    /** Every invoke asked so far, answered or not, in order. */
    readonly invokes: RecordedInvoke[] = [];

    /**
     * `deployed`: what exists in the account before the run (an earlier plan's resources); empty by
     * default. `account`: what the account lacks; nothing by default.
     */
    constructor(private readonly deployed: readonly DeployedResource[] = [], private readonly account: OfflineAccount = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (!args.custom) return { id: undefined, state: args.inputs };
        if (args.type.startsWith("pulumi:providers:")) {
            const id = `${args.name}-provider-${hex(args.name, 8)}`;
            this.providers.set(id, args.inputs);
            return { id, state: args.inputs };
        }
        const provider = this.providerOf(args.provider);
        const region = providerInput<string>(provider.region) ?? DEFAULT_REGION;
        const inputs = { ...args.inputs };
        const autonameField = AUTONAME_FIELDS[args.type];
        if (autonameField && inputs[autonameField] === undefined) inputs[autonameField] = `${args.name}-${hex(args.name, 7)}`;
        const prefixed = PREFIXED_NAME_FIELDS[args.type];
        if (prefixed && inputs[prefixed.name] === undefined && typeof inputs[prefixed.prefix] === "string") {
            inputs[prefixed.name] = completedName(inputs[prefixed.prefix] as string, `${args.type}/${args.name}`);
        }
        const id = args.id || resourceId(args.type, args.name, inputs);
        const ctx: ResourceContext = { name: args.name, inputs, id, region, account: OFFLINE_ACCOUNT_ID };
        const state: Record<string, unknown> = { ...inputs, ...(COMPUTED[args.type]?.(ctx) ?? {}), ...(GENERATED[args.type]?.(ctx) ?? {}) };
        for (const key of SECRET_OUTPUTS[args.type] ?? []) state[key] = pulumi.secret(state[key]);
        if (TAGGABLE_AWS_TYPES.has(args.type)) {
            const defaults = providerInput<{ tags?: Record<string, string> }>(provider.defaultTags)?.tags ?? {};
            state.tagsAll = { ...defaults, ...((inputs.tags as Record<string, string> | undefined) ?? {}) };
        }
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        this.invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        const answer = INVOKES[args.token];
        if (!answer) throw new Error(`offline plan: no mock answer for invoke ${args.token}; add one to tools/offline/mocks.ts`);
        const region = providerInput<string>(this.providerOf(args.provider).region) ?? DEFAULT_REGION;
        return answer(args.inputs, region, { region, deployed: this.deployed, account: this.account });
    }

    private providerOf(reference: string | undefined): Record<string, unknown> {
        if (!reference) return {};
        return this.providers.get(reference.slice(reference.lastIndexOf("::") + 2)) ?? {};
    }
}
