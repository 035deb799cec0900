/**
 * Compliant fixtures for the IAM, KMS, ECR, RDS, security-group and log policies, shaped like
 * what the program registers. Tests change one thing on a fresh fixture.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { awsProvider, resource } from "./fixtures";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const OIDC_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/5C4B3E2F1A0D9C8B7A6F5E4D3C2B1A09";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/2f6b2a52-8f3e-4d4b-9a51-0c1d7f0e9b11`;

/** A document the way the program hands it over: a JSON string. */
export const json = (document: unknown): string => JSON.stringify(document);

/** An IRSA trust policy scoped to one service account and the STS audience. */
export function irsaTrustPolicy(subject = "system:serviceaccount:kube-system:cluster-autoscaler") {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_ISSUER}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${OIDC_ISSUER}:sub`]: subject, [`${OIDC_ISSUER}:aud`]: "sts.amazonaws.com" } },
        }],
    };
}

/** A service role's trust policy (the VPC flow-log delivery role). */
export function serviceTrustPolicy() {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
    };
}

/** The environment's permissions boundary, which every role the program creates carries. */
export const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/signal-trading-prod-boundary`;

export function role(name: string, assumeRolePolicy: unknown, provider = awsProvider()): ResourceUnderTest {
    return resource("aws:iam/role:Role", name, { provider, inputs: { assumeRolePolicy, description: `${name} role`, permissionsBoundary: BOUNDARY_ARN, tags: {} } });
}

/** A least-privilege permissions policy (the cluster autoscaler's). */
export function autoscalerPermissions() {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "Describe", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "ec2:DescribeLaunchTemplateVersions"], Resource: "*" },
            {
                Sid: "Scale", Effect: "Allow", Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], Resource: "*",
                Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" } },
            },
        ],
    };
}

/** The key policy the program writes: account root, CloudWatch Logs with a source condition, the Auto Scaling service-linked role. */
export function keyPolicy() {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudWatchLogs", Effect: "Allow", Principal: { Service: `logs.${REGION}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } },
            },
            {
                Sid: "AutoScalingServiceLinkedRole", Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling` },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"], Resource: "*",
            },
        ],
    };
}

export function kmsKey(provider = awsProvider()): ResourceUnderTest {
    return resource("aws:kms/key:Key", "platform-key", {
        provider, inputs: { description: "platform data key", enableKeyRotation: true, deletionWindowInDays: 30, policy: json(keyPolicy()), tags: {} },
    });
}

export function ecrRepository(provider = awsProvider()): ResourceUnderTest {
    const inputs = {
        name: "signal-trading/gateway", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }], forceDelete: false, tags: {},
    };
    return resource("aws:ecr/repository:Repository", "gateway-repo", {
        provider, inputs, outputs: { ...inputs, arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${inputs.name}`, registryId: ACCOUNT, repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${inputs.name}` },
    });
}

export function ecrLifecyclePolicy(repository: ResourceUnderTest, name = "gateway-repo-lifecycle", provider = awsProvider()): ResourceUnderTest {
    const policy = json({
        rules: [
            { rulePriority: 1, description: "expire untagged images", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }, action: { type: "expire" } },
            { rulePriority: 2, description: "keep the last 50 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 }, action: { type: "expire" } },
        ],
    });
    return resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", name, {
        provider, inputs: { repository: repository.outputs.name, policy }, propertyDependsOn: { repository: [repository] },
    });
}

/** A PostgreSQL instance and the parameter group it uses, as the program registers them (outputs as a stack policy sees them). */
export function postgresDatabase(provider = awsProvider()) {
    const parameterGroup = resource("aws:rds/parameterGroup:ParameterGroup", "db-params", {
        provider, inputs: { family: "postgres17", name: "signal-trading-db", parameters: [{ name: "rds.force_ssl", value: "1" }, { name: "log_min_duration_statement", value: "500" }], tags: {} },
    });
    const inputs = {
        engine: "postgres", engineVersion: "17.4", instanceClass: "db.m7g.large", allocatedStorage: 100,
        storageEncrypted: true, kmsKeyId: KEY_ARN, publiclyAccessible: false, multiAz: true, deletionProtection: true,
        backupRetentionPeriod: 14, dbSubnetGroupName: "signal-trading-db", parameterGroupName: "signal-trading-db",
        vpcSecurityGroupIds: ["sg-0a1b2c3d4e5f60718"], performanceInsightsEnabled: true, monitoringInterval: 60, tags: {},
    };
    const instance = resource("aws:rds/instance:Instance", "db", {
        provider, inputs, outputs: { ...inputs, arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:db-1a2b3c`, endpoint: "db-1a2b3c.example.us-east-1.rds.amazonaws.com:5432" },
        propertyDependsOn: { parameterGroupName: [parameterGroup] },
    });
    return { provider, parameterGroup, instance, all: [provider, parameterGroup, instance] };
}

export function rdsCluster(provider = awsProvider()): ResourceUnderTest {
    return resource("aws:rds/cluster:Cluster", "aurora", {
        provider, inputs: {
            engine: "aurora-postgresql", engineVersion: "17.4", storageEncrypted: true, kmsKeyId: KEY_ARN, deletionProtection: true,
            backupRetentionPeriod: 14, dbSubnetGroupName: "signal-trading-db", vpcSecurityGroupIds: ["sg-0a1b2c3d4e5f60718"], tags: {},
        },
    });
}

/** The database security group and its one ingress rule from the cluster's node security group. */
export function databaseSecurityGroup(provider = awsProvider()) {
    const group = resource("aws:ec2/securityGroup:SecurityGroup", "db-sg", {
        provider, inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", description: "database", ingress: [], egress: [], tags: {} },
    });
    const ingress = resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-nodes", {
        provider, inputs: { securityGroupId: "sg-0a1b2c3d4e5f60718", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-0f1e2d3c4b5a69788", tags: {} },
    });
    return { provider, group, ingress, all: [provider, group, ingress] };
}

export function logGroup(provider = awsProvider()): ResourceUnderTest {
    return resource("aws:cloudwatch/logGroup:LogGroup", "flow-logs", {
        provider, inputs: { name: "/aws/vpc/net/flow-logs", retentionInDays: 30, kmsKeyId: KEY_ARN, tags: {} },
    });
}
