import { strict as assert } from "node:assert";
import { awsVpcRequireServiceEndpoints as policy } from "../aws/aws-vpc-require-service-endpoints";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { compliantNetwork, resource, violations } from "./fixtures";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";

/** The network with the endpoints the platform should have: S3 on the private route table, ECR and STS with private DNS. */
function network() {
    const base = compliantNetwork();
    const routeTable = resource(ROUTE_TABLE, "private-a", { inputs: { vpcId: "vpc-1" }, outputs: { id: "rtb-1", vpcId: "vpc-1" }, propertyDependsOn: { vpcId: [base.vpc] } });
    const endpoint = (service: string, inputs: Record<string, unknown>) => resource(ENDPOINT, `${service.replace(".", "-")}-endpoint`, {
        provider: base.provider,
        inputs: { vpcId: "vpc-1", serviceName: `com.amazonaws.us-east-1.${service}`, ...inputs },
        propertyDependsOn: { vpcId: [base.vpc], ...(inputs.routeTableIds ? { routeTableIds: [routeTable] } : {}) },
    });
    const s3 = endpoint("s3", { vpcEndpointType: "Gateway", routeTableIds: ["rtb-1"] });
    const interfaceEndpoint = (service: string) => endpoint(service, { vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: ["subnet-a", "subnet-b", "subnet-c"] });
    const ecrApi = interfaceEndpoint("ecr.api");
    const ecrDkr = interfaceEndpoint("ecr.dkr");
    const sts = interfaceEndpoint("sts");
    return { ...base, routeTable, s3, ecrApi, ecrDkr, sts, all: [...base.all, routeTable, s3, ecrApi, ecrDkr, sts] };
}

const without = (resources: ResourceUnderTest[], ...removed: ResourceUnderTest[]) => resources.filter((r) => !removed.includes(r));

/** The one violation, on the VPC; returns its detail after the description. */
function problemOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties, "advisory");
    assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!.urn, "advisory"]]);
    return found[0].message.slice(policy.description.length + 1);
}

describe("aws-vpc-require-service-endpoints", () => {
    it("passes a VPC with a routed S3 gateway endpoint and ECR API, ECR registry and STS interface endpoints with private DNS (matches)", () => {
        assert.deepEqual(violations(policy, network().all), []);
    });

    it("reports a VPC without endpoints, listing every service (no partner)", () => {
        assert.equal(problemOf(compliantNetwork().all), "vpc (aws:ec2/vpc:Vpc) sends these AWS API calls through the NAT gateway: "
            + "no Gateway endpoint for s3; no Interface endpoint for ecr.api; no Interface endpoint for ecr.dkr; no Interface endpoint for sts.");
    });

    it("reports the one service whose endpoint is missing", () => {
        const n = network();
        assert.match(problemOf(without(n.all, n.sts)), /through the NAT gateway: no Interface endpoint for sts\.$/);
    });

    it("does not count an endpoint of another VPC (mismatched)", () => {
        const n = network();
        const other = resource("aws:ec2/vpc:Vpc", "other-vpc", { provider: n.provider, inputs: { cidrBlock: "10.50.0.0/16" }, outputs: { id: "vpc-2" } });
        n.sts.inputs.vpcId = "vpc-2";
        n.sts.propertyDependencies = { vpcId: [other.urn] };
        n.sts.dependencies = [other.urn];
        const found = violations(policy, [...n.all, other]);
        assert.deepEqual(found.map((v) => v.urn), [n.vpc.urn, other.urn]);
        assert.match(found[0].message, /: no Interface endpoint for sts\.$/);
    });

    it("joins an endpoint to its VPC by id when it has no dependency on it", () => {
        const n = network();
        n.sts.propertyDependencies = {};
        n.sts.dependencies = [];
        assert.deepEqual(violations(policy, n.all), []);
    });

    it("reports an endpoint of the wrong type, with the type it has", () => {
        const n = network();
        Object.assign(n.s3.inputs, { vpcEndpointType: "Interface", privateDnsEnabled: true });
        assert.match(problemOf(n.all), /: no Gateway endpoint for s3 \(s3-endpoint \(aws:ec2\/vpcEndpoint:VpcEndpoint\) is of type Interface\)\.$/);
    });

    it("takes an endpoint without vpcEndpointType as a Gateway endpoint, as AWS does", () => {
        const n = network();
        delete n.s3.inputs.vpcEndpointType;
        assert.deepEqual(violations(policy, n.all), []);
        delete n.sts.inputs.vpcEndpointType;
        assert.match(problemOf(n.all), /: no Interface endpoint for sts \(sts-endpoint \(aws:ec2\/vpcEndpoint:VpcEndpoint\) is of type Gateway\)\.$/);
    });

    it("reports a gateway endpoint on no route table, and accepts a separate route table association", () => {
        const n = network();
        n.s3.inputs.routeTableIds = [];
        assert.match(problemOf(n.all), /: the Gateway endpoint for s3 \(s3-endpoint \(aws:ec2\/vpcEndpoint:VpcEndpoint\)\) is on no route table, so no subnet uses it\.$/);
        const association = resource("aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation", "s3-private-a", {
            inputs: { vpcEndpointId: "vpce-s3", routeTableId: "rtb-1" }, propertyDependsOn: { vpcEndpointId: [n.s3], routeTableId: [n.routeTable] },
        });
        assert.deepEqual(violations(policy, [...n.all, association]), []);
    });

    it("reports an interface endpoint without private DNS, which clients never resolve to", () => {
        const n = network();
        delete n.ecrDkr.inputs.privateDnsEnabled;
        assert.match(problemOf(n.all), /: the Interface endpoint for ecr\.dkr \(ecr-dkr-endpoint \(aws:ec2\/vpcEndpoint:VpcEndpoint\)\) does not set privateDnsEnabled, so clients keep resolving the public name\.$/);
    });

    it("requires the services the config lists", () => {
        const n = network();
        assert.deepEqual(violations(policy, without(n.all, n.sts), { interfaceServices: ["ecr.api", "ecr.dkr"] }), []);
        assert.match(problemOf(n.all, { interfaceServices: ["ecr.api", "ecr.dkr", "sts", "logs"] }), /: no Interface endpoint for logs\.$/);
    });

    it("takes as gatewayServices only the services that have Gateway endpoints (s3, dynamodb)", () => {
        const n = network();
        assert.match(problemOf(n.all, { gatewayServices: ["s3", "dynamodb"] }), /: no Gateway endpoint for dynamodb\.$/);
        assert.throws(() => violations(policy, n.all, { gatewayServices: ["ecr.api"] }), /gatewayServices\.0: must be equal to one of the allowed values/);
    });

    it("reads service names of China regions", () => {
        const n = network();
        n.sts.inputs.serviceName = "cn.com.amazonaws.cn-north-1.sts";
        assert.deepEqual(violations(policy, n.all), []);
    });
});
