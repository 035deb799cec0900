/**
 * IAM policy documents as policies read them. The program passes documents as JSON strings
 * (aws.iam.getPolicyDocument or JSON.stringify) and sometimes as objects; IAM lets most
 * elements be a single value or a list. Parsing normalizes both so that a check never has to
 * care how a document was written.
 */

/** One statement with every element that IAM accepts as "value or list" turned into a list. */
export interface PolicyStatement {
    sid?: string;
    effect: string;
    action: string[];
    notAction: string[];
    resource: string[];
    notResource: string[];
    /** Principal type (AWS, Service, Federated, CanonicalUser) → principals. IAM reads `"Principal": "*"` as `{ AWS: "*" }`, and so does this. */
    principal: Record<string, string[]>;
    notPrincipal: Record<string, string[]>;
    /** Condition operator → condition key → values, values as strings (IAM compares them as such). */
    condition: Record<string, Record<string, string[]>>;
}

/** The KMS key types; each takes its key policy in the `policy` input, as aws.kms.KeyPolicy does. */
export const KMS_KEY_TYPES = new Set([
    "aws:kms/key:Key",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
]);
export const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

/**
 * The statements of a policy document given as a JSON string or an object, or undefined when
 * there is no document to read (a value unknown during preview, or text that is not JSON,
 * which AWS rejects on its own).
 */
export function parsePolicyDocument(document: unknown): PolicyStatement[] | undefined {
    const parsed = parseJson(document);
    if (!isObject(parsed)) return undefined;
    const statements = parsed.Statement;
    if (statements === undefined) return [];
    return (Array.isArray(statements) ? statements : [statements]).filter(isObject).map(normalizeStatement);
}

/** A JSON document given as a string or already as a value; undefined when absent, unknown or not JSON. */
export function parseJson(document: unknown): unknown {
    if (typeof document !== "string") return document ?? undefined;
    try {
        return JSON.parse(document);
    } catch {
        return undefined;
    }
}

/** Names a statement in messages: its position (from 1) and Sid. */
export function statementLabel(statement: PolicyStatement, index: number): string {
    return `statement ${index + 1}${statement.sid ? ` (${statement.sid})` : ""}`;
}

/** True when an Allow statement grants to every principal: `*`, `{ AWS: "*" }`, or everyone but a NotPrincipal list. */
export function grantsEveryone(statement: PolicyStatement): boolean {
    if (statement.effect !== "Allow") return false;
    return (statement.principal.AWS ?? []).includes("*") || Object.keys(statement.notPrincipal).length > 0;
}

/** True when an IAM action pattern (`*` and `?` wildcards, case-insensitive as IAM matches) covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(action);
}

/** The condition entries naming `key` (condition keys are case-insensitive), with their operator. */
export function conditionsOn(statement: PolicyStatement, key: string): { operator: string; values: string[] }[] {
    const wanted = key.toLowerCase();
    const found: { operator: string; values: string[] }[] = [];
    for (const [operator, entries] of Object.entries(statement.condition)) {
        for (const [name, values] of Object.entries(entries)) {
            if (name.toLowerCase() === wanted) found.push({ operator, values });
        }
    }
    return found;
}

function normalizeStatement(raw: Record<string, unknown>): PolicyStatement {
    return {
        ...(typeof raw.Sid === "string" && raw.Sid ? { sid: raw.Sid } : {}),
        effect: String(raw.Effect ?? ""),
        action: toList(raw.Action),
        notAction: toList(raw.NotAction),
        resource: toList(raw.Resource),
        notResource: toList(raw.NotResource),
        principal: normalizePrincipal(raw.Principal),
        notPrincipal: normalizePrincipal(raw.NotPrincipal),
        condition: normalizeCondition(raw.Condition),
    };
}

function normalizePrincipal(raw: unknown): Record<string, string[]> {
    if (raw === undefined || raw === null) return {};
    if (!isObject(raw)) return { AWS: toList(raw) };
    return Object.fromEntries(Object.entries(raw).map(([type, values]) => [type, toList(values)]));
}

function normalizeCondition(raw: unknown): Record<string, Record<string, string[]>> {
    if (!isObject(raw)) return {};
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [operator, entries] of Object.entries(raw)) {
        if (!isObject(entries)) continue;
        condition[operator] = Object.fromEntries(Object.entries(entries).map(([key, values]) => [key, toList(values)]));
    }
    return condition;
}

function toList(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
