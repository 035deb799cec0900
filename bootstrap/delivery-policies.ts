/**
 * The IAM documents of the platform's delivery, as plain data so that their exact contents are
 * tested without mocks: who the GitHub workflows are (trust by the OIDC token's `sub`), what a
 * preview may read, what a deploy may change (scoped to the environment's name prefix wherever
 * the service has resource-level permissions), the permissions boundary every platform role
 * carries, and the actions left to the break-glass role.
 */
import { PolicyDocument, policyDocument, PolicyStatement } from "../components/shared/iam";
import { CACHE_NAMES } from "../components/shared/images";
import { resourcePrefix } from "../components/shared/naming";

/** GitHub Actions' OIDC issuer: the provider's URL, and the prefix of its token's claims in IAM conditions. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** The Pulumi project whose stacks the workflows preview and deploy (../Pulumi.yaml). */
export const PLATFORM_PROJECT = "signal-trading";

/** Name of the secrets provider key's alias, `alias/<this>`: one key per environment. */
export function secretsKeyName(environment: string): string {
    return `${resourcePrefix(environment)}-secrets`;
}

/** Names of the workflow and break-glass roles: outside `signal-trading-<env>-*`, which the deploy role administers. */
export function deliveryRoleName(environment: string, purpose: "preview" | "deploy" | "break-glass"): string {
    return `signal-trading-delivery-${environment}-${purpose}`;
}

export function permissionsBoundaryName(environment: string): string {
    return `${resourcePrefix(environment)}-permissions-boundary`;
}

/** `pulumi login` URL of the self-managed backend (S3 objects, with Pulumi's lock files). */
export function stateBackendUrl(bucket: string, region: string): string {
    return `s3://${bucket}?region=${region}&awssdk=v2`;
}

/** `--secrets-provider` of the environment's platform stack. */
export function secretsProviderUrl(environment: string, region: string): string {
    return `awskms://alias/${secretsKeyName(environment)}?region=${region}`;
}

/**
 * The objects of one stack in a project-scoped self-managed backend: its checkpoint (and the
 * `.bak` copy), its update history and backups, and its lock files.
 */
export function stackStateObjects(stack: string) {
    const project = PLATFORM_PROJECT;
    return {
        meta: ".pulumi/meta.yaml",
        checkpoint: `.pulumi/stacks/${project}/${stack}.json*`,
        history: `.pulumi/history/${project}/${stack}/*`,
        backups: `.pulumi/backups/${project}/${stack}/*`,
        locks: `.pulumi/locks/organization/${project}/${stack}/*`,
    };
}

/** Trust of a role the workflows assume: GitHub's tokens for this audience whose `sub` is one of `subjects`. */
export function githubTrustPolicy(providerArn: string, subjects: string[]): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects },
        },
    });
}

/**
 * The `sub` claims of the preview jobs: a pull request of the repository itself (GitHub issues
 * a fork's pull_request no OIDC token, and the workflow skips the job for forks), or, where
 * a reviewer must approve first (prod), the job's environment.
 */
export function previewSubjects(repository: string, previewEnvironment: string | undefined): string[] {
    return [
        previewEnvironment === undefined ? `repo:${repository}:pull_request` : `repo:${repository}:environment:${previewEnvironment}`,
        // The scheduled drift check: reviewed code of main, with a role that only reads.
        `repo:${repository}:ref:refs/heads/main`,
    ];
}

export function deploySubjects(repository: string, deployEnvironment: string): string[] {
    return [`repo:${repository}:environment:${deployEnvironment}`];
}

/** Trust of the break-glass role: the named administrator roles, with MFA. */
export function breakGlassTrustPolicy(trustedRoleArns: string[]): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { AWS: trustedRoleArns },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": true } },
    });
}

export interface DeliveryScope {
    partition: string;
    accountId: string;
    /** The platform stack's region. */
    region: string;
    environment: string;
    stateBucketArn: string;
    stateBucketRegion: string;
    secretsKeyArn: string;
    /** The permissions boundary every role the deploy role creates must carry. */
    boundaryArn: string;
}

/**
 * Actions that have no resource-level permissions in IAM, so a policy can grant them only on
 * `*`. Every other action the delivery policies grant names its resources.
 */
export const UNSCOPED_ACTIONS = [
    "ec2:Describe*",
    "ecr:DescribePullThroughCacheRules",
    "eks:DescribeAddonVersions",
    "eks:ListClusters",
    "kms:CreateKey",
    "kms:ListAliases",
    "logs:DescribeLogGroups",
    // Saved Logs Insights queries are addressed by ID only; IAM scopes none of their actions.
    "logs:DescribeQueryDefinitions",
    "logs:PutQueryDefinition",
    "logs:DeleteQueryDefinition",
] as const;

/** What protects the backups (and the stack's secrets): never the deploy role's, only the break-glass role's. */
export const BREAK_GLASS_ACTIONS = {
    keys: ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"],
    buckets: ["s3:DeleteObjectVersion", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutReplicationConfiguration", "s3:DeleteBucket"],
    logs: ["logs:DeleteLogGroup"],
} as const;

/**
 * The keys whose deletion or lock-out loses data: backups (and their replica), database,
 * volumes; and the bootstrap's, which the platform only uses: the stack's secrets, the images.
 * In prod also the cluster's Secrets and the logs (the control plane's audit trail): a dev
 * cluster and its logs go with `pulumi destroy`, which must be able to delete their keys.
 */
export function protectedKeyNames(environment: string): string[] {
    const prefix = resourcePrefix(environment);
    const prodOnly = environment === "prod" ? [`${prefix}-eks-secrets`, `${prefix}-logs`] : [];
    return [`${prefix}-backups`, `${prefix}-backups-replica`, `${prefix}-database`, `${prefix}-volumes`, ...prodOnly, secretsKeyName(environment), `${prefix}-registry`];
}

/** The deploy role's managed policies: the network and cluster, the identities and keys, the data and the state. */
export const DEPLOY_PARTS = ["compute", "identity", "data"] as const;
type DeployPart = (typeof DEPLOY_PARTS)[number];

/** IAM's limit on a managed policy's size (characters, whitespace excluded). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** One service's part of the delivery: reads (the preview's too) and writes, on the same resources. */
interface ServiceGrant {
    sid: string;
    /** Which of the deploy role's managed policies holds it (one policy cannot hold them all). */
    part: DeployPart;
    resources: string[];
    read: string[];
    write: string[];
    condition?: PolicyStatement["Condition"];
}

function arns(s: DeliveryScope) {
    const prefix = resourcePrefix(s.environment);
    const { partition: p, accountId: a, region: r } = s;
    return {
        prefix,
        ec2: `arn:${p}:ec2:${r}:${a}:*`,
        eks: [`arn:${p}:eks:${r}:${a}:cluster/${prefix}`, `arn:${p}:eks:${r}:${a}:nodegroup/${prefix}/*`, `arn:${p}:eks:${r}:${a}:addon/${prefix}/*`, `arn:${p}:eks:${r}:${a}:access-entry/${prefix}/*`],
        roles: `arn:${p}:iam::${a}:role/${prefix}-*`,
        role: (name: string) => `arn:${p}:iam::${a}:role/${prefix}-${name}-*`,
        clusterOidc: `arn:${p}:iam::${a}:oidc-provider/oidc.eks.${r}.amazonaws.com/id/*`,
        serviceLinkedRoles: `arn:${p}:iam::${a}:role/aws-service-role/*`,
        // The backup replica's key lives in another region.
        keys: `arn:${p}:kms:*:${a}:key/*`,
        aliases: `arn:${p}:kms:*:${a}:alias/${prefix}-*`,
        logGroups: [`arn:${p}:logs:${r}:${a}:log-group:/aws/*/${prefix}*`, `arn:${p}:logs:${r}:${a}:log-group:/aws/*/${prefix}*:*`],
        alarms: `arn:${p}:cloudwatch:${r}:${a}:alarm:${prefix}-*`,
        topics: `arn:${p}:sns:${r}:${a}:${prefix}-*`,
        rds: [`arn:${p}:rds:${r}:${a}:db:${prefix}-*`, `arn:${p}:rds:${r}:${a}:pg:${prefix}-*`, `arn:${p}:rds:${r}:${a}:subgrp:${prefix}-*`,
            `arn:${p}:rds:${r}:${a}:snapshot:${prefix}-*`, `arn:${p}:rds:${r}:${a}:og:default:*`],
        buckets: `arn:${p}:s3:::${prefix}-*`,
        backupBuckets: [`arn:${p}:s3:::${prefix}-backups-*`, `arn:${p}:s3:::${prefix}-backups-*/*`],
        images: `arn:${p}:ecr:${r}:${a}:repository/${prefix}/*`,
        publicParameters: `arn:${p}:ssm:${r}::parameter/aws/service/*`,
    };
}

/** The platform's resources by service: what a refresh reads and what an update changes. */
function platformGrants(s: DeliveryScope): ServiceGrant[] {
    const x = arns(s);
    return [
        {
            sid: "Ec2Describe", part: "compute", resources: ["*"],
            read: ["ec2:Describe*"], write: [],
        },
        {
            // EC2 names its resources by ID, not by name: the account and region are the scope.
            sid: "Ec2Network", part: "compute", resources: [x.ec2],
            read: [],
            write: [
                "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute",
                "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
                "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress",
                "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
                "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute",
                "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation",
                "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules",
                "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:CreateFlowLogs", "ec2:DeleteFlowLogs",
                "ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ec2:DeleteLaunchTemplate", "ec2:DeleteLaunchTemplateVersions",
                "ec2:CreateTags", "ec2:DeleteTags",
            ],
        },
        {
            sid: "EksCatalog", part: "compute", resources: ["*"],
            read: ["eks:ListClusters", "eks:DescribeAddonVersions"], write: [],
        },
        {
            sid: "EksCluster", part: "compute", resources: x.eks,
            read: ["eks:DescribeCluster", "eks:DescribeNodegroup", "eks:DescribeAddon", "eks:DescribeAccessEntry", "eks:DescribeUpdate",
                "eks:ListNodegroups", "eks:ListAddons", "eks:ListAccessEntries", "eks:ListAssociatedAccessPolicies", "eks:ListTagsForResource"],
            write: [
                "eks:CreateCluster", "eks:DeleteCluster", "eks:UpdateClusterConfig", "eks:UpdateClusterVersion",
                "eks:CreateNodegroup", "eks:DeleteNodegroup", "eks:UpdateNodegroupConfig", "eks:UpdateNodegroupVersion",
                "eks:CreateAddon", "eks:DeleteAddon", "eks:UpdateAddon",
                "eks:CreateAccessEntry", "eks:DeleteAccessEntry", "eks:UpdateAccessEntry", "eks:AssociateAccessPolicy", "eks:DisassociateAccessPolicy",
                "eks:TagResource", "eks:UntagResource",
            ],
        },
        {
            sid: "PlatformRoles", part: "identity", resources: [x.roles],
            read: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"],
            write: ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy"],
        },
        {
            // A role is created, and its permissions changed, only with the boundary on it.
            sid: "PlatformRolesWithinBoundary", part: "identity", resources: [x.roles],
            read: [],
            write: ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy"],
            condition: { StringEquals: { "iam:PermissionsBoundary": s.boundaryArn } },
        },
        {
            // Managed policies only AWS's, so a role cannot be handed a policy written for another purpose.
            sid: "PlatformRolesManagedPolicies", part: "identity", resources: [x.roles],
            read: [],
            write: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            condition: { StringEquals: { "iam:PermissionsBoundary": s.boundaryArn }, ArnLike: { "iam:PolicyARN": `arn:${s.partition}:iam::aws:policy/*` } },
        },
        {
            sid: "ClusterOidcProvider", part: "identity", resources: [x.clusterOidc],
            read: ["iam:GetOpenIDConnectProvider"],
            write: ["iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
                "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"],
        },
        {
            sid: "ServiceLinkedRoles", part: "identity", resources: [x.serviceLinkedRoles],
            read: [],
            write: ["iam:CreateServiceLinkedRole"],
            condition: { StringEquals: { "iam:AWSServiceName": ["eks.amazonaws.com", "eks-nodegroup.amazonaws.com", "rds.amazonaws.com", "autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com"] } },
        },
        ...passRoleGrants(x),
        {
            sid: "KmsCatalog", part: "identity", resources: ["*"],
            read: ["kms:ListAliases"], write: [],
        },
        {
            sid: "KmsCreateKey", part: "identity", resources: ["*"],
            read: [], write: ["kms:CreateKey"],
            condition: { StringLike: { "aws:RequestTag/Name": `${x.prefix}-*` } },
        },
        {
            // Keys have no names: the Name tag every EncryptionKey carries is the scope.
            sid: "PlatformKeys", part: "identity", resources: [x.keys],
            read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
            write: ["kms:EnableKeyRotation", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
                "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CreateGrant"],
            condition: { StringLike: { "aws:ResourceTag/Name": `${x.prefix}-*` } },
        },
        {
            sid: "PlatformKeyAliases", part: "identity", resources: [x.aliases],
            read: [], write: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
        },
        {
            sid: "LogsCatalog", part: "data", resources: ["*"],
            read: ["logs:DescribeLogGroups"], write: [],
        },
        {
            sid: "PlatformLogGroups", part: "data", resources: x.logGroups,
            read: ["logs:ListTagsForResource", "logs:ListTagsLogGroup", "logs:DescribeMetricFilters"],
            write: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
                "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup", "logs:PutMetricFilter", "logs:DeleteMetricFilter"],
        },
        {
            sid: "LogsQueryDefinitions", part: "data", resources: ["*"],
            read: ["logs:DescribeQueryDefinitions"], write: ["logs:PutQueryDefinition", "logs:DeleteQueryDefinition"],
        },
        {
            sid: "PlatformAlarms", part: "data", resources: [x.alarms],
            read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
            write: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
        },
        {
            sid: "PlatformTopics", part: "data", resources: [x.topics],
            read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
            write: ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
        },
        {
            sid: "PlatformDatabase", part: "data", resources: x.rds,
            read: ["rds:DescribeDBInstances", "rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
            write: ["rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:RebootDBInstance", "rds:CreateDBSnapshot",
                "rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:DeleteDBParameterGroup",
                "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup",
                "rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
        },
        {
            sid: "PlatformBuckets", part: "data", resources: [x.buckets],
            read: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration", "s3:GetAccelerateConfiguration", "s3:GetAnalyticsConfiguration", "s3:GetIntelligentTieringConfiguration",
                "s3:GetInventoryConfiguration", "s3:GetMetricsConfiguration"],
            write: ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning",
                "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutLifecycleConfiguration",
                "s3:PutBucketLogging", "s3:PutReplicationConfiguration"],
        },
        {
            sid: "PlatformImages", part: "data", resources: [x.images],
            read: ["ecr:DescribeImages"], write: [],
        },
        {
            // The program checks that the bootstrap's pull-through cache rules exist; the action has no resource-level scope.
            sid: "ImageCacheRules", part: "data", resources: ["*"],
            read: ["ecr:DescribePullThroughCacheRules"], write: [],
        },
        {
            sid: "PublicParameters", part: "data", resources: [x.publicParameters],
            read: ["ssm:GetParameter"], write: [],
        },
    ];
}

/** iam:PassRole for each of the program's service roles, to the one service it is handed to. */
function passRoleGrants(x: ReturnType<typeof arns>): ServiceGrant[] {
    const passes: [string, string[], string][] = [
        ["PassClusterRoles", [x.role("cluster-role"), x.role("node-role")], "eks.amazonaws.com"],
        ["PassFlowLogsRole", [x.role("flow-logs")], "vpc-flow-logs.amazonaws.com"],
        ["PassDatabaseMonitoringRole", [x.role("postgres-monitoring")], "rds.amazonaws.com"],
        ["PassReplicationRole", [x.role("backups-replication")], "s3.amazonaws.com"],
    ];
    return passes.map(([sid, resources, service]) => ({
        sid, part: "identity" as const, resources, read: [], write: ["iam:PassRole"], condition: { StringEquals: { "iam:PassedToService": service } },
    }));
}

/** The stack's state objects in the backend, and the bucket key's use through S3 for them. */
function stateStatements(s: DeliveryScope, access: "preview" | "deploy"): PolicyStatement[] {
    const objects = stackStateObjects(s.environment);
    const object = (key: string) => `${s.stateBucketArn}/${key}`;
    const read = [object(objects.meta), object(objects.checkpoint), ...(access === "deploy" ? [object(objects.history), object(objects.backups)] : [])];
    const written = access === "deploy" ? [object(objects.checkpoint), object(objects.history), object(objects.backups), object(objects.locks)] : [object(objects.locks)];
    return [
        { Sid: "StateList", Effect: "Allow", Action: "s3:ListBucket", Resource: s.stateBucketArn, Condition: { StringLike: { "s3:prefix": [".pulumi/*"] } } },
        { Sid: "StateRead", Effect: "Allow", Action: "s3:GetObject", Resource: [...read, object(objects.locks)] },
        // A preview takes the stack's lock like an update: it writes and removes only that.
        { Sid: "StateWrite", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: written },
        {
            // The state bucket encrypts with its own key (with an S3 bucket key, whose context is the bucket).
            Sid: "StateEncryption", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: `arn:${s.partition}:kms:${s.stateBucketRegion}:${s.accountId}:key/*`,
            Condition: { StringEquals: { "kms:ViaService": `s3.${s.stateBucketRegion}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": s.stateBucketArn } },
        },
        { Sid: "StackSecrets", Effect: "Allow", Action: access === "deploy" ? ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], Resource: s.secretsKeyArn },
    ];
}

function toStatements(grants: ServiceGrant[], part: "read" | "all"): PolicyStatement[] {
    return grants
        .map((g) => ({ g, actions: part === "read" ? g.read : [...g.read, ...g.write] }))
        .filter(({ actions }) => actions.length > 0)
        .map(({ g, actions }) => ({ Sid: g.sid, Effect: "Allow" as const, Action: actions, Resource: g.resources, ...(g.condition ? { Condition: g.condition } : {}) }));
}

/** The preview role: the reads of a refresh and the program's lookups, the stack's state and lock, and decrypting its secrets. */
export function previewPolicy(s: DeliveryScope): PolicyDocument {
    return policyDocument(...toStatements(platformGrants(s), "read"), ...stateStatements(s, "preview"));
}

/**
 * The deploy role, as its managed policies by DEPLOY_PARTS: everything an update of the
 * environment's platform stack does, scoped to its name prefix; new roles only with the
 * boundary; and none of the break-glass actions on what protects the backups and the secrets
 * (explicitly denied, so that a broader grant added later cannot give them back).
 */
export function deployPolicies(s: DeliveryScope): Record<DeployPart, PolicyDocument> {
    const x = arns(s);
    const grants = platformGrants(s);
    const of = (part: DeployPart) => toStatements(grants.filter((g) => g.part === part), "all");
    return {
        compute: policyDocument(...of("compute")),
        identity: policyDocument(
            ...of("identity"),
            {
                Sid: "DenyProtectedKeys", Effect: "Deny", Action: [...BREAK_GLASS_ACTIONS.keys], Resource: x.keys,
                Condition: { StringEquals: { "aws:ResourceTag/Name": protectedKeyNames(s.environment) } },
            },
            {
                Sid: "DenyProtectedAliases", Effect: "Deny", Action: ["kms:DeleteAlias", "kms:UpdateAlias"],
                Resource: protectedKeyNames(s.environment).map((name) => `arn:${s.partition}:kms:*:${s.accountId}:alias/${name}`),
            },
        ),
        data: policyDocument(
            ...of("data"),
            ...stateStatements(s, "deploy"),
            { Sid: "DenyBackupProtection", Effect: "Deny", Action: [...BREAK_GLASS_ACTIONS.buckets], Resource: x.backupBuckets },
        ),
    };
}

/** Every statement of the deploy role's policies, as one document (what the role is allowed in all). */
export function deployPolicy(s: DeliveryScope): PolicyDocument {
    return policyDocument(...Object.values(deployPolicies(s)).flatMap((d) => d.Statement));
}

/**
 * The boundary of every role the platform creates: the most its cluster, nodes, IRSA
 * workloads, flow logs, replication and database monitoring may ever do, whatever policies
 * they are given. Verb-level wildcards per service (never a whole service) keep it readable;
 * IAM administration and the break-glass actions are denied outright.
 */
export function permissionsBoundaryPolicy(): PolicyDocument {
    return policyDocument(
        {
            Sid: "PlatformServices", Effect: "Allow", Resource: "*",
            Action: [
                // EKS cluster and nodes, the VPC CNI, the EBS CSI driver, the cluster autoscaler.
                "ec2:Describe*", "ec2:Get*", "ec2:CreateTags", "ec2:DeleteTags",
                "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
                "ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
                "ec2:AssignIpv6Addresses", "ec2:UnassignIpv6Addresses",
                "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifyInstanceAttribute",
                "ec2:CreateVolume", "ec2:DeleteVolume", "ec2:AttachVolume", "ec2:DetachVolume", "ec2:ModifyVolume",
                "ec2:CreateSnapshot", "ec2:CreateSnapshots", "ec2:DeleteSnapshot", "ec2:EnableFastSnapshotRestores",
                "elasticloadbalancing:Describe*", "elasticloadbalancing:Create*", "elasticloadbalancing:Delete*", "elasticloadbalancing:Modify*",
                "elasticloadbalancing:Register*", "elasticloadbalancing:Deregister*", "elasticloadbalancing:Set*", "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags", "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer", "elasticloadbalancing:AttachLoadBalancerToSubnets",
                "elasticloadbalancing:ConfigureHealthCheck",
                "autoscaling:Describe*", "autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup",
                "eks:Describe*", "eks:List*", "eks-auth:AssumeRoleForPodIdentity",
                "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages",
                // cert-manager's DNS-01 challenges.
                "route53:ChangeResourceRecordSets", "route53:GetChange", "route53:ListHostedZones", "route53:ListHostedZonesByName",
                "route53:ListResourceRecordSets", "route53:ListTagsForResources",
                // Velero and S3 replication.
                "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging",
                "s3:GetObjectRetention", "s3:GetObjectLegalHold", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject", "s3:AbortMultipartUpload",
                "s3:ListBucket", "s3:ListMultipartUploadParts", "s3:GetReplicationConfiguration", "s3:GetBucketLocation",
                "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags",
                "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant",
                "kms:RetireGrant",
                // Flow logs and RDS enhanced monitoring.
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy", "logs:DescribeLogGroups",
                "logs:DescribeLogStreams", "logs:GetLogEvents",
                "iam:CreateServiceLinkedRole",
                // Traces to X-Ray (the OpenTelemetry Collector).
                "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                // CloudWatch metrics of the database, NAT gateways and load balancer (the CloudWatch exporter).
                "tag:GetResources", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData",
            ],
        },
        {
            // Pulls through the caches (the nodes) and the repositories a first pull creates (ECR, as the templates' role).
            Sid: "PullThroughCacheRepositories", Effect: "Allow",
            Resource: CACHE_NAMES.map((cache) => `arn:*:ecr:*:*:repository/${cache}/*`),
            Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:TagResource"],
        },
        {
            Sid: "DenyIamAdministration", Effect: "Deny", Resource: "*",
            Action: [
                "iam:CreateRole", "iam:CreateUser", "iam:CreateGroup", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateAccessKey",
                "iam:CreateLoginProfile", "iam:CreateInstanceProfile", "iam:CreateOpenIDConnectProvider", "iam:CreateSAMLProvider",
                "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Delete*", "iam:Update*", "iam:Add*", "iam:Remove*", "iam:Set*",
                "iam:Tag*", "iam:Untag*", "iam:Upload*", "iam:PassRole",
            ],
        },
        {
            Sid: "DenyBreakGlass", Effect: "Deny", Resource: "*",
            Action: [...BREAK_GLASS_ACTIONS.keys, ...BREAK_GLASS_ACTIONS.buckets, ...BREAK_GLASS_ACTIONS.logs],
        },
    );
}
