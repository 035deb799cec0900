import { strict as assert } from "node:assert";
import { awsVpcRequireClosedDefaultSecurityGroup as policy } from "../aws/aws-vpc-require-closed-default-security-group";
import { compliantNetwork, resource, violations } from "./fixtures";

describe("aws-vpc-require-closed-default-security-group", () => {
    it("passes a VPC whose adopted default security group has no rules", () => {
        assert.deepEqual(violations(policy, compliantNetwork().all), []);
    });

    it("fails a VPC whose default security group is not managed (no partner)", () => {
        const net = compliantNetwork();
        const found = violations(policy, [net.provider, net.vpc, net.flowLog]);
        assert.deepEqual(found.map((v) => v.urn), [net.vpc.urn]);
        assert.match(found[0].message, /default security group is not managed/);
    });

    it("fails a VPC when the only managed default group belongs to another VPC (mismatched partner)", () => {
        const net = compliantNetwork();
        const other = resource("aws:ec2/vpc:Vpc", "other", { inputs: {} });
        const otherGroup = resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "other-sg", { inputs: { ingress: [], egress: [] }, propertyDependsOn: { vpcId: [other] } });
        assert.deepEqual(violations(policy, [net.vpc, other, otherGroup]).map((v) => v.urn), [net.vpc.urn]);
    });

    it("fails a default security group that keeps an ingress rule", () => {
        const net = compliantNetwork();
        net.defaultSecurityGroup.outputs = { ...net.defaultSecurityGroup.outputs, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] };
        const found = violations(policy, net.all);
        assert.deepEqual(found.map((v) => v.urn), [net.defaultSecurityGroup.urn]);
        assert.match(found[0].message, /has 1 ingress and 0 egress rules/);
    });

    it("fails a default security group that keeps the allow-all egress rule", () => {
        const net = compliantNetwork();
        net.defaultSecurityGroup.outputs = { ...net.defaultSecurityGroup.outputs, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] };
        assert.match(violations(policy, net.all)[0].message, /has 0 ingress and 1 egress rules/);
    });
});
