import { strict as assert } from "node:assert";
import { awsNodegroupRestrictInstanceTypes as policy } from "../aws/aws-nodegroup-restrict-instance-types";
import { launchTemplate, nodeGroup } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-nodegroup-restrict-instance-types", () => {
    it("passes a node group of m7i.xlarge and a launch template without an instance type", () => {
        assert.deepEqual(violations(policy, [nodeGroup(), launchTemplate()]), []);
    });

    it("fails a node group with a GPU type outside the list, naming only that type", () => {
        const group = nodeGroup({ instanceTypes: ["m7i.xlarge", "p5.48xlarge"] });
        const found = violations(policy, [group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) uses instance types that are not allowed: p5\.48xlarge\.$/);
    });

    it("does not let a pattern's dot match any character", () => {
        assert.equal(violations(policy, [nodeGroup({ instanceTypes: ["t3Xlarge"] })]).length, 1);
    });

    it("anchors patterns, so m7i.* does not allow m7in.large", () => {
        assert.match(violations(policy, [nodeGroup({ instanceTypes: ["m7in.large"] })])[0].message, /not allowed: m7in\.large\.$/);
    });

    it("fails a launch template with an instance type outside the list", () => {
        const template = launchTemplate();
        template.inputs.instanceType = "x2iedn.32xlarge";
        const found = violations(policy, [template]);
        assert.deepEqual(found.map((v) => v.urn), [template.urn]);
        assert.match(found[0].message, /platform-general-lt \(aws:ec2\/launchTemplate:LaunchTemplate\) uses instance type x2iedn\.32xlarge, which is not allowed\.$/);
    });

    it("judges EKS's default t3.medium when a node group has neither instanceTypes nor a launch template", () => {
        const group = nodeGroup();
        delete group.inputs.instanceTypes;
        delete group.inputs.launchTemplate;
        assert.deepEqual(violations(policy, [group]), []);
        assert.match(violations(policy, [group], { allowedInstanceTypes: ["m7i.*"] })[0].message, /not allowed: t3\.medium \(EKS's default, as instanceTypes is unset\)\.$/);
    });

    it("follows the allowed list the config sets", () => {
        assert.match(violations(policy, [nodeGroup()], { allowedInstanceTypes: ["m7i.large", "c7i.*"] })[0].message, /not allowed: m7i\.xlarge\.$/);
    });
});
