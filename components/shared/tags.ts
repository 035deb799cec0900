/** The tags the tagging standard requires on every taggable AWS resource. */
export const REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment"] as const;

export interface TagInputs {
    owner: string;
    costCenter: string;
    environment: string;
    extra: Record<string, string>;
}

/**
 * The tags the AWS provider applies to every resource it creates (its `defaultTags`), so a
 * resource added later cannot forget them. Resource-level tags only add names and roles.
 */
export function defaultTags(inputs: TagInputs): Record<string, string> {
    return {
        ...inputs.extra,
        owner: inputs.owner,
        "cost-center": inputs.costCenter,
        environment: inputs.environment,
        project: "signal-trading",
        "managed-by": "pulumi",
    };
}
