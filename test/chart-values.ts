/**
 * Helm ignores a values key its chart does not read, so a typo or a key of another chart
 * version does nothing, silently. This holds the keys a release sets against the chart's own
 * values.yaml at the pinned version (kept under test/fixtures/charts).
 */
import { parse } from "yaml";

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The dotted paths of `values` the chart's values.yaml does not have. Below a key whose default
 * is not a map with keys (an empty map, a list, a scalar), anything is the chart's to read as a
 * whole (`podSecurityContext: {}`, `tolerations: []`), so nothing below it is judged.
 * `alsoKnown` lists paths the chart's templates read though values.yaml only mentions them
 * in a comment (each with the template that reads it, where the caller uses it).
 */
export function unknownValuesKeys(values: Record<string, unknown>, chartValuesYamlText: string, alsoKnown: readonly string[] = []): string[] {
    const defaults = parse(chartValuesYamlText) as unknown;
    const unknown: string[] = [];
    const walk = (given: Record<string, unknown>, chart: unknown, prefix: string) => {
        for (const [key, value] of Object.entries(given)) {
            const path = prefix ? `${prefix}.${key}` : key;
            if (alsoKnown.includes(path)) continue;
            if (!isMap(chart) || !Object.hasOwn(chart, key)) {
                unknown.push(path);
                continue;
            }
            const below = chart[key];
            if (isMap(value) && isMap(below) && Object.keys(below).length > 0) walk(value, below, path);
        }
    };
    walk(values, defaults, "");
    return unknown;
}
