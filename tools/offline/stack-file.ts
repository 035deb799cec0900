/**
 * Reads a Pulumi stack file (Pulumi.<stack>.yaml) into the config map the engine hands a
 * program: one string per key, objects as JSON. `secure:` values cannot be decrypted
 * without the stack's secrets provider, so each stands in as a placeholder and its key is
 * marked secret, as the engine marks keys that hold a secure value.
 */
import * as fs from "node:fs";
import { parse } from "yaml";

export interface StackFileConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

export class StackFileError extends Error {}

/** The last reading of each file, by its text: the tests read the two committed stack files hundreds of times, and parsing is the cost. */
const readings = new Map<string, { text: string; read: StackFileConfig }>();

/** A fresh copy on every call, so a caller may change it freely. */
export function readStackFile(file: string): StackFileConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new StackFileError(`cannot read stack file ${file}: ${(error as Error).message}`);
    }
    let reading = readings.get(file);
    if (reading?.text !== text) {
        reading = { text, read: parseStackFile(file, text) };
        readings.set(file, reading);
    }
    return { config: { ...reading.read.config }, secretKeys: [...reading.read.secretKeys] };
}

function parseStackFile(file: string, text: string): StackFileConfig {
    let document: unknown;
    try {
        document = parse(text);
    } catch (error) {
        throw new StackFileError(`${file} is not valid YAML: ${(error as Error).message}`);
    }
    const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
    // Without a `config:` map every setting is missing: say that once, not once per required key.
    if (!isMap(document) || document.config === undefined || document.config === null) {
        const strays = isMap(document) ? Object.keys(document).filter((key) => key.includes(":")) : [];
        throw new StackFileError(`${file} has no \`config:\` map: a stack's settings go under \`config:\`, each as \`<project>:<key>: <value>\``
            + (strays.length > 0 ? `; indent ${strays.slice(0, 3).join(", ")}${strays.length > 3 ? ` and ${strays.length - 3} more top-level keys` : ""} under it` : ""));
    }
    const entries = document.config;
    if (!isMap(entries)) {
        throw new StackFileError(`${file}: \`config\` must be a map of config keys`);
    }

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, raw] of Object.entries(entries)) {
        let secret = false;
        const value = replaceSecure(raw, key, () => (secret = true));
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) secretKeys.push(key);
    }
    return { config, secretKeys };
}

/** The stand-in for a secure value: recognisable in logs of the offline plan, never a real secret. */
export function offlinePlaceholder(path: string): string {
    return `offline-placeholder:${path}`;
}

function replaceSecure(value: unknown, path: string, onSecret: () => void): unknown {
    if (Array.isArray(value)) return value.map((v, i) => replaceSecure(v, `${path}[${i}]`, onSecret));
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    if (Object.keys(record).length === 1 && typeof record.secure === "string") {
        onSecret();
        return offlinePlaceholder(path);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, replaceSecure(v, `${path}.${k}`, onSecret)]));
}
