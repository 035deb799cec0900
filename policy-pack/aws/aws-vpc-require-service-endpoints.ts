import { PolicyResource } from "@pulumi/policy";
import { PackStackPolicy } from "../lib/policy";
import { dependsOn, describe } from "../lib/resources";

const VPC = "aws:ec2/vpc:Vpc";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ROUTE_TABLE_ASSOCIATION = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation";

interface Config {
    gatewayServices: string[];
    interfaceServices: string[];
}

/** `com.amazonaws.us-east-1.ecr.dkr` → `ecr.dkr` (China regions prefix `cn.`). */
function serviceOf(endpoint: PolicyResource): string | undefined {
    const name = endpoint.props.serviceName;
    return typeof name === "string" ? /^(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(name)?.[1] : undefined;
}

/** AWS creates a Gateway endpoint when the type is not given. */
const typeOf = (endpoint: PolicyResource): string => endpoint.props.vpcEndpointType ?? "Gateway";

/** Joined to `target` by dependency, or by id when the program passed an id it looked up. */
const joined = (resource: PolicyResource, property: string, target: PolicyResource) =>
    dependsOn(resource, target) || (typeof target.props.id === "string" && resource.props[property] === target.props.id);

/** A gateway endpoint works only for the route tables it is added to: its own routeTableIds, or separate associations. */
function isRouted(resources: PolicyResource[], endpoint: PolicyResource): boolean {
    if (Array.isArray(endpoint.props.routeTableIds) && endpoint.props.routeTableIds.length > 0) return true;
    return resources.some((r) => r.type === ROUTE_TABLE_ASSOCIATION && joined(r, "vpcEndpointId", endpoint));
}

/** What keeps `service` off the NAT gateway in this VPC, or what is wrong with it. */
function endpointProblem(resources: PolicyResource[], endpoints: PolicyResource[], service: string, type: "Gateway" | "Interface"): string | undefined {
    const forService = endpoints.filter((e) => serviceOf(e) === service);
    const ofType = forService.filter((e) => typeOf(e) === type);
    if (ofType.length === 0) {
        const others = forService.map((e) => `${describe(e)} is of type ${typeOf(e)}`);
        return `no ${type} endpoint for ${service}${others.length > 0 ? ` (${others.join(", ")})` : ""}`;
    }
    if (type === "Gateway" && !ofType.some((e) => isRouted(resources, e))) {
        return `the Gateway endpoint for ${service} (${ofType.map(describe).join(", ")}) is on no route table, so no subnet uses it`;
    }
    if (type === "Interface" && !ofType.some((e) => e.props.privateDnsEnabled === true)) {
        return `the Interface endpoint for ${service} (${ofType.map(describe).join(", ")}) does not set privateDnsEnabled, so clients keep resolving the public name`;
    }
    return undefined;
}

/**
 * Nodes pull images from ECR (its API, its registry and the S3 bucket behind the layers) and
 * pods with IRSA call STS for credentials. Without VPC endpoints every such call leaves
 * through the NAT gateway: billed per gigabyte, dependent on the NAT gateway's zone, and out
 * of reach of endpoint policies. A Gateway endpoint counts once it is on a route table, an
 * Interface endpoint once its private DNS name replaces the public one. Advisory: the
 * platform works through the NAT gateways and has no endpoints yet.
 */
export const awsVpcRequireServiceEndpoints: PackStackPolicy = {
    name: "aws-vpc-require-service-endpoints",
    description: "Every VPC should have VPC endpoints for the AWS services its nodes call: a Gateway endpoint on its route tables for each of gatewayServices (S3) and an Interface endpoint with private DNS for each of interfaceServices (ECR API, ECR registry, STS).",
    rationale: "Image pulls and IRSA credential calls should stay inside the VPC instead of crossing the NAT gateway, where they are billed per gigabyte, depend on one zone's gateway and escape endpoint policies.",
    severity: "low",
    enforcementLevel: "advisory",
    tags: ["security", "network", "cost", "source:SH EC2.55", "source:SH EC2.56", "source:BPG private cluster requirements"],
    remediationSteps: "In the Network component, create an aws.ec2.VpcEndpoint { vpcId, serviceName: \"com.amazonaws.<region>.s3\", vpcEndpointType: \"Gateway\", routeTableIds: <the private route tables> } and, for ecr.api, ecr.dkr and sts, an aws.ec2.VpcEndpoint { vpcEndpointType: \"Interface\", privateDnsEnabled: true, subnetIds: <one private subnet per AZ>, securityGroupIds: <a group allowing 443 from the VPC> }.",
    configSchema: {
        properties: {
            gatewayServices: {
                type: "array",
                items: { type: "string", enum: ["s3", "dynamodb"] },
                default: ["s3"],
                description: "Services (the part of the service name after com.amazonaws.<region>.) that need a Gateway endpoint; only s3 and dynamodb have Gateway endpoints.",
            },
            interfaceServices: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["ecr.api", "ecr.dkr", "sts"],
                description: "Services that need an Interface endpoint with privateDnsEnabled.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { gatewayServices, interfaceServices } = args.getConfig<Config>();
        for (const vpc of args.resources.filter((r) => r.type === VPC)) {
            const endpoints = args.resources.filter((r) => r.type === ENDPOINT && joined(r, "vpcId", vpc));
            const problems = [
                ...gatewayServices.map((s) => endpointProblem(args.resources, endpoints, s, "Gateway")),
                ...interfaceServices.map((s) => endpointProblem(args.resources, endpoints, s, "Interface")),
            ].filter((p): p is string => p !== undefined);
            if (problems.length > 0) reportViolation(`${describe(vpc)} sends these AWS API calls through the NAT gateway: ${problems.join("; ")}.`, vpc.urn);
        }
    },
};
