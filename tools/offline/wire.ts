/**
 * Pulumi's wire encoding of special values (secrets, resource references, assets) as the
 * mock monitor sees them, and the conversions the plan and the policy runner need.
 */
import { createHash } from "node:crypto";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value of a secret (`{[SIG_KEY]: SECRET_SIG, ...}`), on the wire and in checkpoints. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

type Json = unknown;

export interface DecodeOptions {
    /** What a secret becomes: its value for policies (as the policy SDK unwraps them), a mask for files. */
    secret: (value: Json) => Json;
}

/** Converts wire values to plain JSON: secrets per `options`, resource references to their URN. */
export function decodeWire(value: Json, options: DecodeOptions): Json {
    // Loops rather than map and fromEntries: every registration's inputs and outputs pass here.
    if (Array.isArray(value)) {
        const list = new Array<Json>(value.length);
        for (let i = 0; i < value.length; i++) list[i] = decodeWire(value[i], options);
        return list;
    }
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, Json>;
    switch (record[SIG_KEY]) {
        case SECRET_SIG:
            return options.secret(decodeWire(record.value, options));
        case RESOURCE_SIG:
            return record.urn;
        case OUTPUT_SIG:
            return record.secret ? options.secret(decodeWire(record.value, options)) : decodeWire(record.value, options);
    }
    const decoded: Record<string, Json> = {};
    for (const key of Object.keys(record)) decoded[key] = decodeWire(record[key], options);
    return decoded;
}

export const SECRET_MASK = "[secret]";
export const revealSecrets: DecodeOptions = { secret: (v) => v };

/**
 * Replaces every scalar of a secret with `mask(scalar)` and keeps its shape: a Secret's
 * `stringData` stays a map of its keys (the engine marks the whole property secret when one
 * value is), so written manifests remain valid objects and a diff can name the changed key.
 */
function maskLeaves(value: Json, mask: (scalar: Json) => string): Json {
    if (Array.isArray(value)) return value.map((v) => maskLeaves(v, mask));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v, mask)]));
    return mask(value);
}

/** Secrets masked scalar by scalar: for what people read (manifests, chart values, the summary). */
export const maskSecrets: DecodeOptions = { secret: (v) => maskLeaves(v, () => SECRET_MASK) };

/**
 * Secrets masked with a short digest of each value (`[secret 3f2a9c1e]`), so that comparing two
 * plans shows which secret changed without either value. Only for plans: the offline plan never
 * holds a real secret (secure config values stand in as placeholders, generated values are the
 * mocks'), so a digest cannot help anyone guess one.
 */
export const fingerprintSecrets: DecodeOptions = {
    secret: (v) => maskLeaves(v, (scalar) => `[secret ${createHash("sha256").update(JSON.stringify(scalar)).digest("hex").slice(0, 8)}]`),
};

/** True when a plan value is a masked secret, with or without its digest. */
export function isMaskedSecret(value: Json): boolean {
    return typeof value === "string" && /^\[secret( [0-9a-f]{8})?\]$/.test(value);
}

/** True when the wire value holds a secret anywhere. */
export function containsSecret(value: Json): boolean {
    let found = false;
    decodeWire(value, { secret: (v) => ((found = true), v) });
    return found;
}
