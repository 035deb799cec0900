import * as taggable from "./taggable-types.json";

/** AWS resource types that take tags, generated from @pulumi/aws (`npm run policy:types`). */
export const TAGGABLE_AWS_TYPES: ReadonlySet<string> = new Set(taggable.types);
