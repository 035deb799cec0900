import { strict as assert } from "node:assert";
import { awsNodegroupRequireMultipleAzs as policy } from "../aws/aws-nodegroup-require-multiple-azs";
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
