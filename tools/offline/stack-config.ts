/**
 * A committed stack file's config as the program's loader sees it: keyed without the
 * project's prefix (`signal-trading:`), values decoded, secure values as offline placeholders.
 */
import { decodeConfigValue } from "../../stacks/config/load";
import { parseStackConfig, StackConfig } from "../../stacks/config/schema";
import { OfflineProject, PLATFORM_PROJECT, projectStackFile } from "./run-program";
import { readStackFile } from "./stack-file";

/** A fresh copy on every call, so a caller may change it freely. A project's config keys are under its name. */
export function rawStackConfig(stack: string, project: OfflineProject = PLATFORM_PROJECT): Record<string, any> {
    const prefix = `${project.name}:`;
    return Object.fromEntries(Object.entries(readStackFile(projectStackFile(project, stack)).config)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), decodeConfigValue(value)]));
}

/** The stack's validated config, after `change` edits the raw values; throws listing the problems. */
export function parsedStackConfig(stack: string, change: (raw: Record<string, any>) => void = () => undefined): StackConfig {
    const raw = rawStackConfig(stack);
    change(raw);
    const result = parseStackConfig(raw);
    if (!result.ok) throw new Error(`the config of ${stack} is invalid: ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    return result.config;
}
