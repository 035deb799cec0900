import { strict as assert } from "node:assert";
import { awsSecuritygroupDisallowOpenAdminPorts as policy } from "../aws/aws-securitygroup-disallow-open-admin-ports";
import { resource, violations } from "./fixtures";
import { databaseSecurityGroup } from "./fixtures-services";

/** The database security group with its ingress rule's inputs changed by `change`. */
function withIngressRule(change: (inputs: Record<string, any>) => void) {
    const net = databaseSecurityGroup();
    delete net.ingress.inputs.referencedSecurityGroupId;
    change(net.ingress.inputs);
    return net;
}

/** The database security group with one inline ingress rule. */
function withInlineIngress(rule: Record<string, unknown>) {
    const net = databaseSecurityGroup();
    net.group.inputs.ingress = [rule];
    return net;
}

describe("aws-securitygroup-disallow-open-admin-ports", () => {
    it("passes the database group reachable only from the node security group", () => {
        assert.deepEqual(violations(policy, databaseSecurityGroup().all), []);
    });

    it("fails SSH from 0.0.0.0/0 in a SecurityGroupIngressRule", () => {
        const net = withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", fromPort: 22, toPort: 22 }));
        const found = violations(policy, net.all);
        assert.deepEqual(found.map((v) => v.urn), [net.ingress.urn]);
        assert.match(found[0].message, /db-from-nodes \(aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule\) ingress rule opens restricted port 22 to 0\.0\.0\.0\/0\.$/);
    });

    it("fails RDP from ::/0", () => {
        const found = violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv6: "::/0", fromPort: 3389, toPort: 3389 })).all);
        assert.match(found[0].message, /opens restricted port 3389 to ::\/0\.$/);
    });

    it("fails all protocols from the internet", () => {
        const found = violations(policy, withIngressRule((i) => {
            Object.assign(i, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
            delete i.fromPort;
            delete i.toPort;
        }).all);
        assert.match(found[0].message, /ingress rule opens all ports to 0\.0\.0\.0\/0\.$/);
    });

    it("fails a port range that contains a restricted port", () => {
        const found = violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", fromPort: 20, toPort: 25 })).all);
        assert.match(found[0].message, /opens restricted port 22 to/);
    });

    it("fails a public port that is not authorized", () => {
        const found = violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0" })).all);
        assert.match(found[0].message, /opens port 5432, beyond the authorized public ports \(80, 443\) to 0\.0\.0\.0\/0\.$/);
    });

    it("fails a range spanning both authorized ports", () => {
        const found = violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", fromPort: 80, toPort: 443 })).all);
        assert.match(found[0].message, /opens ports 80-443, beyond/);
    });

    it("passes HTTPS from the internet", () => {
        assert.deepEqual(violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 })).all), []);
    });

    it("passes SSH from a private range", () => {
        assert.deepEqual(violations(policy, withIngressRule((i) => Object.assign(i, { cidrIpv4: "10.40.0.0/16", fromPort: 22, toPort: 22 })).all), []);
    });

    it("passes ICMP from the internet, which has no ports", () => {
        assert.deepEqual(violations(policy, withIngressRule((i) => Object.assign(i, { ipProtocol: "icmp", cidrIpv4: "0.0.0.0/0", fromPort: 3, toPort: 4 })).all), []);
    });

    it("fails a portless protocol such as ESP from the internet", () => {
        const found = violations(policy, withIngressRule((i) => Object.assign(i, { ipProtocol: "50", cidrIpv4: "0.0.0.0/0" })).all);
        assert.match(found[0].message, /opens all traffic of protocol 50 to/);
    });

    it("fails an inline ingress block of a SecurityGroup, naming its index", () => {
        const net = withInlineIngress({ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] });
        const found = violations(policy, net.all);
        assert.deepEqual(found.map((v) => v.urn), [net.group.urn]);
        assert.match(found[0].message, /db-sg \(aws:ec2\/securityGroup:SecurityGroup\) ingress\[0\] opens all ports to 0\.0\.0\.0\/0 and ::\/0\.$/);
    });

    it("fails an inline rule with protocol -1", () => {
        assert.equal(violations(policy, withInlineIngress({ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }).all).length, 1);
    });

    it("fails a SecurityGroupRule of type ingress but not one of type egress", () => {
        const open = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-0a1b2c3d4e5f60718" };
        const ingress = resource("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh-in", { inputs: { ...open, type: "ingress" } });
        const egress = resource("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh-out", { inputs: { ...open, type: "egress" } });
        assert.deepEqual(violations(policy, [ingress, egress]).map((v) => v.urn), [ingress.urn]);
    });

    it("follows the configured port lists", () => {
        const { all } = withIngressRule((i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", fromPort: 8443, toPort: 8443 }));
        assert.equal(violations(policy, all).length, 1);
        assert.deepEqual(violations(policy, all, { authorizedPublicPorts: [443, 8443] }), []);
        assert.match(violations(policy, all, { restrictedPorts: [8443], authorizedPublicPorts: [8443] })[0].message, /opens restricted port 8443 to/);
    });
});
