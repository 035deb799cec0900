/**
 * The workflows' roles against what the platform program actually does: the plans of both
 * stacks under the mocks give every resource type and invoke, a table (written from the AWS
 * provider's calls, independently of the policies) gives the IAM actions each needs, and the
 * generated policies must grant them: the deploy role all, the preview role the reads.
 */
import { strict as assert } from "node:assert";
import { PolicyDocument, PolicyStatement } from "../components/shared/iam";
import {
    BREAK_GLASS_ACTIONS, deployPolicy, DeliveryScope, permissionsBoundaryPolicy, previewPolicy, protectedKeyNames, secretsKeyName, UNSCOPED_ACTIONS,
} from "../bootstrap/delivery-policies";
import { programRunOf, Registrations } from "./harness";

interface Needs { read: string[]; write: string[] }

const none: Needs = { read: [], write: [] };
/** Created and read through the cluster's API, as the deploy role's access entry allows: no AWS action. */
const kubernetes = none;
const tagged = (service: string) => [`${service}:CreateTags`, `${service}:DeleteTags`];

/** The IAM actions the AWS provider calls to create, update, delete (write) and refresh (read) each type. */
const ACTIONS_BY_TYPE: Record<string, Needs> = {
    "aws:cloudwatch/logGroup:LogGroup": {
        read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
        write: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:AssociateKmsKey", "logs:TagResource", "logs:UntagResource"],
    },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { read: ["logs:DescribeMetricFilters"], write: ["logs:PutMetricFilter", "logs:DeleteMetricFilter"] },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
        write: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    },
    "aws:cloudwatch/queryDefinition:QueryDefinition": { read: ["logs:DescribeQueryDefinitions"], write: ["logs:PutQueryDefinition", "logs:DeleteQueryDefinition"] },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        read: ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"],
        write: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", ...tagged("ec2")],
    },
    "aws:ec2/eip:Eip": { read: ["ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute"], write: ["ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress", ...tagged("ec2")] },
    "aws:ec2/flowLog:FlowLog": { read: ["ec2:DescribeFlowLogs"], write: ["ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", "iam:PassRole", ...tagged("ec2")] },
    "aws:ec2/internetGateway:InternetGateway": {
        read: ["ec2:DescribeInternetGateways"], write: ["ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", ...tagged("ec2")],
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        read: ["ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"],
        write: ["ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ec2:DeleteLaunchTemplate", ...tagged("ec2")],
    },
    "aws:ec2/natGateway:NatGateway": { read: ["ec2:DescribeNatGateways"], write: ["ec2:CreateNatGateway", "ec2:DeleteNatGateway", ...tagged("ec2")] },
    "aws:ec2/routeTable:RouteTable": {
        read: ["ec2:DescribeRouteTables"], write: ["ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", ...tagged("ec2")],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        read: ["ec2:DescribeRouteTables"], write: ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation"],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        read: ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"],
        write: ["ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupEgress", ...tagged("ec2")],
    },
    "aws:ec2/subnet:Subnet": { read: ["ec2:DescribeSubnets"], write: ["ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", ...tagged("ec2")] },
    "aws:ec2/vpc:Vpc": {
        read: ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeNetworkAcls", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables"],
        write: ["ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", ...tagged("ec2")],
    },
    "aws:eks/accessEntry:AccessEntry": { read: ["eks:DescribeAccessEntry"], write: ["eks:CreateAccessEntry", "eks:DeleteAccessEntry", "eks:UpdateAccessEntry", "eks:TagResource"] },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { read: ["eks:ListAssociatedAccessPolicies"], write: ["eks:AssociateAccessPolicy", "eks:DisassociateAccessPolicy"] },
    "aws:eks/addon:Addon": { read: ["eks:DescribeAddon"], write: ["eks:CreateAddon", "eks:DeleteAddon", "eks:UpdateAddon", "eks:TagResource", "iam:PassRole"] },
    "aws:eks/cluster:Cluster": {
        read: ["eks:DescribeCluster", "eks:DescribeUpdate"],
        write: ["eks:CreateCluster", "eks:DeleteCluster", "eks:UpdateClusterConfig", "eks:UpdateClusterVersion", "eks:TagResource", "eks:UntagResource",
            "iam:PassRole", "iam:CreateServiceLinkedRole", "kms:DescribeKey", "kms:CreateGrant"],
    },
    "aws:eks/nodeGroup:NodeGroup": {
        read: ["eks:DescribeNodegroup", "eks:DescribeUpdate", "ec2:DescribeLaunchTemplateVersions"],
        write: ["eks:CreateNodegroup", "eks:DeleteNodegroup", "eks:UpdateNodegroupConfig", "eks:UpdateNodegroupVersion", "eks:TagResource", "iam:PassRole",
            "iam:CreateServiceLinkedRole"],
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        read: ["iam:GetOpenIDConnectProvider"],
        write: ["iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint"],
    },
    "aws:iam/role:Role": {
        read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"],
        write: ["iam:CreateRole", "iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary"],
    },
    "aws:iam/rolePolicy:RolePolicy": { read: ["iam:GetRolePolicy"], write: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { read: ["iam:ListAttachedRolePolicies"], write: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"] },
    "aws:kms/alias:Alias": { read: ["kms:ListAliases"], write: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"] },
    "aws:kms/key:Key": {
        read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
        write: ["kms:CreateKey", "kms:EnableKeyRotation", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
    },
    "aws:sns/topic:Topic": {
        read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
        write: ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
    },
    "aws:rds/instance:Instance": {
        read: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
        write: ["rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:CreateDBSnapshot", "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
            "iam:PassRole", "iam:CreateServiceLinkedRole", "kms:DescribeKey", "kms:CreateGrant"],
    },
    "aws:rds/parameterGroup:ParameterGroup": {
        read: ["rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:ListTagsForResource"],
        write: ["rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:DeleteDBParameterGroup", "rds:AddTagsToResource"],
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        read: ["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
        write: ["rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:AddTagsToResource"],
    },
    "aws:s3/bucket:Bucket": {
        read: ["s3:ListBucket", "s3:GetBucketTagging", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketVersioning",
            "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration",
            "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketLocation", "s3:ListBucketVersions"],
        // forceDestroy of an unprotected bucket deletes its object versions: that is the break-glass role's (see docs/operations.md).
        write: ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { read: ["s3:GetLifecycleConfiguration"], write: ["s3:PutLifecycleConfiguration"] },
    "aws:s3/bucketLogging:BucketLogging": { read: ["s3:GetBucketLogging"], write: ["s3:PutBucketLogging"] },
    // Turning object lock on (s3:PutBucketObjectLockConfiguration) is the break-glass role's: the backup buckets' policies refuse it to anyone else.
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": { read: ["s3:GetBucketObjectLockConfiguration"], write: [] },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { read: ["s3:GetBucketOwnershipControls"], write: ["s3:PutBucketOwnershipControls"] },
    "aws:s3/bucketPolicy:BucketPolicy": { read: ["s3:GetBucketPolicy"], write: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"] },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { read: ["s3:GetBucketPublicAccessBlock"], write: ["s3:PutBucketPublicAccessBlock"] },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { read: ["s3:GetReplicationConfiguration"], write: ["s3:PutReplicationConfiguration", "iam:PassRole"] },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { read: ["s3:GetEncryptionConfiguration"], write: ["s3:PutEncryptionConfiguration"] },
    "aws:s3/bucketVersioning:BucketVersioning": { read: ["s3:GetBucketVersioning"], write: ["s3:PutBucketVersioning"] },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        read: ["ec2:DescribeSecurityGroupRules"], write: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:ModifySecurityGroupRules", ...tagged("ec2")],
    },
    "pulumi:providers:aws": none,
    "pulumi:providers:kubernetes": none,
    "random:index/randomBytes:RandomBytes": none,
    "random:index/randomId:RandomId": none,
    "random:index/randomPassword:RandomPassword": none,
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": kubernetes,
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": kubernetes,
    "kubernetes:apps/v1:Deployment": kubernetes,
    "kubernetes:apps/v1:StatefulSet": kubernetes,
    "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler": kubernetes,
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": kubernetes,
    "kubernetes:batch/v1:Job": kubernetes,
    "kubernetes:cert-manager.io/v1:Certificate": kubernetes,
    "kubernetes:cert-manager.io/v1:ClusterIssuer": kubernetes,
    "kubernetes:cert-manager.io/v1:Issuer": kubernetes,
    "kubernetes:core/v1:ConfigMap": kubernetes,
    "kubernetes:core/v1:LimitRange": kubernetes,
    "kubernetes:core/v1:Namespace": kubernetes,
    "kubernetes:core/v1:PersistentVolumeClaimPatch": kubernetes,
    "kubernetes:core/v1:ResourceQuota": kubernetes,
    "kubernetes:core/v1:Secret": kubernetes,
    "kubernetes:core/v1:Service": kubernetes,
    "kubernetes:core/v1:ServiceAccount": kubernetes,
    "kubernetes:helm.sh/v3:Release": kubernetes,
    "kubernetes:monitoring.coreos.com/v1:ServiceMonitor": kubernetes,
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule": kubernetes,
    "kubernetes:networking.k8s.io/v1:Ingress": kubernetes,
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": kubernetes,
    "kubernetes:policy/v1:PodDisruptionBudget": kubernetes,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": kubernetes,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": kubernetes,
    "kubernetes:rbac.authorization.k8s.io/v1:Role": kubernetes,
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": kubernetes,
    "kubernetes:scheduling.k8s.io/v1:PriorityClass": kubernetes,
    "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy": kubernetes,
    "kubernetes:storage.k8s.io/v1:StorageClass": kubernetes,
    "kubernetes:velero.io/v1:BackupStorageLocation": kubernetes,
    "kubernetes:velero.io/v1:Schedule": kubernetes,
    "kubernetes:velero.io/v1:VolumeSnapshotLocation": kubernetes,
};

/** The reads behind each invoke of the program (sts:GetCallerIdentity needs no permission). */
const ACTIONS_BY_INVOKE: Record<string, string[]> = {
    "aws:ebs/getEbsVolumes:getEbsVolumes": ["ec2:DescribeVolumes"],
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": ["ec2:DescribeInstanceTypeOfferings"],
    "aws:ec2/getVpcs:getVpcs": ["ec2:DescribeVpcs"],
    "aws:ecr/getImage:getImage": ["ecr:DescribeImages"],
    "aws:ecr/getPullThroughCacheRule:getPullThroughCacheRule": ["ecr:DescribePullThroughCacheRules"],
    "aws:eks/getAddonVersion:getAddonVersion": ["eks:DescribeAddonVersions"],
    "aws:eks/getClusters:getClusters": ["eks:ListClusters"],
    "aws:index/getAvailabilityZones:getAvailabilityZones": ["ec2:DescribeAvailabilityZones"],
    "aws:index/getCallerIdentity:getCallerIdentity": [],
    "aws:index/getPartition:getPartition": [],
    "aws:index/getRegion:getRegion": [],
    "aws:ssm/getParameter:getParameter": ["ssm:GetParameter"],
};

/** `pattern` (IAM's `*` and `?` wildcards, case-insensitive) matches `value`. */
function matches(pattern: string, value: string): boolean {
    const regex = new RegExp(`^${pattern.split("").map((c) => c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")).join("")}$`, "i");
    return regex.test(value);
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const statementsOf = (document: PolicyDocument, effect: "Allow" | "Deny") => document.Statement.filter((s) => s.Effect === effect);
const grantsAction = (s: PolicyStatement, action: string) => list(s.Action).some((a) => matches(a, action));

/** Some Allow statement of `document` names `action` (any resource, any condition). */
function allowsAction(document: PolicyDocument, action: string): boolean {
    return statementsOf(document, "Allow").some((s) => grantsAction(s, action));
}

/**
 * Whether a request for `action` on `resource`, with `context` (condition keys to values), is
 * allowed: an explicit deny wins, then any allow. A condition holds when every key it tests
 * is in the context and matches (StringEquals, StringLike, ArnLike; lists are any-of).
 */
function allows(document: PolicyDocument, action: string, resource: string, context: Record<string, string>): boolean {
    const holds = (s: PolicyStatement) => Object.entries(s.Condition ?? {}).every(([operator, tests]) =>
        Object.entries(tests).every(([key, expected]) => {
            const actual = context[key];
            if (actual === undefined) return false;
            const candidates = list(expected as string | string[]).map(String);
            if (operator === "StringEquals") return candidates.includes(actual);
            if (operator === "StringLike" || operator === "ArnLike") return candidates.some((c) => matches(c, actual));
            throw new Error(`condition operator ${operator} is not modelled here`);
        }));
    const applies = (s: PolicyStatement) => grantsAction(s, action) && list(s.Resource).some((r) => matches(r, resource)) && holds(s);
    return !statementsOf(document, "Deny").some(applies) && statementsOf(document, "Allow").some(applies);
}

function scopeOf(environment: string): DeliveryScope {
    return {
        partition: "aws", accountId: "123456789012", region: "us-east-1", environment,
        stateBucketArn: "arn:aws:s3:::signal-trading-state-primary-096c457", stateBucketRegion: "us-east-1",
        secretsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        boundaryArn: `arn:aws:iam::123456789012:policy/signal-trading-${environment}-permissions-boundary`,
    };
}

describe("the workflows' permissions against the platform's plans", () => {
    const types = new Set<string>();
    const invokes = new Set<string>();
    const plans: Partial<Record<"dev" | "prod", Registrations>> = {};
    before(async () => {
        for (const stack of ["dev", "prod"] as const) {
            const r = await programRunOf(stack);
            plans[stack] = r;
            for (const resource of r.all) if (!resource.type.startsWith("signal-trading:")) types.add(resource.type);
            for (const invoke of r.invokes) invokes.add(invoke.token);
        }
    });

    it("knows the actions of exactly the resource types and invokes in the plans of both stacks", () => {
        assert.deepEqual([...types].filter((t) => !(t in ACTIONS_BY_TYPE)), [], "types without an entry in ACTIONS_BY_TYPE");
        assert.deepEqual([...invokes].filter((t) => !(t in ACTIONS_BY_INVOKE)), [], "invokes without an entry in ACTIONS_BY_INVOKE");
        assert.deepEqual(Object.keys(ACTIONS_BY_TYPE).filter((t) => !types.has(t)), [], "entries of types no plan has");
        assert.deepEqual(Object.keys(ACTIONS_BY_INVOKE).filter((t) => !invokes.has(t)), [], "entries of invokes no plan makes");
    });

    for (const environment of ["dev", "prod"]) {
        describe(`environment ${environment}`, () => {
            const scope = scopeOf(environment);
            const deploy = deployPolicy(scope);
            const preview = previewPolicy(scope);
            const reads = () => [...new Set([...[...types].flatMap((t) => ACTIONS_BY_TYPE[t].read), ...[...invokes].flatMap((i) => ACTIONS_BY_INVOKE[i])])].sort();
            const writes = () => [...new Set([...types].flatMap((t) => ACTIONS_BY_TYPE[t].write))].sort();

            it("the deploy role is granted every action the plans need", () => {
                assert.deepEqual([...reads(), ...writes()].filter((a) => !allowsAction(deploy, a)), []);
            });

            it("the preview role is granted every read the refresh and the invokes need, and no write of the platform's", () => {
                assert.deepEqual(reads().filter((a) => !allowsAction(preview, a)), []);
                const previewWrites = writes().filter((a) => !reads().includes(a) && allowsAction(preview, a));
                assert.deepEqual(previewWrites, []);
            });

            it("grants on every resource (`*`) only the actions IAM cannot scope to a resource", () => {
                for (const document of [deploy, preview]) {
                    const unscoped = statementsOf(document, "Allow").filter((s) => list(s.Resource).includes("*")).flatMap((s) => list(s.Action));
                    assert.deepEqual(unscoped.filter((a) => !(UNSCOPED_ACTIONS as readonly string[]).includes(a)), []);
                }
            });

            it("protects keys the plan creates (the bootstrap's own aside): in prod also the cluster's Secrets and the logs, in dev neither, so its destroy can delete them", () => {
                const r = plans[environment as "dev" | "prod"]!;
                const planKeys = r.ofType("aws:kms/key:Key").map((k) => r.inputs(k).tags.Name as string);
                const bootstrapKeys = [secretsKeyName(environment), `signal-trading-${environment}-registry`];
                const platformProtected = protectedKeyNames(environment).filter((name) => !bootstrapKeys.includes(name));
                // Dev keeps no cross-region copy, so it has no replica key.
                const absent = environment === "dev" ? [`signal-trading-dev-backups-replica`] : [];
                assert.deepEqual(platformProtected.filter((name) => !planKeys.includes(name)), absent);
                const extra = [`signal-trading-${environment}-eks-secrets`, `signal-trading-${environment}-logs`];
                assert.deepEqual(extra.filter((name) => protectedKeyNames(environment).includes(name)), environment === "prod" ? extra : []);
            });

            it("grants the deploy role none of the break-glass actions on the keys and buckets that protect the backups and the secrets", () => {
                const keyArn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000";
                for (const name of protectedKeyNames(environment)) {
                    for (const action of BREAK_GLASS_ACTIONS.keys) {
                        assert.equal(allows(deploy, action, keyArn, { "aws:ResourceTag/Name": name }), false, `${action} on ${name}`);
                    }
                    assert.equal(allows(deploy, "kms:DeleteAlias", `arn:aws:kms:us-east-1:123456789012:alias/${name}`, {}), false, `alias/${name}`);
                }
                for (const bucket of ["primary", "primary-logs", "replica", "replica-logs"].map((b) => `arn:aws:s3:::signal-trading-${environment}-backups-${b}-1234567`)) {
                    for (const action of BREAK_GLASS_ACTIONS.buckets) {
                        assert.equal(allows(deploy, action, bucket, {}), false, `${action} on ${bucket}`);
                        assert.equal(allows(deploy, action, `${bucket}/velero/backups/x`, {}), false, `${action} on objects of ${bucket}`);
                    }
                }
                for (const action of [...BREAK_GLASS_ACTIONS.logs, "s3:DeleteObjectVersion", "kms:DisableKey"]) assert.equal(allowsAction(deploy, action), false, action);
            });

            it("still lets the deploy role administer the environment's other keys, and no key of the other environment", () => {
                const keyArn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-0000-0000-000000000000";
                // A key of a new purpose, not (yet) in protectedKeyNames: the deny is by name, not on every key.
                assert.equal(allows(deploy, "kms:PutKeyPolicy", keyArn, { "aws:ResourceTag/Name": `signal-trading-${environment}-reports` }), true);
                const other = environment === "dev" ? "prod" : "dev";
                assert.equal(allows(deploy, "kms:PutKeyPolicy", keyArn, { "aws:ResourceTag/Name": `signal-trading-${other}-reports` }), false);
            });

            it("creates and changes roles only with the permissions boundary, and passes each service role only to its service", () => {
                const role = `arn:aws:iam::123456789012:role/signal-trading-${environment}-velero-role-9c9afe5`;
                for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]) {
                    assert.equal(allows(deploy, action, role, { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" }), false, `${action} without the boundary`);
                    assert.equal(allows(deploy, action, role, { "iam:PermissionsBoundary": scope.boundaryArn, "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" }), true, action);
                }
                assert.equal(allows(deploy, "iam:AttachRolePolicy", role, { "iam:PermissionsBoundary": scope.boundaryArn, "iam:PolicyARN": "arn:aws:iam::123456789012:policy/admin" }), false);
                const pass = (name: string, service: string) => allows(deploy, "iam:PassRole", `arn:aws:iam::123456789012:role/signal-trading-${environment}-${name}-0123abc`, { "iam:PassedToService": service });
                assert.deepEqual(
                    [pass("cluster-role", "eks.amazonaws.com"), pass("node-role", "eks.amazonaws.com"), pass("flow-logs", "vpc-flow-logs.amazonaws.com"),
                        pass("postgres-monitoring", "rds.amazonaws.com"), pass("backups-replication", "s3.amazonaws.com")],
                    [true, true, true, true, true]);
                assert.deepEqual([pass("cluster-role", "ec2.amazonaws.com"), pass("velero-role", "eks.amazonaws.com"), pass("flow-logs", "lambda.amazonaws.com")], [false, false, false]);
                assert.equal(allows(deploy, "iam:DeleteRole", `arn:aws:iam::123456789012:role/signal-trading-delivery-${environment}-break-glass`, {}), false);
            });

            it("reads and writes only this stack's state objects, and decrypts only through S3 for the state bucket", () => {
                const object = (key: string) => `${scope.stateBucketArn}/${key}`;
                const other = environment === "dev" ? "prod" : "dev";
                assert.equal(allows(deploy, "s3:PutObject", object(`.pulumi/stacks/signal-trading/${environment}.json`), {}), true);
                assert.equal(allows(deploy, "s3:PutObject", object(`.pulumi/stacks/signal-trading/${other}.json`), {}), false);
                assert.equal(allows(preview, "s3:PutObject", object(`.pulumi/locks/organization/signal-trading/${environment}/0123.json`), {}), true);
                assert.equal(allows(preview, "s3:PutObject", object(`.pulumi/stacks/signal-trading/${environment}.json`), {}), false);
                assert.equal(allows(preview, "s3:GetObject", object(`.pulumi/stacks/signal-trading/${environment}.json`), {}), true);
                assert.equal(allows(preview, "s3:GetObject", object(`.pulumi/stacks/signal-trading/${other}.json`), {}), false);
                const via = { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": scope.stateBucketArn };
                const stateKey = "arn:aws:kms:us-east-1:123456789012:key/99999999-0000-0000-0000-000000000000";
                assert.equal(allows(preview, "kms:Decrypt", stateKey, via), true);
                assert.equal(allows(preview, "kms:Decrypt", stateKey, {}), false);
                assert.equal(allows(preview, "kms:Decrypt", scope.secretsKeyArn, {}), true);
                assert.equal(allows(preview, "kms:Encrypt", scope.secretsKeyArn, {}), false);
            });
        });
    }

    it("bounds the platform's roles: the actions of their own inline policies are inside the boundary, IAM administration and the break-glass actions are not", () => {
        const boundary = permissionsBoundaryPolicy();
        const r = plans.prod!;
        const inline = r.ofType("aws:iam/rolePolicy:RolePolicy").flatMap((p) => (JSON.parse(r.inputs(p).policy) as PolicyDocument).Statement)
            .filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action));
        assert.ok(inline.length > 0);
        const outside = inline.filter((a) => !allowsAction(boundary, a));
        assert.deepEqual(outside, []);
        for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PassRole", "iam:CreateAccessKey", ...Object.values(BREAK_GLASS_ACTIONS).flat()]) {
            assert.equal(statementsOf(boundary, "Deny").some((s) => grantsAction(s, action)), true, action);
        }
    });

    it("lets bounded roles pull through the caches and create their repositories only under the caches' prefixes, never in the services' repositories", () => {
        const boundary = permissionsBoundaryPolicy();
        for (const action of ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:TagResource"]) {
            assert.equal(allows(boundary, action, "arn:aws:ecr:us-east-1:123456789012:repository/quay/prometheus/prometheus", {}), true, action);
            assert.equal(allows(boundary, action, "arn:aws:ecr:us-east-1:123456789012:repository/docker-hub/velero/velero", {}), true, action);
            assert.equal(allows(boundary, action, "arn:aws:ecr:us-east-1:123456789012:repository/signal-trading-prod/gateway", {}), false, action);
        }
    });
});
