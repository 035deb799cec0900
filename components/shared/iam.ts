/** IAM policy documents as plain data, so their exact contents are tested without mocks. */
import * as pulumi from "@pulumi/pulumi";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, string | string[]>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Trust policy of a role that an AWS service assumes on behalf of a resource of this account
 * (EKS cluster, RDS enhanced monitoring, S3 replication, VPC flow logs). `aws:SourceAccount`
 * is the confused-deputy guard: the service may assume the role only while acting for a
 * resource of `accountId`, never for another customer who names the role's ARN. Each of these
 * services documents that it sends the key when it assumes the role (EKS user guide,
 * "Cross-service confused deputy prevention"; RDS, "Setting up and enabling Enhanced
 * Monitoring"; S3, "Setting up permissions for live replication"; VPC, "IAM role for
 * publishing flow logs"); a service that does not would fail to assume the role.
 */
export function serviceTrustPolicy(service: string, accountId: string, extraActions: string[] = []): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["sts:AssumeRole", ...extraActions],
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

/** `serviceTrustPolicy` as the JSON a role's `assumeRolePolicy` takes, for an account ID known at deployment. */
export function serviceTrustPolicyJson(service: string, accountId: pulumi.Input<string>, extraActions: string[] = []): pulumi.Output<string> {
    return pulumi.output(accountId).apply((id) => JSON.stringify(serviceTrustPolicy(service, id, extraActions)));
}

/**
 * Trust policy of a role whose service assumes it without a source account or ARN in the
 * request, so the confused-deputy keys cannot be used: EC2 for an instance profile's role, ECR
 * for a repository creation template's role (its documented trust policy has no condition).
 * What guards them is iam:PassRole, which only the deploy identities hold for them.
 */
export function sourcelessServiceTrustPolicy(service: "ec2.amazonaws.com" | "ecr.amazonaws.com"): PolicyDocument {
    return policyDocument({ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole"] });
}

/** ARN of an AWS managed policy in a partition (`service-role/` paths included in `name`). */
export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}
