// Every policy of the pack, in the order reports list them. One policy per file under
// aws/, kubernetes/ and stack/; the inventory test pins this list.
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { awsResourceRequireTags } from "./aws/aws-resource-require-tags";
import { awsVpcRequireClosedDefaultSecurityGroup } from "./aws/aws-vpc-require-closed-default-security-group";
import { awsVpcRequireFlowLogs } from "./aws/aws-vpc-require-flow-logs";

export const PACK_NAME = "signal-trading";

/** Level of a policy that neither declares one nor is configured: a gate blocks unless relaxed. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const policies: Policies = [
    awsResourceRequireTags,
    awsVpcRequireFlowLogs,
    awsVpcRequireClosedDefaultSecurityGroup,
];
