import { strict as assert } from "node:assert";
import { awsVpcRequireFlowLogs as policy } from "../aws/aws-vpc-require-flow-logs";
import { compliantNetwork, resource, violations } from "./fixtures";

describe("aws-vpc-require-flow-logs", () => {
    it("passes a VPC whose flow log depends on it and records all traffic", () => {
        assert.deepEqual(violations(policy, compliantNetwork().all), []);
    });

    it("fails a VPC without a flow log (no partner)", () => {
        const net = compliantNetwork();
        const found = violations(policy, [net.provider, net.vpc]);
        assert.equal(found.length, 1);
        assert.equal(found[0].urn, net.vpc.urn);
        assert.match(found[0].message, /has no flow log\.$/);
    });

    it("fails a VPC whose only flow log belongs to another VPC (mismatched partner)", () => {
        const net = compliantNetwork();
        const other = resource("aws:ec2/vpc:Vpc", "other", { inputs: { cidrBlock: "10.1.0.0/16" } });
        const otherLog = resource("aws:ec2/flowLog:FlowLog", "other-log", { inputs: { trafficType: "ALL" }, propertyDependsOn: { vpcId: [other] } });
        const found = violations(policy, [net.provider, net.vpc, other, otherLog]);
        assert.deepEqual(found.map((v) => v.urn), [net.vpc.urn]);
    });

    it("fails a flow log that records only rejected traffic", () => {
        const net = compliantNetwork();
        net.flowLog.outputs = { ...net.flowLog.outputs, trafficType: "REJECT" };
        assert.match(violations(policy, net.all)[0].message, /logs only REJECT traffic; allowed: ALL\.$/);
    });

    it("accepts rejected-traffic logs where the config allows them", () => {
        const net = compliantNetwork();
        net.flowLog.outputs = { ...net.flowLog.outputs, trafficType: "REJECT" };
        assert.deepEqual(violations(policy, net.all, { allowedTrafficTypes: ["ALL", "REJECT"] }), []);
    });
});
