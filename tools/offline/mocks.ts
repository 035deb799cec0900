/**
 * Provider-like answers for the mock engine: resource ids, ARNs, autonames, `tagsAll` and
 * the results of the invokes the program makes, shaped like the AWS provider's so that every
 * apply in the program runs and stack policies see realistic state. An invoke without an
 * answer here fails the run loudly instead of returning nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
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
    "aws:iam/role:Role": (ctx) => ({ arn: arn(ctx, "iam", `role/${ctx.inputs.name}`, true), uniqueId: `AROA${hex(ctx.id, 17).toUpperCase()}` }),
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
        // The provider completes a prefix with a 26-digit unique suffix.
        const nodeGroupName = ctx.inputs.nodeGroupName ?? `${ctx.inputs.nodeGroupNamePrefix}${BigInt(`0x${hex(ctx.id, 20)}`).toString().padStart(26, "0").slice(0, 26)}`;
        return {
            nodeGroupName,
            arn: arn(ctx, "eks", `nodegroup/${ctx.inputs.clusterName}/${nodeGroupName}/${hex(ctx.id, 12)}`),
            resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${[8, 4, 4, 4, 12].map((n, i) => hex(`${ctx.id}/asg/${i}`, n)).join("-")}` }], remoteAccessSecurityGroupId: "" }],
            status: "ACTIVE",
        };
    },
    "aws:ecr/repository:Repository": (ctx) => ({
        arn: arn(ctx, "ecr", `repository/${ctx.inputs.name}`),
        registryId: ctx.account,
        repositoryUrl: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${ctx.inputs.name}`,
    }),
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
function deployedOfType(context: InvokeContext, type: string): { id: string; inputs: Record<string, any> }[] {
    return context.deployed.filter((r) => r.type === type).map((r) => ({ id: resourceId(r.type, r.name, r.inputs), inputs: r.inputs }));
}

type InvokeAnswer = (inputs: Record<string, unknown>, region: string, context: InvokeContext) => Record<string, unknown>;

const INVOKES: Record<string, InvokeAnswer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:sts::${OFFLINE_ACCOUNT_ID}:assumed-role/offline-plan/session`, userId: "AROAOFFLINEPLAN:session", id: OFFLINE_ACCOUNT_ID,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_inputs, region) => ({ region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region, id: region }),
    "aws:eks/getAddonVersion:getAddonVersion": (inputs, region) => {
        const addonName = String(inputs.addonName);
        const version = ADDON_VERSIONS[addonName];
        if (!version) throw new Error(`offline plan: no default version of EKS add-on ${addonName}; add it to ADDON_VERSIONS in tools/offline/mocks.ts`);
        return { addonName, kubernetesVersion: inputs.kubernetesVersion, version: version(String(inputs.kubernetesVersion)), region, id: addonName };
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

export class OfflineMocks implements pulumi.runtime.Mocks {
    /** Inputs of the providers registered so far, by provider id. */
    private readonly providers = new Map<string, Record<string, unknown>>();

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
