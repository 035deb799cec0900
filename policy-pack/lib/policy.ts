/**
 * The pack's policies: @pulumi/policy's policy types with the pack's own metadata.
 * `rationale` says in one sentence why the gate exists (the README's "why" column). The
 * analyzer hands the CLI only the fields @pulumi/policy knows (protoutil's makeAnalyzerInfo
 * copies them one by one), so the extra field stays inside the pack.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

interface PackMetadata {
    rationale: string;
}

export type PackResourcePolicy = ResourceValidationPolicy & PackMetadata;
export type PackStackPolicy = StackValidationPolicy & PackMetadata;
export type PackPolicy = PackResourcePolicy | PackStackPolicy;
