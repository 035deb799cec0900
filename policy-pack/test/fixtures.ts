/**
 * Policy test helpers in the style of Pulumi's policy repositories: build resources as the
 * analyzer sees them, start from a compliant fixture, change one thing, and ask which
 * violations a policy reports.
 */
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { evaluatePolicies, PolicyConfigFile, ResourceUnderTest, Violation } from "../../tools/policy/engine";

const STACK = "test";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::signal-trading::${type}::${name}`;
}

export interface ResourceSpec {
    inputs?: Record<string, any>;
    /** Defaults to the inputs: for most checks the provider returns what it was given. */
    outputs?: Record<string, any>;
    dependsOn?: ResourceUnderTest[];
    /** Dependencies through named properties (e.g. { vpcId: [vpc] }). */
    propertyDependsOn?: Record<string, ResourceUnderTest[]>;
    provider?: ResourceUnderTest;
    parent?: ResourceUnderTest;
}

export function resource(type: string, name: string, spec: ResourceSpec = {}): ResourceUnderTest {
    const inputs = spec.inputs ?? {};
    const propertyDependencies = Object.fromEntries(Object.entries(spec.propertyDependsOn ?? {}).map(([k, v]) => [k, v.map((r) => r.urn)]));
    return {
        urn: urnOf(type, name), type, name, inputs, outputs: spec.outputs ?? inputs,
        parent: spec.parent?.urn, provider: spec.provider?.urn,
        dependencies: [...new Set([...(spec.dependsOn ?? []).map((r) => r.urn), ...Object.values(propertyDependencies).flat()])],
        propertyDependencies, protect: false, ignoreChanges: [], additionalSecretOutputs: [],
    };
}

/** The AWS provider as the engine hands it to policies: nested inputs JSON-encoded. */
export function awsProvider(tags: Record<string, string> = { owner: "platform-team", "cost-center": "trading", environment: "prod" }): ResourceUnderTest {
    return resource("pulumi:providers:aws", "aws", { inputs: { region: "us-east-1", defaultTags: JSON.stringify({ tags }) } });
}

/** Runs one policy at `level` (others of the pack are not involved) and returns its violations. */
export function violations(
    policy: Policies[number],
    resources: ResourceUnderTest[],
    properties: Record<string, unknown> = {},
    level: EnforcementLevel = "mandatory",
): Violation[] {
    const config: PolicyConfigFile = { [policy.name]: { enforcementLevel: level, ...properties } };
    return evaluatePolicies([policy], "mandatory", config, resources).violations;
}

/** The compliant network: a VPC with its flow log and closed default security group. */
export function compliantNetwork(provider = awsProvider()) {
    const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { provider, inputs: { cidrBlock: "10.40.0.0/16", tags: { Name: "vpc" } }, outputs: { id: "vpc-1", cidrBlock: "10.40.0.0/16" } });
    const flowLog = resource("aws:ec2/flowLog:FlowLog", "flow-log", { provider, inputs: { vpcId: "vpc-1", trafficType: "ALL", tags: {} }, propertyDependsOn: { vpcId: [vpc] } });
    const defaultSecurityGroup = resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", {
        provider, inputs: { vpcId: "vpc-1", ingress: [], egress: [], tags: {} }, propertyDependsOn: { vpcId: [vpc] },
    });
    return { provider, vpc, flowLog, defaultSecurityGroup, all: [provider, vpc, flowLog, defaultSecurityGroup] };
}
