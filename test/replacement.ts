/**
 * What makes the AWS provider replace a resource that has a fixed physical name, so tests can
 * show that a routine change reaches none of it: replacing such a resource creates the new one
 * first, under the same name, which AWS refuses.
 */
import { Registrations } from "./harness";

/**
 * Inputs that force a new resource ("ForceNew" in terraform-provider-aws: rds/instance.go,
 * rds/subnet_group.go, rds/parameter_group.go, ec2/vpc_security_group.go, ec2/ec2_launch_template.go,
 * logs/group.go, kms/alias.go, eks/cluster.go), by type.
 */
export const REPLACED_ON: Record<string, string[]> = {
    "aws:rds/instance:Instance": ["identifier", "identifierPrefix", "engine", "dbName", "username", "storageEncrypted", "kmsKeyId", "availabilityZone", "characterSetName", "timezone", "snapshotIdentifier"],
    "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
    "aws:rds/parameterGroup:ParameterGroup": ["name", "namePrefix", "family", "description"],
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["name", "namePrefix"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:eks/cluster:Cluster": ["name", "roleArn", "bootstrapSelfManagedAddons", "accessConfig.bootstrapClusterCreatorAdminPermissions", "kubernetesNetworkConfig.ipFamily", "kubernetesNetworkConfig.serviceIpv4Cidr"],
};

const at = (value: unknown, path: string) => path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

/** The replace-forcing inputs of every registered resource of a REPLACED_ON type, by resource name. */
export function replaceForcingInputs(r: Registrations): Record<string, Record<string, unknown>> {
    return Object.fromEntries(r.all.filter((x) => REPLACED_ON[x.type]).map((x) =>
        [x.name, Object.fromEntries(REPLACED_ON[x.type].map((path) => [path, at(r.inputs(x), path)]))]));
}
