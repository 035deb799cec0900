import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { serviceTrustPolicyJson } from "../shared/iam";
import { componentType, kebabCase } from "../shared/naming";
import { DeployedSubnet, formatProblemPath, planSubnets, SubnetPlan, SubnetTier, subnetsOf, ZoneSlot } from "./subnet-plan";

export interface NetworkArgs {
    cidr: string;
    /** Zones by zone ID, each with its fixed slot in the subnet layout. */
    availabilityZones: ZoneSlot[];
    subnetPrefixLengths: Record<SubnetTier, number>;
    natGateways: "perAz" | "single";
    flowLogs: { retentionDays: number; trafficType: "ALL" | "REJECT" };
    /** KMS key of the flow-log group. */
    logsKeyArn: pulumi.Input<string>;
    /**
     * Checks of the AWS account that must pass before the VPC is created or changed: an Output
     * that rejects stops the VPC, and with it every subnet and everything placed in them.
     */
    preconditions?: pulumi.Input<unknown>;
    /** Managed policy set as the permissions boundary of every IAM role this component creates; none leaves them unbounded. */
    permissionsBoundaryArn?: pulumi.Input<string>;
}

/** Subnet tags the AWS Load Balancer Controller and the in-tree service controller look for. */
export const LOAD_BALANCER_SUBNET_TAGS: Record<"public" | "private", Record<string, string>> = {
    public: { "kubernetes.io/role/elb": "1" },
    private: { "kubernetes.io/role/internal-elb": "1" },
};

/**
 * The VPC of one environment: public subnets for load balancers and NAT, private subnets for
 * nodes and pods, isolated subnets for the database and small subnets for the EKS control
 * plane's interfaces, one subnet of each per AZ. Egress from private subnets goes through NAT
 * gateways (one per AZ, or one shared); the database and control-plane subnets have no route out. Flow logs go to a CloudWatch log group and the default security group
 * has no rules, so nothing can use it by accident. The component's name (e.g.
 * `signal-trading-prod`) prefixes the `Name` tag of every resource; zonal resources are named
 * by zone ID (`signal-trading-prod-private-use1-az1`), the same zone in every account.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    /** The zone IDs in slot order: the order of every per-zone list below. */
    readonly availabilityZoneIds: string[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly databaseSubnetIds: pulumi.Output<string>[];
    /** Subnets of the EKS control plane's network interfaces, and their ranges (known when planning). */
    readonly controlPlaneSubnetIds: pulumi.Output<string>[];
    readonly controlPlaneSubnetCidrs: string[];
    /** CIDRs of the database subnets, for network policies that allow egress to PostgreSQL. */
    readonly databaseSubnetCidrs: string[];
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("network", "Network"), name, {}, opts);
        const plan = networkPlan(args);
        const zoneIds = plan.zones.map((z) => z.zoneId);
        const tagged = (resourceName: string, extra: Record<string, string> = {}) => ({ Name: `${name}-${resourceName}`, ...extra });

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: pulumi.all([args.preconditions]).apply(() => args.cidr),
            enableDnsHostnames: true, // EKS private endpoints and VPC interface endpoints need DNS hostnames
            enableDnsSupport: true,
            tags: { Name: vpcName(name) },
        }, { parent: this });

        // Adopting the default security group with no rules removes the ones AWS creates.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: vpc.id,
            ingress: [],
            egress: [],
            tags: tagged("default-closed"),
        }, { parent: this });

        const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tagged("igw") }, { parent: this });

        const subnets = (tier: SubnetTier) => subnetsOf(plan, tier).map((s) => new aws.ec2.Subnet(`${name}-${kebabCase(tier)}-${s.availabilityZoneId}`, {
            vpcId: vpc.id,
            availabilityZoneId: s.availabilityZoneId,
            cidrBlock: s.cidr,
            mapPublicIpOnLaunch: false, // only load balancers and NAT gateways live in public subnets
            tags: tagged(`${kebabCase(tier)}-${s.availabilityZoneId}`, { tier, ...(tier === "public" || tier === "private" ? LOAD_BALANCER_SUBNET_TAGS[tier] : {}) }),
        }, { parent: this }));
        const publicSubnets = subnets("public");
        const privateSubnets = subnets("private");
        const databaseSubnets = subnets("database");
        const controlPlaneSubnets = subnets("controlPlane");

        const associate = (routeTable: aws.ec2.RouteTable, tierSubnets: aws.ec2.Subnet[], tier: SubnetTier) => tierSubnets.forEach((s, i) =>
            new aws.ec2.RouteTableAssociation(`${name}-${kebabCase(tier)}-${zoneIds[i]}`, { routeTableId: routeTable.id, subnetId: s.id }, { parent: this }));

        const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
            tags: tagged("public"),
        }, { parent: this });
        associate(publicRoutes, publicSubnets, "public");

        const natAzs = args.natGateways === "perAz" ? zoneIds : zoneIds.slice(0, 1);
        const natGateways = natAzs.map((az, i) => {
            const address = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc", tags: tagged(`nat-${az}`) }, { parent: this });
            return new aws.ec2.NatGateway(`${name}-nat-${az}`, {
                allocationId: address.id,
                subnetId: publicSubnets[i].id,
                connectivityType: "public",
                tags: tagged(`nat-${az}`),
            }, { parent: this, dependsOn: [internetGateway] });
        });

        // One private route table per AZ, so each AZ's egress uses its own NAT gateway when there is one.
        privateSubnets.forEach((privateSubnet, i) => {
            const az = zoneIds[i];
            const routes = new aws.ec2.RouteTable(`${name}-private-${az}`, {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(i, natGateways.length - 1)].id }],
                tags: tagged(`private-${az}`),
            }, { parent: this });
            new aws.ec2.RouteTableAssociation(`${name}-private-${az}`, { routeTableId: routes.id, subnetId: privateSubnet.id }, { parent: this });
        });

        // The database and the control plane's interfaces only talk inside the VPC.
        const databaseRoutes = new aws.ec2.RouteTable(`${name}-database`, { vpcId: vpc.id, routes: [], tags: tagged("database") }, { parent: this });
        associate(databaseRoutes, databaseSubnets, "database");
        const controlPlaneRoutes = new aws.ec2.RouteTable(`${name}-control-plane`, { vpcId: vpc.id, routes: [], tags: tagged("control-plane") }, { parent: this });
        associate(controlPlaneRoutes, controlPlaneSubnets, "controlPlane");

        const flowLogGroup = this.flowLogs(name, args, vpc, tagged);

        this.vpcId = vpc.id;
        this.vpcCidr = args.cidr;
        this.availabilityZoneIds = zoneIds;
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.databaseSubnetIds = databaseSubnets.map((s) => s.id);
        this.databaseSubnetCidrs = subnetsOf(plan, "database").map((s) => s.cidr);
        this.controlPlaneSubnetIds = controlPlaneSubnets.map((s) => s.id);
        this.controlPlaneSubnetCidrs = subnetsOf(plan, "controlPlane").map((s) => s.cidr);
        this.flowLogGroupName = flowLogGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            databaseSubnetIds: this.databaseSubnetIds,
            controlPlaneSubnetIds: this.controlPlaneSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
        });
    }

    private flowLogs(name: string, args: NetworkArgs, vpc: aws.ec2.Vpc, tagged: (n: string) => Record<string, string>): aws.cloudwatch.LogGroup {
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            name: `/aws/vpc/${name}/flow-logs`,
            retentionInDays: args.flowLogs.retentionDays,
            kmsKeyId: args.logsKeyArn,
            tags: tagged("flow-logs"),
        }, { parent: this });

        const role = new aws.iam.Role(`${name}-flow-logs`, {
            description: `VPC flow-log delivery for ${name}`,
            assumeRolePolicy: serviceTrustPolicyJson("vpc-flow-logs.amazonaws.com", awsAccount(this).accountId),
            tags: tagged("flow-logs"),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-flow-logs`, { role: role.id, policy: flowLogDeliveryPolicy(logGroup.arn) }, { parent: this });

        new aws.ec2.FlowLog(`${name}-flow-log`, {
            vpcId: vpc.id,
            trafficType: args.flowLogs.trafficType,
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60, // one-minute records: incident timelines need finer than the 10-minute default
            tags: tagged("flow-log"),
        }, { parent: this });
        return logGroup;
    }
}

/** The `Name` tag of the VPC of the Network named `name`: how a deployed VPC is found again. */
export function vpcName(name: string): string {
    return `${name}-vpc`;
}

/**
 * The subnets deployed in the VPC of the Network named `name`, read from the account (found by
 * the VPC's `Name` tag, so the lookup needs nothing that only exists after the VPC does); none
 * before the first deployment.
 */
export function deployedSubnets(name: string, opts: pulumi.InvokeOutputOptions): pulumi.Output<DeployedSubnet[]> {
    const vpcs = aws.ec2.getVpcsOutput({ filters: [{ name: "tag:Name", values: [vpcName(name)] }] }, opts);
    return vpcs.ids.apply((vpcIds) => {
        if (vpcIds.length === 0) return pulumi.output<DeployedSubnet[]>([]);
        const subnetIds = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: vpcIds }] }, opts).ids;
        return subnetIds.apply((ids) => pulumi.all(ids.map((id) => aws.ec2.getSubnetOutput({ id }, opts).apply((s): DeployedSubnet => ({
            id, tier: s.tags.tier, availabilityZoneId: s.availabilityZoneId, cidr: s.cidrBlock,
        })))));
    });
}

/** The subnet layout for the args; the config schema has already rejected layouts that do not fit. */
export function networkPlan(args: Pick<NetworkArgs, "cidr" | "availabilityZones" | "subnetPrefixLengths">): SubnetPlan {
    const result = planSubnets(args.cidr, args.availabilityZones, args.subnetPrefixLengths);
    if (!result.ok) throw new Error(`network: ${result.problems.map((p) => `${formatProblemPath(p)}: ${p.message}`).join("; ")}`);
    return result.plan;
}

/** Delivery rights on the one log group, nothing else. */
export function flowLogDeliveryPolicy(logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
        }],
    });
}
