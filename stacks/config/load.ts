/**
 * The only reader of `pulumi.Config`: collects every `signal-trading:*` value, validates the
 * whole set against the schema and returns the typed config, or throws one ConfigError that
 * lists every problem. Components receive typed objects and never read config themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, ConfigProblem, parseStackConfig, secretConfigKeys, StackConfig } from "./schema";

/**
 * An invalid stack config: the message lists each problem as `signal-trading:<path>: <why>`.
 * A RunError, so the Pulumi CLI prints the message alone, without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

export function formatProblems(problems: ConfigProblem[]): string {
    const lines = problems.map((p) => `  ${CONFIG_NAMESPACE}:${p.path}: ${p.message}`);
    return `invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

/** Decodes a raw config string the way `Config.getObject` does, keeping plain strings as is. */
export function decodeConfigValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

// The SDK's own test for secret config keys; it is not part of the typed API.
const isConfigSecret: ((fullKey: string) => boolean) | undefined = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;

export function loadStackConfig(): StackConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        raw[key] = decodeConfigValue(config.require(key));
    }

    const problems: ConfigProblem[] = [];
    for (const key of secretConfigKeys()) {
        if (raw[key] !== undefined && isConfigSecret && !isConfigSecret(`${prefix}${key}`)) {
            problems.push({ path: key, message: `must be set as a secret: pulumi config set --secret ${key} <value>` });
        }
    }
    const result = parseStackConfig(raw);
    if (!result.ok) problems.push(...result.problems);
    if (problems.length > 0 || !result.ok) throw new ConfigError(problems);
    return result.config;
}
