import { policyDocument, PolicyDocument, PolicyStatement } from "../shared/iam";

/**
 * AWS services that use a key on the account's behalf without an IAM role of ours:
 * - `cloudwatch-logs`: CloudWatch Logs encrypts log groups with the key.
 * - `ebs`: the EC2 Auto Scaling service-linked role launches the managed node groups' instances
 *   with root volumes encrypted with the key.
 * - `cloudwatch-alarms`: CloudWatch alarms publish to SNS topics encrypted with the key.
 */
export type KeyServiceUse = "cloudwatch-logs" | "ebs" | "cloudwatch-alarms";

/**
 * A role of the program that uses the key, named by the prefix of its (autonamed) role name:
 * the roles are created after the keys (they are handed the key ARN), so their exact ARNs are
 * not known when the key policy is written.
 */
export interface KeyUser {
    /** Statement id: who the user is, e.g. `VeleroWritesBackups`. */
    sid: string;
    /** Role name prefixes (`signal-trading-prod-velero-role`); the provider appends `-<7 hex>`. */
    roleNamePrefixes: string[];
    /** The AWS service the role goes through (S3 for SSE-KMS objects, EC2 for EBS volumes); none for a direct caller (the EKS control plane). */
    via?: "s3" | "ec2";
    /** Actions instead of the default encrypt/decrypt set (a replication role only decrypts at the source). */
    actions?: string[];
    /** The role hands the key to an AWS resource (an EBS volume it creates or attaches) through a grant. */
    grantsForAwsResources?: boolean;
}

export interface KeyPolicyInputs {
    partition: string;
    accountId: string;
    region: string;
    /** Administer the key, its policy, disabling and deletion included: the break-glass role. */
    administratorArns: string[];
    /** Keep the key in step with the program on every update (describe, tags, rotation, alias, policy), never disable it: the deploy role. */
    maintainerArns: string[];
    /**
     * The maintainers may also schedule the key's deletion: only for a key that `pulumi destroy`
     * deletes (neither protected nor retained), so that an unprotected stack's destroy finishes.
     * The bootstrap's deploy policy still denies it on the keys it protects (protectedKeyNames).
     */
    maintainersMayDelete: boolean;
    services: KeyServiceUse[];
    users: KeyUser[];
}

export const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];

/** The key-administrator actions of KMS's default key policy: no cryptographic use. */
export const ADMINISTRATOR_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*",
    "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];

/**
 * What an update of the stack calls on a key (the deploy role's KMS grants in
 * bootstrap/delivery-policies.ts, less deletion). kms:PutKeyPolicy is here so that the role
 * that runs `pulumi up` can change the policy and still pass KMS's lock-out check; the
 * bootstrap denies it, with deletion and disabling, on the keys that protect backups.
 */
export const MAINTAINER_ACTIONS = [
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource",
    "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:PutKeyPolicy",
];

/**
 * Reading a key's metadata, never its use or administration: what a refresh of the stack reads
 * (the preview role's drift check, the deploy role), and what auditors and AWS Config read.
 * Left to IAM policies, so the read-only roles need no naming here.
 */
export const METADATA_READ_ACTIONS = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"];

/** The Auto Scaling service-linked role EKS managed node groups launch their instances with. */
export function autoScalingServiceRoleArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * A key policy with named principals and no delegation of use or administration to the
 * account's IAM policies (only metadata reads): the break-glass role administers the key, the
 * deploy role maintains it, the program's roles and the listed services use it, each for what
 * it does and through the service it goes through. Without administrators (a dev stack before its bootstrap) the account root
 * administers the key, as KMS's default policy does, so that the stack can still be created.
 */
export function keyPolicy(inputs: KeyPolicyInputs): PolicyDocument {
    const { partition, accountId, region } = inputs;
    const root = `arn:${partition}:iam::${accountId}:root`;
    const statements: PolicyStatement[] = [];
    if (inputs.administratorArns.length === 0 && inputs.maintainerArns.length === 0) {
        statements.push({ Sid: "AccountAdministersKeyAndDelegatesUseToIam", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" });
    } else {
        if (inputs.administratorArns.length > 0) {
            statements.push({ Sid: "BreakGlassAdministersKey", Effect: "Allow", Principal: { AWS: inputs.administratorArns }, Action: ADMINISTRATOR_ACTIONS, Resource: "*" });
        }
        if (inputs.maintainerArns.length > 0) {
            const actions = inputs.maintainersMayDelete ? [...MAINTAINER_ACTIONS, "kms:ScheduleKeyDeletion"] : MAINTAINER_ACTIONS;
            statements.push({ Sid: "DeployRoleMaintainsKey", Effect: "Allow", Principal: { AWS: inputs.maintainerArns }, Action: actions, Resource: "*" });
        }
        statements.push({ Sid: "AccountReadsKeyMetadataThroughIam", Effect: "Allow", Principal: { AWS: root }, Action: METADATA_READ_ACTIONS, Resource: "*" });
        // Creating an EKS cluster or an RDS instance with the key grants the service its use, with the creator's rights.
        statements.push({
            Sid: "DeployersGrantKeyToAwsResources",
            Effect: "Allow",
            Principal: { AWS: [...inputs.administratorArns, ...inputs.maintainerArns] },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        });
    }
    for (const user of inputs.users) {
        const named = { ArnLike: { "aws:PrincipalArn": user.roleNamePrefixes.map((prefix) => `arn:${partition}:iam::${accountId}:role/${prefix}-*`) } };
        const through: NonNullable<PolicyStatement["Condition"]> = user.via ? { StringEquals: { "kms:ViaService": `${user.via}.${region}.amazonaws.com` } } : {};
        // The root principal with aws:PrincipalArn: the named roles, and only as far as their own IAM policies also allow.
        statements.push({ Sid: user.sid, Effect: "Allow", Principal: { AWS: root }, Action: user.actions ?? USE_ACTIONS, Resource: "*", Condition: { ...named, ...through } });
        if (user.grantsForAwsResources) {
            statements.push({
                Sid: `${user.sid}Grants`, Effect: "Allow", Principal: { AWS: root }, Action: GRANT_ACTIONS, Resource: "*",
                Condition: { ...named, ...through, Bool: { "kms:GrantIsForAWSResource": true } },
            });
        }
    }
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
    if (inputs.services.includes("cloudwatch-alarms")) {
        // An alarm's notification is encrypted for the topic by SNS on CloudWatch's behalf: the
        // encryption context names the topic, the source account the alarm's owner, so only this
        // account's alarms publishing to its own topics use the key (no confused deputy).
        statements.push({
            Sid: "CloudWatchAlarmsPublishToThisAccountsTopics",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": `arn:${partition}:sns:${region}:${accountId}:*` },
            },
        });
    }
    if (inputs.services.includes("ebs")) {
        // The service-linked role is matched by aws:PrincipalArn, not named as the principal: KMS refuses
        // a policy naming a role that does not exist yet, and Auto Scaling creates it with the first node group.
        const asAutoScaling = {
            StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": `ec2.${region}.amazonaws.com` },
            ArnEquals: { "aws:PrincipalArn": autoScalingServiceRoleArn(partition, accountId) },
        };
        statements.push(
            { Sid: "AutoScalingEncryptsNodeVolumes", Effect: "Allow", Principal: { AWS: "*" }, Action: USE_ACTIONS, Resource: "*", Condition: asAutoScaling },
            {
                Sid: "AutoScalingAttachesNodeVolumes",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { ...asAutoScaling, Bool: { "kms:GrantIsForAWSResource": true } },
            },
        );
    }
    return policyDocument(...statements);
}
