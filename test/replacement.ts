/**
 * What makes the AWS provider replace a resource that has a physical name, so tests can show
 * that a routine change reaches none of it: such a replacement deletes the old resource before
 * the new one exists. The inputs come from the plan diff's table (tools/plan/replacements.ts).
 */
import { pathSegments } from "../tools/plan/diff";
import { replacementRule } from "../tools/plan/replacements";
import { Registrations } from "./harness";

/** The types the component lifecycle tests watch: the program names every resource of these itself, or by a prefix. */
const NAMED_TYPES = [
    "aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup", "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/launchTemplate:LaunchTemplate", "aws:cloudwatch/logGroup:LogGroup", "aws:kms/alias:Alias", "aws:eks/cluster:Cluster",
];

const at = (value: unknown, path: string) => pathSegments(path).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

/** The replace-forcing inputs (without wildcards) of every registered resource of a watched type, by resource name. */
export function replaceForcingInputs(r: Registrations): Record<string, Record<string, unknown>> {
    return Object.fromEntries(r.all.filter((x) => NAMED_TYPES.includes(x.type)).map((x) => {
        const paths = replacementRule(x.type)!.replaceOn.filter((path) => !pathSegments(path).includes("*"));
        return [x.name, Object.fromEntries(paths.map((path) => [path, at(r.inputs(x), path)]))];
    }));
}
