/**
 * Compliant EKS and compute resources, shaped like what the platform program registers. Every
 * factory returns fresh objects, so a test may change one input in place.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { awsProvider, resource } from "./fixtures";

export const CLUSTER = "aws:eks/cluster:Cluster";
export const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const EBS_VOLUME = "aws:ebs/volume:Volume";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";

export const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/5f0c3a2e-8b1d-4e6f-9a7c-2d4b6e8f0a1c";
export const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

export function eksCluster(provider = awsProvider()): ResourceUnderTest {
    return resource(CLUSTER, "platform-cluster", {
        provider,
        inputs: {
            name: "platform",
            version: "1.36",
            roleArn: "arn:aws:iam::111122223333:role/platform-cluster-7c1e2a9",
            vpcConfig: {
                subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24"],
            },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] },
            kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
        },
    });
}

export function launchTemplate(provider = awsProvider()): ResourceUnderTest {
    return resource(LAUNCH_TEMPLATE, "platform-general-lt", {
        provider,
        inputs: {
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [{
                deviceName: "/dev/xvda",
                // The provider types these two as strings.
                ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: KEY_ARN, deleteOnTermination: "true" },
            }],
            tagSpecifications: [{ resourceType: "instance", tags: { Name: "platform-general" } }],
        },
    });
}

export function ebsVolume(provider = awsProvider()): ResourceUnderTest {
    return resource(EBS_VOLUME, "data-volume", {
        provider, inputs: { availabilityZone: "us-east-1a", size: 100, type: "gp3", encrypted: true, kmsKeyId: KEY_ARN },
    });
}

export interface NodeGroupSpec {
    capacityType?: "ON_DEMAND" | "SPOT";
    instanceTypes?: string[];
    /** The node group's subnets; stack policies join through them. */
    subnets?: ResourceUnderTest[];
    provider?: ResourceUnderTest;
}

export function nodeGroup(spec: NodeGroupSpec = {}): ResourceUnderTest {
    const subnets = spec.subnets ?? [];
    return resource(NODE_GROUP, "platform-general", {
        provider: spec.provider ?? awsProvider(),
        inputs: {
            clusterName: "platform",
            nodeGroupName: "general",
            nodeRoleArn: "arn:aws:iam::111122223333:role/platform-nodes-3b9f0d1",
            subnetIds: subnets.length > 0 ? subnets.map((s) => s.outputs.id) : ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            capacityType: spec.capacityType ?? "ON_DEMAND",
            instanceTypes: spec.instanceTypes ?? ["m7i.xlarge"],
            scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 9 },
            launchTemplate: { id: "lt-0a1b2c3d4e5f60001", version: "1" },
            labels: { "node.signal-trading.io/pool": "general" },
            taints: [],
            tags: { "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/platform": "owned" },
        },
        propertyDependsOn: subnets.length > 0 ? { subnetIds: subnets } : {},
    });
}

/**
 * A VPC in three zones as the Network component builds it: public subnets routed to the
 * internet gateway, private subnets routed through a NAT gateway, and a node group on the
 * private subnets.
 */
export function eksNetwork(azs: string[] = AZS) {
    const provider = awsProvider();
    const vpc = resource("aws:ec2/vpc:Vpc", "net-vpc", { provider, inputs: { cidrBlock: "10.40.0.0/16" }, outputs: { cidrBlock: "10.40.0.0/16", id: "vpc-0f1e2d3c4b5a69788" } });
    const internetGateway = resource(INTERNET_GATEWAY, "net-igw", {
        provider, inputs: { vpcId: "vpc-0f1e2d3c4b5a69788" }, outputs: { vpcId: "vpc-0f1e2d3c4b5a69788", id: "igw-0c4d5e6f708192a3b" }, propertyDependsOn: { vpcId: [vpc] },
    });
    const subnet = (tier: "public" | "private", az: string, index: number) => {
        const inputs = { vpcId: "vpc-0f1e2d3c4b5a69788", availabilityZone: az, cidrBlock: `10.40.${tier === "public" ? index : 64 + index * 32}.0/${tier === "public" ? 24 : 19}`, mapPublicIpOnLaunch: false, tags: { tier } };
        return resource(SUBNET, `net-${tier}-${az}`, { provider, inputs, outputs: { ...inputs, id: `subnet-${tier}-${az}` }, propertyDependsOn: { vpcId: [vpc] } });
    };
    const publicSubnets = azs.map((az, i) => subnet("public", az, i));
    const privateSubnets = azs.map((az, i) => subnet("private", az, i));
    const publicRouteTable = resource(ROUTE_TABLE, "net-public", {
        provider, inputs: { vpcId: "vpc-0f1e2d3c4b5a69788", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0c4d5e6f708192a3b" }] },
        propertyDependsOn: { vpcId: [vpc], routes: [internetGateway] },
    });
    const natGateway = resource("aws:ec2/natGateway:NatGateway", `net-nat-${azs[0]}`, {
        provider, inputs: { subnetId: publicSubnets[0].outputs.id }, outputs: { subnetId: publicSubnets[0].outputs.id, id: "nat-0a9b8c7d6e5f40312" }, propertyDependsOn: { subnetId: [publicSubnets[0]] },
    });
    const privateRouteTables = azs.map((az) => resource(ROUTE_TABLE, `net-private-${az}`, {
        provider, inputs: { vpcId: "vpc-0f1e2d3c4b5a69788", routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0a9b8c7d6e5f40312" }] },
        propertyDependsOn: { vpcId: [vpc], routes: [natGateway] },
    }));
    const associations = [
        ...publicSubnets.map((s) => associate(publicRouteTable, s)),
        ...privateSubnets.map((s, i) => associate(privateRouteTables[i], s)),
    ];
    const group = nodeGroup({ subnets: privateSubnets, provider });
    return {
        provider, vpc, internetGateway, publicSubnets, privateSubnets, publicRouteTable, natGateway, privateRouteTables, associations, nodeGroup: group,
        all: [provider, vpc, internetGateway, ...publicSubnets, ...privateSubnets, publicRouteTable, natGateway, ...privateRouteTables, ...associations, group],
    };
}

export function associate(routeTable: ResourceUnderTest, subnet: ResourceUnderTest): ResourceUnderTest {
    return resource(ROUTE_TABLE_ASSOCIATION, `${routeTable.name}-${subnet.name}`, {
        inputs: { routeTableId: `rtb-${routeTable.name}`, subnetId: subnet.outputs.id },
        propertyDependsOn: { routeTableId: [routeTable], subnetId: [subnet] },
    });
}
