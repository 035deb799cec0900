/**
 * Helm ignores a values key its chart does not read, so a typo or a key of another chart
 * version does nothing, silently. This holds the keys a release sets against the chart's own
 * values.yaml at the pinned version (kept under test/fixtures/charts).
 */
import { parse } from "yaml";

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Keys values.yaml only documents in comments, which the chart's templates read all the same. */
export interface ReadByTemplates {
    /** The chart's templates, searched for `.Values.<path>`. */
    templatesText?: string;
    /** Paths the caller names as read by the templates (each with the template that reads it, where the caller uses it). */
    paths?: readonly string[];
}

/**
 * The dotted paths of `values` the chart does not know: not in its values.yaml, and not read by
 * its templates. Below a key whose default is not a map with keys (an empty map, a list, a
 * scalar), anything is the chart's to read as a whole (`podSecurityContext: {}`,
 * `tolerations: []`), so nothing below it is judged.
 */
export function unknownValuesKeys(values: Record<string, unknown>, chartValuesYamlText: string, readByTemplates: ReadByTemplates = {}): string[] {
    const { templatesText = "", paths = [] } = readByTemplates;
    const readInTemplates = (path: string[]) =>
        new RegExp(`\\.Values\\.${path.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\.")}\\b`).test(templatesText);
    const unknown: string[] = [];
    const walk = (given: Record<string, unknown>, chart: unknown, prefix: string[]) => {
        for (const [key, value] of Object.entries(given)) {
            const path = [...prefix, key];
            if (!isMap(chart) || !Object.hasOwn(chart, key)) {
                if (!paths.includes(path.join(".")) && !readInTemplates(path)) unknown.push(path.join("."));
                continue;
            }
            const below = chart[key];
            if (isMap(value) && isMap(below) && Object.keys(below).length > 0) walk(value, below, path);
        }
    };
    walk(values, parse(chartValuesYamlText) as unknown, []);
    return unknown;
}
