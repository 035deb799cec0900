/**
 * The pack's policies: @pulumi/policy's policy types with the pack's own metadata.
 * `rationale` says in one sentence why the gate exists (the README's "why" column). The
 * analyzer hands the CLI only the fields @pulumi/policy knows (protoutil's makeAnalyzerInfo
 * copies them one by one), so the extra field stays inside the pack.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

interface PackMetadata {
    rationale: string;
}

export type PackResourcePolicy = ResourceValidationPolicy & PackMetadata;
export type PackStackPolicy = StackValidationPolicy & PackMetadata;
export type PackPolicy = PackResourcePolicy | PackStackPolicy;

/**
 * The config schema of a list of things a policy accepts for a written reason: each entry
 * names the thing by `fields` (non-empty strings unless a field's schema is given) and carries
 * its `reason`, so every exemption in the policy config files says why.
 */
export function reasonedList(fields: Record<string, PolicyConfigJSONSchema | "text">, description: string): PolicyConfigJSONSchema {
    const text: PolicyConfigJSONSchema = { type: "string", minLength: 1 };
    const properties = Object.fromEntries([...Object.entries(fields), ["reason", "text"] as const].map(([key, schema]) => [key, schema === "text" ? text : schema]));
    return {
        type: "array",
        items: { type: "object", properties, required: Object.keys(properties), additionalProperties: false },
        default: [],
        description,
    };
}
