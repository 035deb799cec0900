/** IAM policy documents as plain data, so their exact contents are tested without mocks. */

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

/** Trust policy of a role that an AWS service assumes (EKS, EC2, RDS monitoring, S3 replication). */
export function serviceTrustPolicy(service: string, extraActions: string[] = []): PolicyDocument {
    return policyDocument({ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", ...extraActions] });
}

/** ARN of an AWS managed policy in a partition (`service-role/` paths included in `name`). */
export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}
