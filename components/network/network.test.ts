import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Registrations, registrationsOf } from "../../test/harness";
import { settled, valueOf } from "../../test/outputs";
import { OfflineMocks } from "../../tools/offline/mocks";
import { PROJECT_NAME } from "../../tools/offline/run-program";
import { replaceForcingInputs } from "../../test/replacement";
import { serviceTrustPolicy } from "../shared/iam";
import { deployedSubnets, Network, NetworkArgs } from "./network";
import { ZoneSlot } from "./subnet-plan";

/** Zone IDs in slot order; the args list them in another order, which must not matter. */
const AZS = ["use1-az1", "use1-az2", "use1-az4"];
const ZONES: ZoneSlot[] = [{ zoneId: "use1-az4", slot: 2 }, { zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 1 }];
const ARGS: NetworkArgs = {
    cidr: "10.40.0.0/16",
    availabilityZones: ZONES,
    subnetPrefixLengths: { public: 24, private: 19, database: 24, controlPlane: 27 },
    natGateways: "perAz",
    flowLogs: { retentionDays: 90, trafficType: "ALL" },
    logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
};

const build = (args: Partial<NetworkArgs> = {}) => registrationsOf(() => new Network("net", { ...ARGS, ...args }));

/** The route table associated with `subnet` (joined through the association's inputs). */
function routeTableOf(r: Registrations, subnetName: string) {
    const subnet = r.one("aws:ec2/subnet:Subnet", subnetName);
    const association = r.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").find((a) => r.inputs(a).subnetId === subnet.id);
    assert.ok(association, `no route table association for ${subnetName}`);
    const table = r.ofType("aws:ec2/routeTable:RouteTable").find((t) => t.id === r.inputs(association).routeTableId);
    assert.ok(table, `association of ${subnetName} points at no route table`);
    return table;
}

describe("Network component", () => {
    it("registers as signal-trading:network:Network and parents every child to itself", async () => {
        const r = await build();
        const component = r.one("signal-trading:network:Network", "net");
        const children = r.all.filter((x) => x !== component);
        assert.ok(children.length > 0);
        for (const child of children) assert.equal(child.parent, component.urn, `${child.name} is not parented to the network`);
        for (const child of children) assert.match(child.name, /^net-/);
    });

    it("creates a DNS-enabled VPC with the configured CIDR", async () => {
        const r = await build();
        assert.deepEqual(r.inputs(r.one("aws:ec2/vpc:Vpc")), {
            cidrBlock: "10.40.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: "net-vpc" },
        });
    });

    it("creates public, private, database and control-plane subnets in every AZ from the subnet plan", async () => {
        const r = await build();
        const subnets = r.ofType("aws:ec2/subnet:Subnet").map((s) => r.inputs(s));
        assert.equal(subnets.length, 12);
        assert.deepEqual(subnets.filter((s) => s.tags.tier === "private").map((s) => [s.availabilityZoneId, s.cidrBlock]),
            [["use1-az1", "10.40.0.0/19"], ["use1-az2", "10.40.32.0/19"], ["use1-az4", "10.40.64.0/19"]]);
        assert.deepEqual(subnets.filter((s) => s.tags.tier === "controlPlane").map((s) => [s.availabilityZoneId, s.cidrBlock]),
            [["use1-az1", "10.40.160.0/27"], ["use1-az2", "10.40.161.0/27"], ["use1-az4", "10.40.162.0/27"]]);
        // Placed by zone ID only: a zone name means a different zone in each account.
        for (const s of subnets) assert.equal(s.availabilityZone, undefined);
        for (const s of subnets) assert.equal(s.mapPublicIpOnLaunch, false, `${s.tags.Name} assigns public IPs`);
    });

    it("names the control-plane subnets net-control-plane-<zone ID>, in the VPC, tagged with their tier", async () => {
        const r = await build();
        const vpc = r.one("aws:ec2/vpc:Vpc");
        const cidrs = ["10.40.160.0/27", "10.40.161.0/27", "10.40.162.0/27"];
        AZS.forEach((az, i) => {
            assert.deepEqual(r.inputs(r.one("aws:ec2/subnet:Subnet", `net-control-plane-${az}`)), {
                vpcId: vpc.id,
                availabilityZoneId: az,
                cidrBlock: cidrs[i],
                mapPublicIpOnLaunch: false,
                tags: { Name: `net-control-plane-${az}`, tier: "controlPlane" },
            });
        });
    });

    it("exposes the zone IDs, and the control-plane subnets' IDs and planned CIDRs, in slot order", async () => {
        let network!: Network;
        const r = await registrationsOf(() => { network = new Network("net", ARGS); });
        assert.deepEqual(network.availabilityZoneIds, AZS);
        assert.deepEqual(network.controlPlaneSubnetCidrs, ["10.40.160.0/27", "10.40.161.0/27", "10.40.162.0/27"]);
        assert.deepEqual(await Promise.all(network.controlPlaneSubnetIds.map(valueOf)),
            AZS.map((az) => r.one("aws:ec2/subnet:Subnet", `net-control-plane-${az}`).id));
        // Distinct from the subnets of the nodes.
        const privateIds = await Promise.all(network.privateSubnetIds.map(valueOf));
        for (const id of await Promise.all(network.controlPlaneSubnetIds.map(valueOf))) assert.ok(!privateIds.includes(id), id);
    });

    it("tags public subnets for internet-facing and private subnets for internal load balancers, database and control-plane subnets for neither", async () => {
        const r = await build();
        const tagsOf = (name: string) => r.inputs(r.one("aws:ec2/subnet:Subnet", name)).tags;
        assert.equal(tagsOf("net-public-use1-az1")["kubernetes.io/role/elb"], "1");
        assert.equal(tagsOf("net-public-use1-az1")["kubernetes.io/role/internal-elb"], undefined);
        assert.equal(tagsOf("net-private-use1-az2")["kubernetes.io/role/internal-elb"], "1");
        assert.equal(tagsOf("net-private-use1-az2")["kubernetes.io/role/elb"], undefined);
        assert.deepEqual(Object.keys(tagsOf("net-database-use1-az4")).sort(), ["Name", "tier"]);
        for (const az of AZS) assert.deepEqual(tagsOf(`net-control-plane-${az}`), { Name: `net-control-plane-${az}`, tier: "controlPlane" });
    });

    it("with perAz NAT, puts one NAT gateway in each AZ's public subnet and routes each AZ through its own", async () => {
        const r = await build();
        const nats = r.ofType("aws:ec2/natGateway:NatGateway");
        assert.equal(nats.length, 3);
        assert.equal(r.ofType("aws:ec2/eip:Eip").length, 3);
        for (const az of AZS) {
            const nat = r.one("aws:ec2/natGateway:NatGateway", `net-nat-${az}`);
            assert.equal(r.inputs(nat).subnetId, r.one("aws:ec2/subnet:Subnet", `net-public-${az}`).id);
            assert.deepEqual(r.inputs(routeTableOf(r, `net-private-${az}`)).routes, [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }]);
        }
    });

    it("with a single NAT, routes every AZ through the one gateway in the zone of the lowest slot", async () => {
        const r = await build({ natGateways: "single" });
        const nat = r.one("aws:ec2/natGateway:NatGateway");
        assert.equal(nat.name, "net-nat-use1-az1");
        assert.equal(r.inputs(nat).subnetId, r.one("aws:ec2/subnet:Subnet", "net-public-use1-az1").id);
        for (const az of AZS) {
            assert.deepEqual(r.inputs(routeTableOf(r, `net-private-${az}`)).routes, [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }]);
        }
    });

    it("routes public subnets to the internet gateway and gives database subnets no route out", async () => {
        const r = await build();
        const igw = r.one("aws:ec2/internetGateway:InternetGateway");
        for (const az of AZS) {
            assert.deepEqual(r.inputs(routeTableOf(r, `net-public-${az}`)).routes, [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }]);
            assert.deepEqual(r.inputs(routeTableOf(r, `net-database-${az}`)).routes, []);
        }
    });

    it("associates every control-plane subnet with one route table of its own with no routes: local traffic only", async () => {
        const r = await build();
        const table = r.one("aws:ec2/routeTable:RouteTable", "net-control-plane");
        assert.deepEqual(r.inputs(table), { vpcId: r.one("aws:ec2/vpc:Vpc").id, routes: [], tags: { Name: "net-control-plane" } });
        for (const az of AZS) {
            assert.equal(routeTableOf(r, `net-control-plane-${az}`), table, az);
            const subnet = r.one("aws:ec2/subnet:Subnet", `net-control-plane-${az}`);
            assert.deepEqual(r.inputs(r.one("aws:ec2/routeTableAssociation:RouteTableAssociation", `net-control-plane-${az}`)), { routeTableId: table.id, subnetId: subnet.id });
        }
        // The table serves those subnets alone: no other subnet is associated with it.
        const associated = r.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) => r.inputs(a).routeTableId === table.id);
        assert.deepEqual(associated.map((a) => a.name), AZS.map((az) => `net-control-plane-${az}`));
        // Public, three private, database and control plane; one association per subnet.
        assert.deepEqual(r.ofType("aws:ec2/routeTable:RouteTable").map((t) => t.name).sort(),
            ["net-control-plane", "net-database", "net-private-use1-az1", "net-private-use1-az2", "net-private-use1-az4", "net-public"]);
        assert.equal(r.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").length, 12);
    });

    it("strips the default security group of all rules", async () => {
        const r = await build();
        const group = r.inputs(r.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"));
        assert.deepEqual(group.ingress, []);
        assert.deepEqual(group.egress, []);
        assert.equal(group.vpcId, r.one("aws:ec2/vpc:Vpc").id);
    });

    it("sends all traffic's flow logs to a log group with the configured retention, through a role only the flow-logs service of this account can assume", async () => {
        const r = await build({ flowLogs: { retentionDays: 30, trafficType: "ALL" } });
        const logGroup = r.one("aws:cloudwatch/logGroup:LogGroup");
        assert.equal(r.inputs(logGroup).retentionInDays, 30);
        assert.equal(r.inputs(logGroup).name, "/aws/vpc/net/flow-logs");
        const logGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/net/flow-logs";

        const flowLog = r.inputs(r.one("aws:ec2/flowLog:FlowLog"));
        const role = r.one("aws:iam/role:Role");
        assert.equal(flowLog.vpcId, r.one("aws:ec2/vpc:Vpc").id);
        assert.equal(flowLog.trafficType, "ALL");
        assert.equal(flowLog.logDestinationType, "cloud-watch-logs");
        assert.equal(flowLog.logDestination, logGroupArn);
        assert.equal(flowLog.iamRoleArn, (role.outputs as { arn: string }).arn);
        assert.equal(flowLog.maxAggregationInterval, 60);

        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy), serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "123456789012"));
        const delivery = JSON.parse(r.inputs(r.one("aws:iam/rolePolicy:RolePolicy")).policy);
        assert.deepEqual(delivery.Statement, [{
            Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [logGroupArn, `${logGroupArn}:*`],
        }]);
    });

    it("creates no VPC, and so nothing in it, while its preconditions reject; the rest waits for nothing", async () => {
        const refused = new pulumi.RunError("the account cannot hold this network");
        const errors: unknown[] = [];
        const onRejection = (error: unknown) => errors.push(error);
        process.on("unhandledRejection", onRejection);
        let r: Registrations;
        try {
            r = await build({ preconditions: pulumi.output(Promise.reject(refused)) });
            await new Promise((resolve) => setImmediate(resolve));
        } finally {
            process.off("unhandledRejection", onRejection);
        }
        assert.ok(errors.length > 0 && errors.every((e) => e === refused), String(errors));
        for (const type of ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/flowLog:FlowLog"]) {
            assert.deepEqual(r.ofType(type), [], type);
        }
        // The flow-log group and its role do not live in the VPC.
        assert.equal(r.ofType("aws:cloudwatch/logGroup:LogGroup").length, 1);
    });

    it("creates the VPC once its preconditions resolve", async () => {
        const r = await build({ preconditions: pulumi.output(Promise.resolve("checked")) });
        assert.equal(r.inputs(r.one("aws:ec2/vpc:Vpc")).cidrBlock, "10.40.0.0/16");
    });

    it("reads the deployed subnets back from the account, found through the VPC's Name tag; none before the first deployment", async () => {
        const r = await build();
        const deployed = r.all.filter((x) => x.custom).map((x) => ({ type: x.type, name: x.name, inputs: r.inputs(x) }));
        await pulumi.runtime.setMocks(new OfflineMocks(deployed), PROJECT_NAME, "test", false);
        const found = await settled(deployedSubnets("net", {}));
        assert.ok("value" in found);
        const expected = r.ofType("aws:ec2/subnet:Subnet").map((s) => ({ id: s.id, tier: r.inputs(s).tags.tier, availabilityZoneId: r.inputs(s).availabilityZoneId, cidr: r.inputs(s).cidrBlock }));
        assert.equal(found.value.length, 12);
        assert.deepEqual(found.value, expected);
        assert.deepEqual(await settled(deployedSubnets("other", {})), { value: [] });
    });

    it("refuses args the planner rejects, naming each field as the network config spells it", () => {
        assert.throws(() => new Network("bad", { ...ARGS, cidr: "10.40.0.0/21" }), {
            message: "network: cidr: must be a /20 or larger: the smallest slots of the fixed layout are 1/256 of the VPC and a subnet is at least a /28",
        });
        assert.throws(() => new Network("bad", {
            ...ARGS, subnetPrefixLengths: { ...ARGS.subnetPrefixLengths, controlPlane: 29 }, availabilityZones: [...ZONES, { zoneId: "use1-az6", slot: 1 }],
        }), {
            message: "network: subnetPrefixLengths.controlPlane: must be at most 28 (the smallest subnet AWS allows); availabilityZones[3].slot: is already the slot of use1-az2 (availabilityZones[2])",
        });
    });
});

describe("Network lifecycle", () => {
    it("keeps its flow-log group when the retention or the traffic logged changes", async () => {
        const before = await build();
        const after = await build({ flowLogs: { retentionDays: 365, trafficType: "REJECT" } });
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.equal(after.inputs(after.one("aws:cloudwatch/logGroup:LogGroup")).retentionInDays, 365);
    });
});
