import { strict as assert } from "node:assert";
import { awsNodegroupRestrictPrivateSubnets as policy } from "../aws/aws-nodegroup-restrict-private-subnets";
import { associate, eksNetwork, nodeGroup, ROUTE_TABLE } from "./fixtures-eks";
import { resource, violations } from "./fixtures";

describe("aws-nodegroup-restrict-private-subnets", () => {
    it("passes a node group on private subnets routed through a NAT gateway (matches)", () => {
        assert.deepEqual(violations(policy, eksNetwork().all), []);
    });

    it("fails a node group with no subnet in the stack (no partner)", () => {
        const net = eksNetwork();
        const group = nodeGroup();
        const found = violations(policy, [...net.all.filter((r) => r !== net.nodeGroup), group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) has no subnet in the stack, so its subnets cannot be verified as private\.$/);
    });

    it("fails a node group placed on a public subnet (mismatched partner)", () => {
        const net = eksNetwork();
        const group = nodeGroup({ subnets: [net.privateSubnets[0], net.publicSubnets[1]] });
        const found = violations(policy, [...net.all.filter((r) => r !== net.nodeGroup), group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) runs in net-public-us-east-1b \(aws:ec2\/subnet:Subnet\), which is associated with net-public \(aws:ec2\/routeTable:RouteTable\), which routes to an internet gateway\.$/);
    });

    it("fails a private subnet that assigns public IPs on launch", () => {
        const net = eksNetwork();
        net.privateSubnets[2].outputs.mapPublicIpOnLaunch = true;
        const found = violations(policy, net.all);
        assert.deepEqual(found.map((v) => v.urn), [net.nodeGroup.urn]);
        assert.match(found[0].message, /runs in net-private-us-east-1c \(aws:ec2\/subnet:Subnet\), which assigns public IPs on launch \(mapPublicIpOnLaunch is true\)\.$/);
    });

    it("fails a private subnet re-associated with the public route table", () => {
        const net = eksNetwork();
        const all = net.all.filter((r) => r !== net.associations[3]).concat(associate(net.publicRouteTable, net.privateSubnets[0]));
        assert.match(violations(policy, all)[0].message, /runs in net-private-us-east-1a \(aws:ec2\/subnet:Subnet\), which is associated with net-public/);
    });

    it("recognises the internet route by its igw- gateway id when the gateway is outside the stack", () => {
        const net = eksNetwork();
        const table = resource(ROUTE_TABLE, "imported-public", { inputs: { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" }] } });
        const all = net.all.filter((r) => r !== net.associations[3]).concat(table, associate(table, net.privateSubnets[0]));
        assert.match(violations(policy, all)[0].message, /which is associated with imported-public \(aws:ec2\/routeTable:RouteTable\), which routes to an internet gateway\.$/);
    });

    it("recognises the internet route by its dependency on the gateway when the id is not known yet", () => {
        const net = eksNetwork();
        const table = resource(ROUTE_TABLE, "preview-public", { inputs: { routes: [{ cidrBlock: "0.0.0.0/0" }] }, propertyDependsOn: { routes: [net.internetGateway] } });
        const all = net.all.filter((r) => r !== net.associations[3]).concat(table, associate(table, net.privateSubnets[0]));
        assert.equal(violations(policy, all).length, 1);
    });

    it("finds the subnets through plain dependencies when subnetIds carries no property dependency", () => {
        const net = eksNetwork();
        const group = resource("aws:eks/nodeGroup:NodeGroup", "looked-up", { inputs: { subnetIds: ["subnet-public-us-east-1a"] }, dependsOn: [net.publicSubnets[0]] });
        const found = violations(policy, [...net.all, group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
    });
});
