import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn } from "./iam";

/** Where a component's AWS resources live, looked up through the component's own provider. */
export interface AwsAccount {
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    /** ARN of an AWS managed policy in this partition. */
    managedPolicy(name: string): pulumi.Output<string>;
}

export function awsAccount(parent: pulumi.Resource): AwsAccount {
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    return {
        accountId: aws.getCallerIdentityOutput({}, { parent }).accountId,
        partition,
        region: aws.getRegionOutput({}, { parent }).region,
        managedPolicy: (name) => partition.apply((p) => managedPolicyArn(p, name)),
    };
}
