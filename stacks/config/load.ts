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
    /** `namespace`: the config namespace of the project whose keys the problems are in. */
    constructor(readonly problems: ConfigProblem[], namespace = CONFIG_NAMESPACE) {
        super(formatProblems(problems, namespace));
        this.name = "ConfigError";
    }
}

export function formatProblems(problems: ConfigProblem[], namespace = CONFIG_NAMESPACE): string {
    const lines = problems.map((p) => `  ${namespace}:${p.path}: ${p.message}`);
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

/** Every value of the stack under `namespace`, keyed without it and decoded. */
export function readConfigValues(namespace: string): Record<string, unknown> {
    const prefix = `${namespace}:`;
    const raw: Record<string, unknown> = {};
    const config = new pulumi.Config(namespace);
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        raw[key] = decodeConfigValue(config.require(key));
    }
    return raw;
}

/** The environment a stack belongs to by its name, `<environment>` or `<environment>-<suffix>`: `prod-eu` is prod. */
export function stackEnvironment(stack: string): string {
    return stack.split("-")[0];
}

/** A stack must be named after its environment: a prod stack file copied to a dev stack (or the reverse) would deploy the wrong safety rules. */
export function stackEnvironmentProblem(environment: unknown): ConfigProblem | undefined {
    const stack = pulumi.getStack();
    if (typeof environment !== "string" || stackEnvironment(stack) === environment) return undefined;
    return { path: "environment", message: `is "${environment}" but the stack is "${stack}": name the stack ${environment} or ${environment}-<suffix>, or fix the environment` };
}

/**
 * Keys of the stack file written without a namespace (`cluster:` directly under `config:`):
 * no `signal-trading:*` lookup ever reads them, so each is reported instead of dropped.
 */
export function unprefixedKeyProblems(namespace = CONFIG_NAMESPACE): ConfigProblem[] {
    return Object.keys(pulumi.runtime.allConfig()).filter((key) => !key.includes(":")).map((key) => ({
        path: key,
        message: `is written without its namespace (\`${key}:\` directly under \`config:\`), so the program never reads it: write it as \`${namespace}:${key}:\``,
    }));
}

export function loadStackConfig(): StackConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw = readConfigValues(CONFIG_NAMESPACE);
    const unprefixed = unprefixedKeyProblems();

    // Secrecy is per top-level key: a secret key must arrive encrypted, and a key set with
    // --secret must be one the program keeps secret, or its value would end up in plain text.
    const problems: ConfigProblem[] = [];
    const secretKeys: string[] = secretConfigKeys();
    const wronglySecret = new Set<string>();
    for (const key of Object.keys(raw)) {
        const arrivedSecret = isConfigSecret?.(`${prefix}${key}`);
        if (arrivedSecret === undefined) break; // an SDK without the check: nothing to compare
        if (secretKeys.includes(key) && !arrivedSecret) {
            problems.push({ path: key, message: `must be set as a secret: pulumi config set --secret ${key} <value>` });
        } else if (!secretKeys.includes(key) && arrivedSecret) {
            wronglySecret.add(key);
            problems.push({ path: key, message: `holds no secrets, so the program would use its values in plain text: set it without --secret (keys for secrets: ${secretKeys.join(", ")})` });
        }
    }
    const result = parseStackConfig(raw);
    // Other messages about a key that arrived secret could quote its values: leave them out.
    const topKey = (path: string) => /^[^.[]+/.exec(path)?.[0] ?? path;
    // A key written without its namespace is missing under it: say why rather than "is required".
    const misplaced = new Set(unprefixed.map((p) => p.path));
    problems.push(...unprefixed);
    if (!result.ok) problems.push(...result.problems.filter((p) => !wronglySecret.has(topKey(p.path)) && !misplaced.has(topKey(p.path))));
    const mismatch = stackEnvironmentProblem(raw.environment);
    if (mismatch) problems.push(mismatch);
    if (problems.length > 0 || !result.ok) throw new ConfigError(problems);
    return result.config;
}
