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
};

/** Types the provider autonames when `name` is not set (`<logical name>-<7 hex>`). */
const AUTONAMED = new Set(["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:cloudwatch/logGroup:LogGroup"]);

/** Computed outputs per type, on top of the inputs. */
const COMPUTED: Record<string, (ctx: ResourceContext) => Record<string, unknown>> = {
    "aws:ec2/vpc:Vpc": (ctx) => ({
        arn: arn(ctx, "ec2", `vpc/${ctx.id}`),
        defaultSecurityGroupId: `sg-${hex(`${ctx.id}/default-sg`, 17)}`,
        mainRouteTableId: `rtb-${hex(`${ctx.id}/main`, 17)}`,
        defaultNetworkAclId: `acl-${hex(`${ctx.id}/acl`, 17)}`,
        ownerId: ctx.account,
    }),
    "aws:ec2/subnet:Subnet": (ctx) => ({ arn: arn(ctx, "ec2", `subnet/${ctx.id}`), ownerId: ctx.account }),
    "aws:ec2/internetGateway:InternetGateway": (ctx) => ({ arn: arn(ctx, "ec2", `internet-gateway/${ctx.id}`), ownerId: ctx.account }),
    "aws:ec2/eip:Eip": (ctx) => ({ allocationId: ctx.id, publicIp: `198.51.100.${parseInt(hex(ctx.id, 2), 16) % 254 + 1}` }),
    "aws:ec2/natGateway:NatGateway": (ctx) => ({ networkInterfaceId: `eni-${hex(`${ctx.id}/eni`, 17)}`, privateIp: "10.0.0.10" }),
    "aws:ec2/routeTable:RouteTable": (ctx) => ({ arn: arn(ctx, "ec2", `route-table/${ctx.id}`), ownerId: ctx.account }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (ctx) => ({ arn: arn(ctx, "ec2", `security-group/${ctx.id}`), name: "default", ownerId: ctx.account }),
    "aws:ec2/flowLog:FlowLog": (ctx) => ({ arn: arn(ctx, "ec2", `vpc-flow-log/${ctx.id}`) }),
    "aws:cloudwatch/logGroup:LogGroup": (ctx) => ({ arn: arn(ctx, "logs", `log-group:${ctx.inputs.name}`) }),
    "aws:iam/role:Role": (ctx) => ({ arn: arn(ctx, "iam", `role/${ctx.inputs.name}`, true), uniqueId: `AROA${hex(ctx.id, 17).toUpperCase()}` }),
};

/** How the provider names a resource's id. */
function resourceId(type: string, name: string, inputs: Record<string, unknown>): string {
    const prefix = EC2_ID_PREFIXES[type];
    if (prefix) return `${prefix}-${hex(`${type}/${name}`, 17)}`;
    if (type === "aws:iam/rolePolicy:RolePolicy") return `${inputs.role}:${inputs.name}`;
    if (typeof inputs.name === "string") return inputs.name;
    return `${name}-${hex(`${type}/${name}`, 8)}`;
}

type InvokeAnswer = (inputs: Record<string, unknown>, region: string) => Record<string, unknown>;

const INVOKES: Record<string, InvokeAnswer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: OFFLINE_ACCOUNT_ID, arn: `arn:aws:sts::${OFFLINE_ACCOUNT_ID}:assumed-role/offline-plan/session`, userId: "AROAOFFLINEPLAN:session", id: OFFLINE_ACCOUNT_ID,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_inputs, region) => ({ region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region, id: region }),
};

export class OfflineMocks implements pulumi.runtime.Mocks {
    /** Inputs of the providers registered so far, by provider id. */
    private readonly providers = new Map<string, Record<string, unknown>>();

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
        if (AUTONAMED.has(args.type) && inputs.name === undefined) inputs.name = `${args.name}-${hex(args.name, 7)}`;
        const id = args.id || resourceId(args.type, args.name, inputs);
        const ctx: ResourceContext = { name: args.name, inputs, id, region, account: OFFLINE_ACCOUNT_ID };
        const state: Record<string, unknown> = { ...inputs, ...(COMPUTED[args.type]?.(ctx) ?? {}) };
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
        return answer(args.inputs, region);
    }

    private providerOf(reference: string | undefined): Record<string, unknown> {
        if (!reference) return {};
        return this.providers.get(reference.slice(reference.lastIndexOf("::") + 2)) ?? {};
    }
}
