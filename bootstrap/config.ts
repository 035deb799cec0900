/**
 * The bootstrap's config: a few keys under `signal-trading-bootstrap:`, validated as a whole
 * before anything is registered, every problem reported by its config path. Keys it shares with
 * the platform (environment, tags, KMS) take the platform's own field schemas, so both projects
 * accept the same values; the region and tags must be the platform stack's.
 */
import { z } from "zod";
import { ConfigError, readConfigValues, stackEnvironmentProblem } from "../stacks/config/load";
import { ConfigProblem, configSections, issueProblems } from "../stacks/config/schema";

export const BOOTSTRAP_NAMESPACE = "signal-trading-bootstrap";

const registrySection = z.strictObject({
    keepTaggedImages: z.number().int().min(1).max(1000).default(50)
        .meta({ description: "Tagged images each ECR repository keeps; older ones expire (rollback depth)." }),
    untaggedImageExpiryDays: z.number().int().min(1).max(365).default(7)
        .meta({ description: "Days before an untagged image (a superseded build layer) expires." }),
}).prefault({});

/** One section per config key; a later piece of the bootstrap adds its own. */
export const bootstrapConfigSchema = z.strictObject({
    environment: configSections.environment,
    aws: z.strictObject({
        region: configSections.aws.shape.region.meta({ description: "The platform stack's aws.region: the platform looks its images up there." }),
    }),
    tags: configSections.tags,
    kms: configSections.kms,
    registry: registrySection,
});

export type BootstrapConfig = z.output<typeof bootstrapConfigSchema>;

export type BootstrapParseResult = { ok: true; config: BootstrapConfig } | { ok: false; problems: ConfigProblem[] };

/** Validates raw config values (JSON-decoded, keyed without the namespace); every problem by path, nothing thrown. */
export function parseBootstrapConfig(raw: Record<string, unknown>): BootstrapParseResult {
    const result = bootstrapConfigSchema.safeParse(raw);
    return result.success ? { ok: true, config: result.data } : { ok: false, problems: issueProblems(result.error.issues) };
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
