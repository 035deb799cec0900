import { strict as assert } from "node:assert";
import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { awsNodegroupRequireMultipleAzs as policy } from "../aws/aws-nodegroup-require-multiple-azs";
import { zoneOf } from "../lib/network";
import { eksNetwork, launchTemplate, nodeGroup } from "./fixtures-eks";
import { resource, violations } from "./fixtures";
import { ResourceUnderTest } from "../../tools/policy/engine";

/** One node group per zone, each on that zone's subnet, launched from `template` (the zonal layout). */
function zonalGroups(net: ReturnType<typeof eksNetwork>, templates: ResourceUnderTest[]) {
    return net.privateSubnets.map((subnet, i) => {
        const base = nodeGroup({ subnets: [subnet] });
        const template = templates[i % templates.length];
        return resource(base.type, `platform-general-${subnet.outputs.availabilityZone}`, {
            inputs: base.inputs, propertyDependsOn: { subnetIds: [subnet], launchTemplate: [template] },
        });
    });
}

/** Zone IDs for the fixture's zone names, as an account might map them (not in letter order). */
const ZONE_IDS: Record<string, string> = { "us-east-1a": "use1-az4", "us-east-1b": "use1-az1", "us-east-1c": "use1-az2" };

/** The network with its subnets placed by zone ID, as the Network component places them; `withNames` as after the deployment. */
function placedById(net: ReturnType<typeof eksNetwork>, withNames = false) {
    for (const subnet of [...net.publicSubnets, ...net.privateSubnets]) {
        const name = subnet.outputs.availabilityZone;
        subnet.outputs = { ...subnet.outputs, availabilityZoneId: ZONE_IDS[name] };
        if (!withNames) delete subnet.outputs.availabilityZone;
    }
    return net;
}

/** The network with its node group replaced by one on `subnets`. */
function withGroupOn(net: ReturnType<typeof eksNetwork>, subnets: typeof net.privateSubnets) {
    const group = nodeGroup({ subnets });
    return { group, all: [...net.all.filter((r) => r !== net.nodeGroup), group] };
}

describe("aws-nodegroup-require-multiple-azs", () => {
    it("passes a node group on private subnets in three zones (matches)", () => {
        assert.deepEqual(violations(policy, eksNetwork().all), []);
    });

    it("passes three zones against the prod minimum of 3", () => {
        assert.deepEqual(violations(policy, eksNetwork().all, { minZones: 3 }), []);
    });

    it("fails a node group with no subnet in the stack (no partner)", () => {
        const { group, all } = withGroupOn(eksNetwork(), []);
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) has no subnet in the stack, so its zones cannot be verified\.$/);
    });

    it("counts only the node group's own subnets, not the other zones of the VPC (mismatched partner)", () => {
        const net = eksNetwork();
        const { group, all } = withGroupOn(net, [net.privateSubnets[0]]);
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) spans 1 availability zone \(us-east-1a\); at least 2 required\.$/);
    });

    it("counts two subnets in the same zone as one zone", () => {
        const net = eksNetwork();
        const { all } = withGroupOn(net, [net.privateSubnets[0], net.publicSubnets[0]]);
        assert.match(violations(policy, all)[0].message, /spans 1 availability zone \(us-east-1a\)/);
    });

    it("fails two zones where the config requires three", () => {
        const net = eksNetwork(["us-east-1a", "us-east-1b"]);
        assert.match(violations(policy, net.all, { minZones: 3 })[0].message, /spans 2 availability zones \(us-east-1a, us-east-1b\); at least 3 required\.$/);
    });

    it("adds no known zone for a subnet that leaves its zone to AWS", () => {
        const net = eksNetwork(["us-east-1a", "us-east-1b"]);
        delete net.privateSubnets[1].outputs.availabilityZone;
        assert.match(violations(policy, net.all)[0].message, /spans 1 availability zone \(us-east-1a\); at least 2 required\.$/);
    });

    it("counts zones by zone ID for subnets placed by ID, whose names are not known yet", () => {
        assert.deepEqual(violations(policy, placedById(eksNetwork()).all, { minZones: 3 }), []);
        const net = placedById(eksNetwork(["us-east-1a", "us-east-1b"]));
        assert.match(violations(policy, net.all, { minZones: 3 })[0].message, /spans 2 availability zones \(use1-az1, use1-az4\); at least 3 required\.$/);
    });

    it("names the zones by ID where a subnet has both ID and name: the same zones in every account", () => {
        const net = placedById(eksNetwork(["us-east-1a", "us-east-1b"]), true);
        assert.match(violations(policy, net.all, { minZones: 3 })[0].message, /spans 2 availability zones \(use1-az1, use1-az4\)/);
    });

    it("reads the zone name of a subnet placed by name, whose zone ID is unknown in a preview", () => {
        // The policy SDK's view of a preview: reading an unknown value throws.
        const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const subnet = (props: Record<string, unknown>) => ({ props: unknownCheckingProxy(props) }) as PolicyResource;
        assert.equal(zoneOf(subnet({ availabilityZone: "us-east-1a", availabilityZoneId: unknownString })), "us-east-1a");
        assert.equal(zoneOf(subnet({ availabilityZoneId: "use1-az4", availabilityZone: unknownString })), "use1-az4");
        assert.equal(zoneOf(subnet({ cidrBlock: "10.40.0.0/19" })), undefined);
        assert.throws(() => zoneOf(subnet({ availabilityZone: unknownString, availabilityZoneId: unknownString })), /can't be known during preview/);
    });

    it("passes zonal node groups that share a launch template and together span three zones", () => {
        const net = eksNetwork();
        const template = launchTemplate();
        const groups = zonalGroups(net, [template]);
        const all = [...net.all.filter((r) => r !== net.nodeGroup), template, ...groups];
        assert.deepEqual(violations(policy, all, { minZones: 3 }), []);
    });

    it("fails zonal node groups whose launch templates differ: each is a pool of one zone", () => {
        const net = eksNetwork();
        const templates = [0, 1, 2].map(() => launchTemplate());
        templates.forEach((t, i) => { t.urn = `${t.urn}-${i}`; });
        const groups = zonalGroups(net, templates);
        const found = violations(policy, [...net.all.filter((r) => r !== net.nodeGroup), ...templates, ...groups], { minZones: 3 });
        assert.deepEqual(found.map((v) => v.urn).sort(), groups.map((g) => g.urn).sort());
        assert.match(found[0].message, /spans 1 availability zone \(us-east-1[abc]\); at least 3 required\.$/);
    });

    it("names the sibling groups when a shared launch template's groups span too few zones", () => {
        const net = eksNetwork();
        const template = launchTemplate();
        const groups = zonalGroups(net, [template]).slice(0, 2);
        const found = violations(policy, [...net.all.filter((r) => r !== net.nodeGroup), template, ...groups], { minZones: 3 });
        assert.equal(found.length, 2);
        assert.match(found[0].message, /with the 1 other node group of its launch template spans 2 availability zones \(us-east-1a, us-east-1b\); at least 3 required\.$/);
    });
});
