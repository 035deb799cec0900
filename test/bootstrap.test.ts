/**
 * The bootstrap project (bootstrap/) under the mock engine: exactly the repositories and key
 * that the platform's first `up` needs, its state backend, secrets provider and the GitHub
 * workflows' identities, through a provider like the platform's, passing the policy pack; and
 * its stack files in step with the platform's.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { lifecyclePolicy } from "../components/registry/registry";
import { CACHE_NAMES, PULL_THROUGH_CACHES } from "../components/shared/images";
import { repositoryCreationPolicy, repositoryTemplate } from "../bootstrap/pull-through-cache";
import { PolicyDocument } from "../components/shared/iam";
import {
    breakGlassTrustPolicy, DEPLOY_PARTS, deployPolicies, githubTrustPolicy, MANAGED_POLICY_MAX_CHARS, permissionsBoundaryPolicy, previewPolicy,
} from "../bootstrap/delivery-policies";
import { defaultTags } from "../components/shared/tags";
import { SERVICES } from "../stacks/services";
import { BOOTSTRAP_PROJECT } from "../tools/offline/run-program";
import { parsedStackConfig, rawStackConfig } from "../tools/offline/stack-config";
import { bootstrapStackConfig, policyReportOf, programRunOf, Registrations, runStack } from "./harness";
import { isSecretWire, valueOf } from "./outputs";
import { offlinePlaceholder } from "../tools/offline/stack-file";

const SERVICE_NAMES = SERVICES.map((s) => s.name);

const encryptionKey = (name: string) => [`signal-trading:kms:EncryptionKey ${name}`, `aws:kms/key:Key ${name}-key`, `aws:kms/alias:Alias ${name}-alias`];

const secureBucket = (name: string, logged: boolean) => [
    `signal-trading:backup:SecureBucket ${name}`, `aws:s3/bucket:Bucket ${name}`,
    ...["versioning", "encryption", "public-access", "ownership", "policy", "lifecycle", ...(logged ? ["access-logs"] : [])]
        .map((part) => `${{ versioning: "aws:s3/bucketVersioning:BucketVersioning", encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "public-access": "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            policy: "aws:s3/bucketPolicy:BucketPolicy", lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "access-logs": "aws:s3/bucketLogging:BucketLogging" }[part]} ${name}-${part}`),
];

/** The account's state bucket (and its log bucket), its key, and with a replica their copies in the other region. */
const stateStorage = (replica: boolean) => [
    ...encryptionKey("signal-trading-state"),
    "signal-trading:backup:BackupStorage signal-trading-state",
    ...secureBucket("signal-trading-state-primary", true), ...secureBucket("signal-trading-state-primary-logs", false),
    ...(replica ? [
        "pulumi:providers:aws aws-state-replica",
        ...encryptionKey("signal-trading-state-replica"),
        ...secureBucket("signal-trading-state-replica", true), ...secureBucket("signal-trading-state-replica-logs", false),
        "aws:iam/role:Role signal-trading-state-replication", "aws:iam/rolePolicy:RolePolicy signal-trading-state-replication",
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig signal-trading-state-replication",
    ] : []),
];

const workflowRole = (name: string, parts: string[]) => [
    `aws:iam/role:Role ${name}`,
    ...parts.flatMap((part) => [`aws:iam/policy:Policy ${name}-${part}`, `aws:iam/rolePolicyAttachment:RolePolicyAttachment ${name}-${part}`]),
];

describe("the bootstrap program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            const platform = parsedStackConfig(stack);
            const prefix = `signal-trading-${stack}`;
            let r: Registrations;
            before(async () => {
                r = await programRunOf(stack, BOOTSTRAP_PROJECT);
            });

            it("registers the provider, the registry and secrets keys, the repositories, the pull-through caches, the state storage, the GitHub identities and the boundary, nothing else", () => {
                assert.deepEqual(r.all.map((x) => `${x.type} ${x.name}`).sort(), [
                    "pulumi:providers:aws aws",
                    ...encryptionKey(`${prefix}-registry`),
                    `signal-trading:registry:ContainerRegistry ${prefix}`,
                    ...SERVICE_NAMES.map((s) => `aws:ecr/repository:Repository ${prefix}-${s}`),
                    ...SERVICE_NAMES.map((s) => `aws:ecr/lifecyclePolicy:LifecyclePolicy ${prefix}-${s}`),
                    `signal-trading:registry:PullThroughCaches ${prefix}`,
                    ...CACHE_NAMES.map((c) => `aws:ecr/pullThroughCacheRule:PullThroughCacheRule ${prefix}-${c}`),
                    ...CACHE_NAMES.map((c) => `aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate ${prefix}-${c}`),
                    `aws:iam/role:Role ${prefix}-repository-creation`, `aws:iam/rolePolicy:RolePolicy ${prefix}-repository-creation`,
                    `aws:secretsmanager/secret:Secret ${prefix}-docker-hub`, `aws:secretsmanager/secretVersion:SecretVersion ${prefix}-docker-hub`,
                    `aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration ${prefix}-scanning`,
                    ...encryptionKey(`${prefix}-secrets`),
                    ...stateStorage(stack === "prod"),
                    "aws:iam/openIdConnectProvider:OpenIdConnectProvider github-actions",
                    `aws:iam/policy:Policy ${prefix}-permissions-boundary`,
                    ...workflowRole(`signal-trading-delivery-${stack}-preview`, ["read"]),
                    ...workflowRole(`signal-trading-delivery-${stack}-deploy`, ["compute", "identity", "data"]),
                    `aws:iam/role:Role signal-trading-delivery-${stack}-break-glass`,
                    `aws:iam/rolePolicyAttachment:RolePolicyAttachment signal-trading-delivery-${stack}-break-glass`,
                ].sort());
            });

            it("creates every AWS resource through a provider with the platform's default tags: the platform stack's region, the state's copies in the replica region", () => {
                const provider = r.one("pulumi:providers:aws", "aws");
                const tags = defaultTags({ owner: platform.tags.owner, costCenter: platform.tags.costCenter, environment: stack, extra: platform.tags.extra });
                assert.equal(r.inputs(provider).region, platform.aws.region);
                assert.deepEqual(JSON.parse(r.inputs(provider).defaultTags).tags, tags);
                const replica = r.ofType("pulumi:providers:aws").find((p) => p.name === "aws-state-replica");
                assert.equal(replica === undefined, stack === "dev");
                if (replica) {
                    assert.equal(r.inputs(replica).region, "us-west-2");
                    assert.deepEqual(JSON.parse(r.inputs(replica).defaultTags).tags, tags);
                }
                for (const resource of r.all.filter((x) => x.type.startsWith("aws:"))) {
                    assert.equal(resource.provider, (/^signal-trading-state-replica(-|$)/.test(resource.name) ? replica! : provider).urn, resource.name);
                }
            });

            it("encrypts the images with a key of its own: yearly rotation, a 30-day deletion window, alias/<prefix>-registry", () => {
                const key = r.one("aws:kms/key:Key", `${prefix}-registry-key`);
                const inputs = r.inputs(key);
                assert.deepEqual({ description: inputs.description, rotation: inputs.enableKeyRotation, window: inputs.deletionWindowInDays, protect: key.protect },
                    { description: "Container images in ECR", rotation: true, window: 30, protect: false });
                assert.deepEqual(r.inputs(r.one("aws:kms/alias:Alias", `${prefix}-registry-alias`)), { name: `alias/${prefix}-registry`, targetKeyId: r.outputs(key).keyId });
            });

            it("creates the stack's secrets provider: a protected key of the environment with the alias the secrets provider URL names", () => {
                const key = r.one("aws:kms/key:Key", `${prefix}-secrets-key`);
                const inputs = r.inputs(key);
                assert.deepEqual({ description: inputs.description, rotation: inputs.enableKeyRotation, window: inputs.deletionWindowInDays, protect: key.protect },
                    { description: `Secrets of the platform stack ${stack} (its secrets provider)`, rotation: true, window: 30, protect: true });
                assert.deepEqual(r.inputs(r.one("aws:kms/alias:Alias", `${prefix}-secrets-alias`)), { name: `alias/${prefix}-secrets`, targetKeyId: r.outputs(key).keyId });
            });

            it("keeps the state in a protected, versioned bucket with its own key whose current objects never expire (the access logs do)", () => {
                const bucket = r.one("aws:s3/bucket:Bucket", "signal-trading-state-primary");
                assert.deepEqual({ protect: bucket.protect, forceDestroy: r.inputs(bucket).forceDestroy }, { protect: true, forceDestroy: false });
                const stateKey = r.one("aws:kms/key:Key", "signal-trading-state-key");
                assert.equal(stateKey.protect, true);
                assert.deepEqual(r.inputs(r.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "signal-trading-state-primary-encryption")).rules,
                    [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: r.outputs(stateKey).arn }, bucketKeyEnabled: true }]);
                const rules = (name: string) => r.inputs(r.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name)).rules;
                assert.deepEqual(rules("signal-trading-state-primary-lifecycle")[0], {
                    id: "expire-versions-and-incomplete-uploads", status: "Enabled", filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                });
                assert.deepEqual(rules("signal-trading-state-primary-logs-lifecycle")[0].expiration, { days: 90 });
            });

            it("trusts GitHub's OIDC provider for sts.amazonaws.com: the preview role from the repository's pull requests (prod: its preview environment) and main's drift check, the deploy role from the deploy environment", () => {
                const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
                assert.deepEqual({ inputs: r.inputs(oidc), protect: oidc.protect },
                    { inputs: { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"], tags: { Name: "github-actions" } }, protect: true });
                const providerArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
                const trust = (purpose: string) => JSON.parse(r.inputs(r.one("aws:iam/role:Role", `signal-trading-delivery-${stack}-${purpose}`)).assumeRolePolicy);
                const previewSubject = stack === "prod" ? "repo:example-org/signal-trading:environment:prod-preview" : "repo:example-org/signal-trading:pull_request";
                assert.deepEqual(trust("preview"), githubTrustPolicy(providerArn, [previewSubject, "repo:example-org/signal-trading:ref:refs/heads/main"]));
                assert.deepEqual(trust("deploy"), githubTrustPolicy(providerArn, [`repo:example-org/signal-trading:environment:${stack}`]));
                assert.deepEqual(trust("break-glass"), breakGlassTrustPolicy(["arn:aws:iam::123456789012:role/platform-admin"]));
                assert.equal(r.inputs(r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `signal-trading-delivery-${stack}-break-glass`)).policyArn,
                    "arn:aws:iam::aws:policy/AdministratorAccess");
            });

            it("attaches the generated policies: the preview's reads, the deploy's parts for this stack's state, secrets key and boundary, within IAM's size limit", () => {
                const policy = (name: string) => JSON.parse(r.inputs(r.one("aws:iam/policy:Policy", name)).policy);
                const boundaryArn = `arn:aws:iam::123456789012:policy/${prefix}-permissions-boundary`;
                const scope = {
                    partition: "aws", accountId: "123456789012", region: platform.aws.region, environment: stack,
                    stateBucketArn: `arn:aws:s3:::${r.outputs(r.one("aws:s3/bucket:Bucket", "signal-trading-state-primary")).bucket}`, stateBucketRegion: platform.aws.region,
                    secretsKeyArn: r.outputs(r.one("aws:kms/key:Key", `${prefix}-secrets-key`)).arn, boundaryArn,
                };
                assert.deepEqual(policy(`signal-trading-delivery-${stack}-preview-read`), previewPolicy(scope));
                const parts = deployPolicies(scope);
                for (const part of DEPLOY_PARTS) assert.deepEqual(policy(`signal-trading-delivery-${stack}-deploy-${part}`), parts[part], part);
                assert.deepEqual(policy(`${prefix}-permissions-boundary`), permissionsBoundaryPolicy());
                for (const p of r.ofType("aws:iam/policy:Policy")) {
                    assert.ok(r.inputs(p).policy.length <= MANAGED_POLICY_MAX_CHARS, `${p.name}: ${r.inputs(p).policy.length}`);
                }
                const attached = (role: string) => r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => r.inputs(a).role === role).map((a) => r.inputs(a).policyArn);
                assert.deepEqual(attached(`signal-trading-delivery-${stack}-deploy`),
                    DEPLOY_PARTS.map((part) => `arn:aws:iam::123456789012:policy/signal-trading-delivery-${stack}-deploy-${part}`));
            });

            it("names each repository signal-trading-<environment>/<service>, with immutable tags, scan on push, the registry key and no force delete", () => {
                const keyArn = r.outputs(r.one("aws:kms/key:Key", `${prefix}-registry-key`)).arn;
                assert.deepEqual(r.ofType("aws:ecr/repository:Repository").map((x) => r.inputs(x)), SERVICE_NAMES.map((s) => ({
                    name: `${prefix}/${s}`,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: keyArn }],
                    forceDelete: false,
                    tags: { Name: `${prefix}/${s}` },
                })));
            });

            it("gives each repository the default lifecycle: untagged images expire after 7 days, the newest 50 tagged are kept", () => {
                assert.deepEqual(r.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy").map((x) => r.inputs(x)), SERVICE_NAMES.map((s) => ({
                    repository: `${prefix}/${s}`,
                    policy: JSON.stringify(lifecyclePolicy({ keepTaggedImages: 50, untaggedImageExpiryDays: 7 })),
                })));
            });

            it("exports the repositories' URLs, the registry key, the state backend and secrets provider URLs, the workflows' role ARNs and the boundary ARN", async () => {
                const region = platform.aws.region;
                const outputs = r.stackOutputs as Record<string, unknown> & { repositoryUrls: Record<string, pulumi.Output<string>> };
                assert.deepEqual(Object.keys(outputs).sort(), ["breakGlassRoleArn", "deployRoleArn", "environment", "permissionsBoundaryArn", "previewRoleArn",
                    "pullThroughCachePrefixes", "registryKeyArn", "repositoryUrls", "secretsProviderUrl", "stateBackendUrl", "stateBucketName"]);
                const prefixes = outputs.pullThroughCachePrefixes as Record<string, pulumi.Output<string>>;
                assert.deepEqual(Object.fromEntries(await Promise.all(Object.entries(prefixes).map(async ([c, p]) => [c, await valueOf(p)]))),
                    Object.fromEntries(CACHE_NAMES.map((c) => [c, c])));
                assert.equal(outputs.environment, stack);
                assert.deepEqual(Object.fromEntries(await Promise.all(Object.entries(outputs.repositoryUrls).map(async ([s, url]) => [s, await valueOf(url)]))),
                    Object.fromEntries(SERVICE_NAMES.map((s) => [s, `123456789012.dkr.ecr.${region}.amazonaws.com/${prefix}/${s}`])));
                const bucket = r.outputs(r.one("aws:s3/bucket:Bucket", "signal-trading-state-primary")).bucket;
                const value = (name: string) => (typeof outputs[name] === "string" ? outputs[name] : valueOf(outputs[name] as pulumi.Output<string>));
                assert.deepEqual(Object.fromEntries(await Promise.all(Object.keys(outputs).filter((k) => k !== "repositoryUrls" && k !== "pullThroughCachePrefixes").map(async (k) => [k, await value(k)]))), {
                    environment: stack,
                    registryKeyArn: r.outputs(r.one("aws:kms/key:Key", `${prefix}-registry-key`)).arn,
                    stateBucketName: bucket,
                    stateBackendUrl: `s3://${bucket}?region=${region}&awssdk=v2`,
                    secretsProviderUrl: `awskms://alias/${prefix}-secrets?region=${region}`,
                    previewRoleArn: `arn:aws:iam::123456789012:role/signal-trading-delivery-${stack}-preview`,
                    deployRoleArn: `arn:aws:iam::123456789012:role/signal-trading-delivery-${stack}-deploy`,
                    breakGlassRoleArn: `arn:aws:iam::123456789012:role/signal-trading-delivery-${stack}-break-glass`,
                    permissionsBoundaryArn: `arn:aws:iam::123456789012:policy/${prefix}-permissions-boundary`,
                });
            });

            it("caches ECR Public, registry.k8s.io and Quay without credentials and Docker Hub with the login in ecr-pullthroughcache/docker-hub, each rule after every template", () => {
                const secret = r.one("aws:secretsmanager/secret:Secret", `${prefix}-docker-hub`);
                const templates = r.ofType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate").map((t) => t.urn).sort();
                for (const cache of CACHE_NAMES) {
                    const rule = r.one("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", `${prefix}-${cache}`);
                    assert.deepEqual(r.inputs(rule), {
                        ecrRepositoryPrefix: cache, upstreamRegistryUrl: PULL_THROUGH_CACHES[cache].upstreamRegistryUrl,
                        ...(cache === "docker-hub" ? { credentialArn: r.outputs(secret).arn } : {}),
                    }, cache);
                    for (const template of templates) assert.ok(rule.dependencies.includes(template), `${cache} waits for ${template}`);
                }
                assert.deepEqual(r.inputs(secret), { name: "ecr-pullthroughcache/docker-hub", description: "Docker Hub login of the docker-hub pull-through cache (username, accessToken)", tags: { Name: "ecr-pullthroughcache/docker-hub" } });
                const login = r.one("aws:secretsmanager/secretVersion:SecretVersion", `${prefix}-docker-hub`);
                assert.ok(isSecretWire(login.inputs.secretString), "the Docker Hub token would be stored in plain text");
                assert.deepEqual(JSON.parse(r.inputs(login).secretString), { username: "signaltradingci", accessToken: offlinePlaceholder("signal-trading-bootstrap:dockerHubAccessToken") });
                assert.equal(r.inputs(login).secretId, secret.id);
            });

            it("creates each cache repository from its template: the registry key, immutable tags, the registry's lifecycle, the tagging standard, through a bounded role ECR assumes", () => {
                const keyArn = r.outputs(r.one("aws:kms/key:Key", `${prefix}-registry-key`)).arn;
                const role = r.one("aws:iam/role:Role", `${prefix}-repository-creation`);
                const tags = defaultTags({ owner: platform.tags.owner, costCenter: platform.tags.costCenter, environment: stack, extra: platform.tags.extra });
                for (const cache of CACHE_NAMES) {
                    assert.deepEqual(r.inputs(r.one("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", `${prefix}-${cache}`)),
                        repositoryTemplate(cache, { registryKeyArn: keyArn, lifecycle: { keepTaggedImages: 50, untaggedImageExpiryDays: 7 }, roleArn: r.outputs(role).arn, tags }), cache);
                }
                assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy).Statement[0].Principal, { Service: "ecr.amazonaws.com" });
                assert.equal(r.inputs(role).permissionsBoundary, `arn:aws:iam::123456789012:policy/${prefix}-permissions-boundary`);
                assert.deepEqual(JSON.parse(r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", `${prefix}-repository-creation`)).policy),
                    repositoryCreationPolicy({ partition: "aws", region: platform.aws.region, accountId: "123456789012", registryKeyArn: keyArn }));
            });

            it("scans every repository of the registry on push, the caches' included", () => {
                assert.deepEqual(r.inputs(r.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", `${prefix}-scanning`)),
                    { scanType: "BASIC", rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }] });
            });

            it("passes the policy pack under the stack's policy config without a single violation", async () => {
                assert.deepEqual((await policyReportOf(stack, BOOTSTRAP_PROJECT)).violations, []);
            });
        });
    }

    it("with the account's state bucket and OIDC provider created by the other environment: creates neither, and points the backend and the trust at them", async () => {
        const file = bootstrapStackConfig("prod");
        const existingStateBucket = { name: "signal-trading-state-primary-096c457", region: "us-east-2" };
        const config = { ...file, config: { ...file.config, "signal-trading-bootstrap:accountShared": JSON.stringify({ create: false, existingStateBucket }) } };
        const r = await runStack("prod", config, [], { project: BOOTSTRAP_PROJECT });
        assert.deepEqual(r.all.filter((x) => /state|OpenIdConnectProvider/.test(`${x.type} ${x.name}`)).map((x) => x.name), []);
        assert.equal(await valueOf(r.stackOutputs.stateBackendUrl as pulumi.Output<string>), "s3://signal-trading-state-primary-096c457?region=us-east-2&awssdk=v2");
        assert.deepEqual(JSON.parse(r.inputs(r.one("aws:iam/role:Role", "signal-trading-delivery-prod-deploy")).assumeRolePolicy).Statement[0].Principal,
            { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" });
        const data = JSON.parse(r.inputs(r.one("aws:iam/policy:Policy", "signal-trading-delivery-prod-deploy-data")).policy) as PolicyDocument;
        assert.deepEqual(data.Statement.find((st) => st.Sid === "StateEncryption")?.Condition,
            { StringEquals: { "kms:ViaService": "s3.us-east-2.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::signal-trading-state-primary-096c457" } });
    });

    it("keeps its stack files in step with the platform's: the same environment, region and tags", () => {
        for (const stack of ["dev", "prod"] as const) {
            const bootstrap = rawStackConfig(stack, BOOTSTRAP_PROJECT);
            const platform = rawStackConfig(stack);
            assert.deepEqual({ environment: bootstrap.environment, region: bootstrap.aws.region, tags: bootstrap.tags },
                { environment: platform.environment, region: platform.aws.region, tags: platform.tags }, stack);
        }
    });
});
