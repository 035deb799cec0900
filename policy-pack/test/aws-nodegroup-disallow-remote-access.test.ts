import { strict as assert } from "node:assert";
import { awsNodegroupDisallowRemoteAccess as policy } from "../aws/aws-nodegroup-disallow-remote-access";
import { launchTemplate, nodeGroup } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-nodegroup-disallow-remote-access", () => {
    it("passes a node group and launch template without SSH or public IPs", () => {
        assert.deepEqual(violations(policy, [nodeGroup(), launchTemplate()]), []);
    });

    it("fails a node group with SSH open to the internet through remoteAccess", () => {
        const group = nodeGroup();
        group.inputs.remoteAccess = { ec2SshKey: "ops" };
        const found = violations(policy, [group]);
        assert.deepEqual(found.map((v) => v.urn), [group.urn]);
        assert.match(found[0].message, /platform-general \(aws:eks\/nodeGroup:NodeGroup\) enables SSH remote access \(ec2SshKey ops\) from 0\.0\.0\.0\/0, since no sourceSecurityGroupIds are set\.$/);
    });

    it("fails remoteAccess even when it is limited to a bastion's security group", () => {
        const group = nodeGroup();
        group.inputs.remoteAccess = { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-0bastion"] };
        assert.match(violations(policy, [group])[0].message, /enables SSH remote access \(ec2SshKey ops\) from security groups sg-0bastion\.$/);
    });

    it("fails a launch template with an SSH key pair", () => {
        const template = launchTemplate();
        template.inputs.keyName = "ops";
        const found = violations(policy, [template]);
        assert.deepEqual(found.map((v) => v.urn), [template.urn]);
        assert.match(found[0].message, /platform-general-lt \(aws:ec2\/launchTemplate:LaunchTemplate\) sets the SSH key pair ops \(keyName\)\.$/);
    });

    it("fails a launch template whose network interface takes a public IP (the provider's string)", () => {
        const template = launchTemplate();
        template.inputs.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: "true" }];
        assert.match(violations(policy, [template])[0].message, /gives instances a public IP \(networkInterfaces\[0\]\.associatePublicIpAddress is true\)\.$/);
    });

    it("fails a public IP given as a boolean", () => {
        const template = launchTemplate();
        template.inputs.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: true }];
        assert.equal(violations(policy, [template]).length, 1);
    });

    it("passes a network interface that explicitly declines a public IP", () => {
        const template = launchTemplate();
        template.inputs.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: "false" }];
        assert.deepEqual(violations(policy, [template]), []);
    });
});
