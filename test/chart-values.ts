/**
 * Helm ignores values keys a chart does not read, so a misspelt or moved key is silently lost.
 * This checks a release's values key by key against the chart's own values.yaml at the pinned
 * version, kept in test/fixtures/charts.
 */
import { parse } from "yaml";

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The key paths of `values` the chart does not know: a key is known when the chart's
 * values.yaml has it, or when its templates read it (`.Values.<path>`; for keys values.yaml only
 * documents in comments). Below a key whose default is not a non-empty map (a free-form map,
 * list, string or null) anything goes: the chart passes it on as it is.
 */
export function unknownValuesKeys(values: Record<string, unknown>, chartValuesYamlText: string, chartTemplatesText = ""): string[] {
    const unknown: string[] = [];
    const walk = (ours: Record<string, unknown>, chart: Record<string, unknown>, path: string[]) => {
        for (const [key, value] of Object.entries(ours)) {
            const here = [...path, key];
            if (!(key in chart)) {
                if (!new RegExp(`\\.Values\\.${here.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\.")}\\b`).test(chartTemplatesText)) unknown.push(here.join("."));
                continue;
            }
            const defaults = chart[key];
            if (isMap(defaults) && Object.keys(defaults).length > 0 && isMap(value)) walk(value, defaults, here);
        }
    };
    walk(values, parse(chartValuesYamlText) as Record<string, unknown>, []);
    return unknown;
}
