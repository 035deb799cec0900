import { policyDocument, PolicyDocument, PolicyStatement } from "../shared/iam";

/**
 * AWS services that use a key on the account's behalf without an IAM role of ours:
 * - `cloudwatch-logs`: CloudWatch Logs encrypts log groups with the key.
 * - `ebs`: EC2 encrypts volumes for any principal of the account that may use EBS, including
 *   the Auto Scaling service-linked role that launches managed node groups (which may not
 *   exist yet when the key is created, so it cannot be named as a principal).
 */
export type KeyServiceUse = "cloudwatch-logs" | "ebs";

export interface KeyPolicyInputs {
    partition: string;
    accountId: string;
    region: string;
    services: KeyServiceUse[];
}

const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * A key policy without public principals: the account administers the key and delegates
 * use to IAM policies; a service gets use only for this account's resources.
 */
export function keyPolicy(inputs: KeyPolicyInputs): PolicyDocument {
    const { partition, accountId, region } = inputs;
    const statements: PolicyStatement[] = [{
        Sid: "AccountAdministersKeyAndDelegatesUseToIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    }];
    if (inputs.services.includes("cloudwatch-logs")) {
        statements.push({
            Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: USE_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
        });
    }
    if (inputs.services.includes("ebs")) {
        const throughEc2 = { StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": `ec2.${region}.amazonaws.com` } };
        statements.push(
            { Sid: "EbsEncryptsVolumesForThisAccount", Effect: "Allow", Principal: { AWS: "*" }, Action: USE_ACTIONS, Resource: "*", Condition: throughEc2 },
            {
                Sid: "EbsAttachesEncryptedVolumesForThisAccount",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { ...throughEc2, Bool: { "kms:GrantIsForAWSResource": true } },
            },
        );
    }
    return policyDocument(...statements);
}
