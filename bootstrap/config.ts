/**
 * The bootstrap's config: a few keys under `signal-trading-bootstrap:`, validated as a whole
 * before anything is registered, every problem reported by its config path. Keys it shares with
 * the platform (environment, tags, KMS) take the platform's own field schemas, so both projects
 * accept the same values; the region and tags must be the platform stack's.
 */
import { z } from "zod";
import { ConfigError, readConfigValues, stackEnvironmentProblem } from "../stacks/config/load";
import { ConfigProblem, configSections, issueProblems, roleArn, secretText } from "../stacks/config/schema";

export const BOOTSTRAP_NAMESPACE = "signal-trading-bootstrap";

const registrySection = z.strictObject({
    keepTaggedImages: z.number().int().min(1).max(1000).default(50)
        .meta({ description: "Tagged images each ECR repository keeps; older ones expire (rollback depth)." }),
    untaggedImageExpiryDays: z.number().int().min(1).max(365).default(7)
        .meta({ description: "Days before an untagged image (a superseded build layer) expires." }),
}).prefault({});

const region = configSections.aws.shape.region;

/** A GitHub environment's name as GitHub accepts it (and as it appears in the OIDC token's `sub`). */
const githubEnvironment = (description: string) =>
    z.string().regex(/^[\w.-]{1,255}$/, "must be a GitHub environment name (letters, digits, '.', '-', '_')").meta({ description });

const githubSection = z.strictObject({
    repository: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, "must be a GitHub repository as owner/name")
        .meta({ description: "The repository whose workflows assume the preview and deploy roles, as owner/name." }),
    deployEnvironment: githubEnvironment("GitHub environment of the deploy job (protected to main, with reviewers): only its tokens assume the deploy role."),
    previewEnvironment: githubEnvironment("GitHub environment of the preview job, whose reviewers approve before a pull request's preview reads the account; required in prod, where only its tokens assume the preview role.").optional(),
});

/**
 * The S3 state bucket and the GitHub OIDC provider exist once per AWS account (the provider's
 * URL is unique in an account). With dev and prod in one account, one of their bootstraps
 * creates them (`create: true`) and the other names the bucket it created (`create: false`).
 */
const accountSharedSection = z.strictObject({
    create: z.boolean().meta({ description: "This stack creates the account's state bucket and GitHub OIDC provider; false when another environment's bootstrap in the same account did." }),
    stateReplicaRegion: region.optional()
        .meta({ description: "With create: Region that receives cross-region copies of the state (required where the policy pack requires replication, prod)." }),
    stateVersionDays: z.number().int().min(1).max(365).default(90)
        .meta({ description: "With create: days an overwritten or deleted state object stays recoverable." }),
    existingStateBucket: z.strictObject({
        name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
        region,
    }).optional().meta({ description: "Without create: the state bucket another environment's bootstrap created (its stateBucketName output) and its region." }),
}).superRefine((a, ctx) => {
    if (a.create && a.existingStateBucket) ctx.addIssue({ code: "custom", path: ["existingStateBucket"], message: "must not be set when create is true: this stack creates the state bucket" });
    if (!a.create && !a.existingStateBucket) ctx.addIssue({ code: "custom", path: ["existingStateBucket"], message: "is required when create is false: name the state bucket the account already has" });
    if (!a.create && a.stateReplicaRegion) ctx.addIssue({ code: "custom", path: ["stateReplicaRegion"], message: "must not be set when create is false: the stack that creates the state bucket replicates it" });
});

/** Docker Hub's cache pulls the images published nowhere else (Grafana, Velero) with this account's token. */
const dockerHubSection = z.strictObject({
    username: z.string().regex(/^[a-z0-9]{4,30}$/, "must be a Docker Hub user name (4 to 30 lower-case letters and digits)")
        .meta({ description: "Docker Hub user whose access token (dockerHubAccessToken) the docker-hub pull-through cache pulls with." }),
});

const breakGlassSection = z.strictObject({
    trustedRoleArns: z.array(roleArn).min(1)
        .meta({ description: "Administrator roles that may assume the break-glass role (with MFA), for what the deploy role may not do." }),
});

/** One section per config key. */
export const bootstrapConfigSchema = z.strictObject({
    environment: configSections.environment,
    aws: z.strictObject({
        region: region.meta({ description: "The platform stack's aws.region: the platform looks its images up there." }),
    }),
    tags: configSections.tags,
    kms: configSections.kms,
    registry: registrySection,
    github: githubSection,
    accountShared: accountSharedSection,
    breakGlass: breakGlassSection,
    dockerHub: dockerHubSection,
    dockerHubAccessToken: secretText("Docker Hub access token (public repositories, read-only) of dockerHub.username, stored in Secrets Manager as ecr-pullthroughcache/docker-hub."),
}).superRefine((c, ctx) => {
    // A pull request's preview of prod reads the production account: a reviewer approves it first.
    if (c.environment === "prod" && c.github.previewEnvironment === undefined) {
        ctx.addIssue({ code: "custom", path: ["github", "previewEnvironment"], message: "is required in prod: a reviewer of this GitHub environment approves each preview" });
    }
    if (c.accountShared.stateReplicaRegion !== undefined && c.accountShared.stateReplicaRegion === c.aws.region) {
        ctx.addIssue({ code: "custom", path: ["accountShared", "stateReplicaRegion"], message: `must differ from aws.region (${c.aws.region})` });
    }
});

export type BootstrapConfig = z.output<typeof bootstrapConfigSchema>;

export type BootstrapParseResult = { ok: true; config: BootstrapConfig } | { ok: false; problems: ConfigProblem[] };

/** Validates raw config values (JSON-decoded, keyed without the namespace); every problem by path, nothing thrown. */
export function parseBootstrapConfig(raw: Record<string, unknown>): BootstrapParseResult {
    const result = bootstrapConfigSchema.safeParse(raw);
    return result.success ? { ok: true, config: result.data } : { ok: false, problems: issueProblems(result.error.issues, [], bootstrapConfigSchema) };
}

/** The stack's validated config, or one ConfigError listing every problem as `signal-trading-bootstrap:<path>: <why>`. */
export function loadBootstrapConfig(): BootstrapConfig {
    const raw = readConfigValues(BOOTSTRAP_NAMESPACE);
    const result = parseBootstrapConfig(raw);
    const problems = result.ok ? [] : [...result.problems];
    const mismatch = stackEnvironmentProblem(raw.environment);
    if (mismatch) problems.push(mismatch);
    if (problems.length > 0 || !result.ok) throw new ConfigError(problems, BOOTSTRAP_NAMESPACE);
    return result.config;
}
