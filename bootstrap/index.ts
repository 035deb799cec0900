/**
 * The bootstrap of an environment: what must exist before the platform's first `up`, created
 * once by an administrator (`pulumi up` in bootstrap/, with a local backend) through a provider
 * with the platform's default tags: the services' ECR repositories and their KMS key (the
 * release pipeline pushes the images there, and only then can the platform's pods pull them);
 * the pull-through caches every third-party image comes through (pull-through-cache.ts);
 * the platform stack's state backend and secrets provider; and the identities its GitHub
 * workflows assume (preview, deploy), the break-glass role, and the permissions boundary of
 * every role the platform creates.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupStorage } from "../components/backup/backup-storage";
import { EncryptionKey } from "../components/kms/encryption-key";
import { ContainerRegistry } from "../components/registry/registry";
import { resourcePrefix } from "../components/shared/naming";
import { defaultTags } from "../components/shared/tags";
import { SERVICE_NAMES } from "../stacks/config/schema";
import { managedPolicyArn, PolicyDocument } from "../components/shared/iam";
import { loadBootstrapConfig } from "./config";
import { PullThroughCaches } from "./pull-through-cache";
import {
    DEPLOY_PARTS, deliveryRoleName, deploySubjects, deployPolicies, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubTrustPolicy, permissionsBoundaryName,
    permissionsBoundaryPolicy, previewPolicy, previewSubjects, secretsKeyName, secretsProviderUrl as secretsProviderUrlOf, stateBackendUrl as stateBackendUrlOf, breakGlassTrustPolicy,
} from "./delivery-policies";

const config = loadBootstrapConfig();
const prefix = resourcePrefix(config.environment);
const tags = defaultTags({ owner: config.tags.owner, costCenter: config.tags.costCenter, environment: config.environment, extra: config.tags.extra });
const provider = new aws.Provider("aws", { region: config.aws.region as aws.Region, defaultTags: { tags } });
const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };

// Repositories named signal-trading-<environment>/<service>, which the platform's image references name.
const registryKey = new EncryptionKey(`${prefix}-registry`, { description: "Container images in ECR", deletionWindowDays: config.kms.deletionWindowDays }, opts);
const registry = new ContainerRegistry(prefix, { images: SERVICE_NAMES, lifecycle: config.registry, kmsKeyArn: registryKey.arn }, opts);

// The platform stack's secrets provider: a key per environment, so neither stack can read the other's secrets.
const secretsKey = new EncryptionKey(secretsKeyName(config.environment), {
    description: `Secrets of the platform stack ${config.environment} (its secrets provider)`, deletionWindowDays: config.kms.deletionWindowDays, protect: true,
}, opts);

const partition = aws.getPartitionOutput({}, { provider }).partition;
const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
const shared = config.accountShared;

/** Where the platform's state lives, and GitHub's OIDC provider: account-wide, created by one environment's bootstrap. */
function accountShared(): { bucketName: pulumi.Output<string>; bucketRegion: string; githubProviderArn: pulumi.Output<string> } {
    const existing = shared.existingStateBucket;
    if (!shared.create && existing) {
        return {
            bucketName: pulumi.output(existing.name),
            bucketRegion: existing.region,
            // The provider's ARN follows from its URL, which is unique in an account.
            githubProviderArn: pulumi.interpolate`arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        };
    }
    // The state bucket has its own key, access logs and, where required, a copy in another region.
    const stateKey = new EncryptionKey("signal-trading-state", {
        description: "Pulumi state of the platform stacks", deletionWindowDays: config.kms.deletionWindowDays, protect: true,
    }, opts);
    const replicaProvider = shared.stateReplicaRegion === undefined ? undefined
        : new aws.Provider("aws-state-replica", { region: shared.stateReplicaRegion as aws.Region, defaultTags: { tags } });
    const storage = new BackupStorage("signal-trading-state", {
        kmsKeyArn: stateKey.arn,
        noncurrentVersionDays: shared.stateVersionDays,
        keyDeletionWindowDays: config.kms.deletionWindowDays,
        // Replication Time Control as for the backups (the prod pack requires it); state objects are small.
        replica: replicaProvider && { provider: replicaProvider, replicationTimeControl: true },
        protect: true,
    }, opts);
    const githubProvider = new aws.iam.OpenIdConnectProvider("github-actions", {
        url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags: { Name: "github-actions" },
    }, { provider, protect: true }); // the other environment's roles in the account trust it too
    return { bucketName: storage.bucketName, bucketRegion: config.aws.region, githubProviderArn: githubProvider.arn };
}
const state = accountShared();

const boundary = new aws.iam.Policy(permissionsBoundaryName(config.environment), {
    name: permissionsBoundaryName(config.environment),
    description: `Permissions boundary of every role the platform stack ${config.environment} creates`,
    policy: JSON.stringify(permissionsBoundaryPolicy()),
    tags: { Name: permissionsBoundaryName(config.environment) },
}, { provider });

const scope = pulumi.all([partition, accountId, state.bucketName, secretsKey.arn, boundary.arn]).apply(([p, account, bucket, secretsKeyArn, boundaryArn]) => ({
    partition: p, accountId: account, region: config.aws.region, environment: config.environment,
    stateBucketArn: `arn:${p}:s3:::${bucket}`, stateBucketRegion: state.bucketRegion, secretsKeyArn, boundaryArn,
}));

/** A role of the workflows, trusted by GitHub's tokens with one of `subjects`, with managed policies `<role>-<part>`. */
function workflowRole(purpose: "preview" | "deploy", subjects: string[], documents: Record<string, pulumi.Output<PolicyDocument>>, description: string): aws.iam.Role {
    const name = deliveryRoleName(config.environment, purpose);
    const role = new aws.iam.Role(name, {
        name, description, maxSessionDuration: 3600,
        assumeRolePolicy: state.githubProviderArn.apply((arn) => JSON.stringify(githubTrustPolicy(arn, subjects))),
        tags: { Name: name },
    }, { provider });
    for (const [part, document] of Object.entries(documents)) {
        const policyName = `${name}-${part}`;
        const policy = new aws.iam.Policy(policyName, {
            name: policyName, description: `${description}: ${part}`, policy: document.apply((d) => JSON.stringify(d)), tags: { Name: policyName },
        }, { provider });
        new aws.iam.RolePolicyAttachment(policyName, { role: role.name, policyArn: policy.arn }, { provider });
    }
    return role;
}

const github = config.github;
const previewRole = workflowRole("preview", previewSubjects(github.repository, github.previewEnvironment),
    { read: scope.apply(previewPolicy) }, `Pull request previews of the platform stack ${config.environment} (read-only)`);
const deployRole = workflowRole("deploy", deploySubjects(github.repository, github.deployEnvironment),
    Object.fromEntries(DEPLOY_PARTS.map((part) => [part, scope.apply((s) => deployPolicies(s)[part])])), `Deployments of the platform stack ${config.environment} from ${github.deployEnvironment}`);

const breakGlassName = deliveryRoleName(config.environment, "break-glass");
const breakGlassRole = new aws.iam.Role(breakGlassName, {
    name: breakGlassName,
    description: `What the deploy role of ${config.environment} may not do: the first deployment, keys and buckets that protect the backups, destroy`,
    maxSessionDuration: 3600,
    assumeRolePolicy: JSON.stringify(breakGlassTrustPolicy(config.breakGlass.trustedRoleArns)),
    tags: { Name: breakGlassName },
}, { provider });
new aws.iam.RolePolicyAttachment(breakGlassName, {
    role: breakGlassRole.name, policyArn: partition.apply((p) => managedPolicyArn(p, "AdministratorAccess")),
}, { provider });

// After the boundary: the templates' role carries it, like every role of the environment.
const caches = new PullThroughCaches(prefix, {
    registryKeyArn: registryKey.arn,
    lifecycle: config.registry,
    tags,
    dockerHub: { username: config.dockerHub.username, accessToken: config.dockerHubAccessToken },
    permissionsBoundaryArn: boundary.arn,
}, opts);

export const environment = config.environment;
/** Where the release pipeline pushes each service's image: `docker push <url>:<tag>`. */
export const repositoryUrls = registry.repositoryUrls;
export const registryKeyArn = registryKey.arn;
/** The ECR repository prefix of each upstream registry's cache: `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream path>`. */
export const pullThroughCachePrefixes = Object.fromEntries(Object.entries(caches.rules).map(([cache, rule]) => [cache, rule.ecrRepositoryPrefix]));
/** `pulumi login "$(pulumi -C bootstrap stack output stateBackendUrl)"`: the platform's self-managed backend. */
export const stateBackendUrl = state.bucketName.apply((bucket) => stateBackendUrlOf(bucket, state.bucketRegion));
export const stateBucketName = state.bucketName;
/** `pulumi stack init <env> --secrets-provider "$(pulumi -C bootstrap stack output secretsProviderUrl)"`. */
export const secretsProviderUrl = secretsProviderUrlOf(config.environment, config.aws.region);
export const previewRoleArn = previewRole.arn;
export const deployRoleArn = deployRole.arn;
export const breakGlassRoleArn = breakGlassRole.arn;
/** The platform's `iam.permissionsBoundaryArn`: every role it creates carries this boundary. */
export const permissionsBoundaryArn = boundary.arn;
