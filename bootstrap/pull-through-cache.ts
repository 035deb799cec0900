/**
 * The account's pull-through caches in the environment's region: one ECR rule per upstream
 * registry of components/shared/images.ts, each with the template of the repositories ECR
 * creates on a first pull, and the registry's scanning. They belong to the account, not to the
 * platform stack, and must exist before the platform's first `up`, whose nodes pull the add-ons'
 * images through them (the platform looks the rules up and stops at preview without them).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lifecyclePolicy, LifecycleRules } from "../components/registry/registry";
import { PolicyDocument, policyDocument, sourcelessServiceTrustPolicy } from "../components/shared/iam";
import { CACHE_NAMES, CacheName, PULL_THROUGH_CACHES } from "../components/shared/images";
import { componentType } from "../components/shared/naming";

/** Where ECR looks for an upstream's credentials: a Secrets Manager secret under this prefix, in the rule's account and region. */
export const CREDENTIALS_SECRET_PREFIX = "ecr-pullthroughcache/";

/** The Secrets Manager secret of a cache whose upstream needs credentials. */
export function credentialsSecretName(cache: CacheName): string {
    return `${CREDENTIALS_SECRET_PREFIX}${cache}`;
}

/**
 * What ECR may do as the templates' role when a first pull creates a cache repository: create
 * it with the template's tags, and use the registry key for its encryption (a grant ECR keeps
 * for the repository's life). Only under the caches' prefixes and only with that key.
 */
export function repositoryCreationPolicy(scope: { partition: string; region: string; accountId: string; registryKeyArn: string }): PolicyDocument {
    const { partition, region, accountId, registryKeyArn } = scope;
    return policyDocument(
        {
            Sid: "CreateCacheRepositories", Effect: "Allow",
            Action: ["ecr:CreateRepository", "ecr:TagResource"],
            Resource: CACHE_NAMES.map((cache) => `arn:${partition}:ecr:${region}:${accountId}:repository/${cache}/*`),
        },
        {
            Sid: "EncryptWithRegistryKey", Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"],
            Resource: registryKeyArn,
        },
    );
}

/**
 * Settings of every cache repository: encrypted with the registry key, tags immutable (a cached
 * tag keeps the bytes it was first pulled with, whatever the upstream later pushes under it),
 * pruned by the registry's lifecycle rules, tagged with the tagging standard (default tags do not
 * reach what ECR creates itself).
 */
export function repositoryTemplate(cache: CacheName, args: { registryKeyArn: string; lifecycle: LifecycleRules; roleArn: string; tags: Record<string, string> }) {
    return {
        prefix: cache,
        appliedFors: ["PULL_THROUGH_CACHE"],
        description: `Repositories of images pulled through the ${PULL_THROUGH_CACHES[cache].upstreamRegistryUrl} cache`,
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.registryKeyArn }],
        imageTagMutability: "IMMUTABLE",
        lifecyclePolicy: JSON.stringify(lifecyclePolicy(args.lifecycle)),
        customRoleArn: args.roleArn,
        resourceTags: args.tags,
    };
}

export interface PullThroughCachesArgs {
    registryKeyArn: pulumi.Input<string>;
    lifecycle: LifecycleRules;
    /** The tagging standard, for the repositories ECR creates. */
    tags: Record<string, string>;
    /** Docker Hub's login for its cache: a user name and an access token (a secret Output). */
    dockerHub: { username: string; accessToken: pulumi.Input<string> };
    /** The boundary every role of the environment carries, the templates' role included. */
    permissionsBoundaryArn: pulumi.Input<string>;
}

/**
 * The cache rules, their templates and role, Docker Hub's credentials, and basic scanning on
 * push of every repository of the registry (the services' and the caches'). Enhanced scanning
 * (Amazon Inspector) is an account-wide choice with its own cost, so the registry keeps ECR's
 * basic scanning here.
 */
export class PullThroughCaches extends pulumi.ComponentResource {
    readonly rules: Record<CacheName, aws.ecr.PullThroughCacheRule>;

    constructor(name: string, args: PullThroughCachesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("registry", "PullThroughCaches"), name, {}, opts);
        const child = { parent: this };
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;
        const accountId = aws.getCallerIdentityOutput({}, child).accountId;

        const roleName = `${name}-repository-creation`;
        const role = new aws.iam.Role(roleName, {
            name: roleName,
            description: "Assumed by ECR to create the pull-through cache repositories with their tags and KMS key",
            assumeRolePolicy: JSON.stringify(sourcelessServiceTrustPolicy("ecr.amazonaws.com")),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: roleName },
        }, child);
        const rolePolicy = new aws.iam.RolePolicy(roleName, {
            role: role.name,
            policy: pulumi.all([partition, region, accountId, args.registryKeyArn]).apply(([p, r, a, registryKeyArn]) =>
                JSON.stringify(repositoryCreationPolicy({ partition: p, region: r, accountId: a, registryKeyArn }))),
        }, child);

        const secretName = credentialsSecretName("docker-hub");
        const dockerHub = new aws.secretsmanager.Secret(`${name}-docker-hub`, {
            name: secretName,
            description: "Docker Hub login of the docker-hub pull-through cache (username, accessToken)",
            tags: { Name: secretName },
        }, child);
        const dockerHubLogin = new aws.secretsmanager.SecretVersion(`${name}-docker-hub`, {
            secretId: dockerHub.id,
            secretString: pulumi.secret(pulumi.output(args.dockerHub.accessToken).apply((accessToken) => JSON.stringify({ username: args.dockerHub.username, accessToken }))),
        }, child);

        const credentials: Partial<Record<CacheName, aws.secretsmanager.Secret>> = { "docker-hub": dockerHub };
        const templates = CACHE_NAMES.map((cache) => new aws.ecr.RepositoryCreationTemplate(`${name}-${cache}`,
            pulumi.all([args.registryKeyArn, role.arn]).apply(([registryKeyArn, roleArn]) =>
                repositoryTemplate(cache, { registryKeyArn, lifecycle: args.lifecycle, roleArn, tags: args.tags })),
            { parent: this, dependsOn: [rolePolicy] }));

        // Every rule after every template: no repository is ever created before its template applies.
        this.rules = Object.fromEntries(CACHE_NAMES.map((cache) => [cache, new aws.ecr.PullThroughCacheRule(`${name}-${cache}`, {
            ecrRepositoryPrefix: cache,
            upstreamRegistryUrl: PULL_THROUGH_CACHES[cache].upstreamRegistryUrl,
            ...(PULL_THROUGH_CACHES[cache].credentials ? { credentialArn: credentials[cache]!.arn } : {}),
        }, { parent: this, dependsOn: [...templates, dockerHubLogin] })])) as Record<CacheName, aws.ecr.PullThroughCacheRule>;

        new aws.ecr.RegistryScanningConfiguration(`${name}-scanning`, {
            scanType: "BASIC",
            rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
        }, child);
        this.registerOutputs({});
    }
}
