import { strict as assert } from "node:assert";
import { awsNodegroupRequireDiverseSpotInstances as policy } from "../aws/aws-nodegroup-require-diverse-spot-instances";
import { nodeGroup } from "./fixtures-eks";
import { violations } from "./fixtures";

const spotGroup = () => nodeGroup({ capacityType: "SPOT", instanceTypes: ["m7i.xlarge", "m6i.xlarge", "m6a.xlarge"] });

describe("aws-nodegroup-require-diverse-spot-instances", () => {
    it("passes a spot group with three instance types", () => {
        assert.deepEqual(violations(policy, [spotGroup()]), []);
    });

    it("ignores on-demand groups with a single instance type", () => {
        assert.deepEqual(violations(policy, [nodeGroup({ capacityType: "ON_DEMAND", instanceTypes: ["m7i.xlarge"] })]), []);
    });

    it("fails a spot group with one instance type", () => {
        const group = spotGroup();
        group.inputs.instanceTypes = ["m7i.xlarge"];
        const found = violations(policy, [group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) is a SPOT group with 1 instance type; at least 3 required\.$/);
    });

    it("counts a repeated instance type once", () => {
        const group = spotGroup();
        group.inputs.instanceTypes = ["m7i.xlarge", "m7i.xlarge", "m6i.xlarge"];
        assert.match(violations(policy, [group])[0].message, /with 2 instance types; at least 3 required\.$/);
    });

    it("fails a spot group that leaves instanceTypes to EKS", () => {
        const group = spotGroup();
        delete group.inputs.instanceTypes;
        assert.match(violations(policy, [group])[0].message, /with 0 instance types; at least 3 required\.$/);
    });

    it("follows the minimum the config sets", () => {
        assert.equal(violations(policy, [spotGroup()], { minInstanceTypes: 4 }).length, 1);
    });
});
