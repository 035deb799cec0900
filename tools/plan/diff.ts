/**
 * The plan diff: what `pulumi up` would do to a stack deployed as an earlier plan describes,
 * resource by resource: added, deleted, updated in place or replaced, with the input paths
 * that changed. Whether a change replaces comes from the table of replace-forcing inputs
 * (replacements.ts), the resource's own `replaceOnChanges` and its provider's settings;
 * `ignoreChanges` paths are left out, as the engine leaves them. Deletes and replacements of
 * protected or stateful resources come first: they are what a reviewer must not miss.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMaskedSecret } from "../offline/wire";
import { ReplacementRule, replacementRule } from "./replacements";

/** One resource of plan.json. */
export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    provider: string | null;
    dependencies: string[];
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
    ignoreChanges: string[];
    inputs: Record<string, unknown>;
}

export interface PlanDocument {
    stack: string;
    resources: PlannedResource[];
}

/** A plan output that cannot be compared (exit code 2). */
export class PlanDiffError extends Error {}

/** Reads `<dir>/plan.json` as an `npm run plan -- --out <dir>` wrote it. */
export function readPlanOutput(dir: string): PlanDocument {
    const file = path.join(dir, "plan.json");
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new PlanDiffError(`${dir} is not a plan output: it has no plan.json (write one with npm run plan -- --stack <stack> --out ${dir})`);
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new PlanDiffError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const plan = document as Partial<PlanDocument> | null;
    if (typeof plan?.stack !== "string" || !Array.isArray(plan.resources) || !plan.resources.every(isPlannedResource)) {
        throw new PlanDiffError(`${file} is not a plan: it needs "stack" and "resources" with urn, type, name and inputs each`);
    }
    return plan as PlanDocument;
}

function isPlannedResource(r: unknown): r is PlannedResource {
    const resource = r as Partial<PlannedResource> | null;
    return typeof resource?.urn === "string" && typeof resource.type === "string" && typeof resource.name === "string"
        && typeof resource.inputs === "object" && resource.inputs !== null;
}

export type ChangeKind = "add" | "delete" | "update" | "replace";

export interface ChangedPath {
    path: string;
    /** The change of this path alone replaces the resource. */
    replaces: boolean;
    /** The value is a secret: the diff knows it changed, not what it is. */
    secret: boolean;
    /** The values before and after (absent for secrets); undefined where the path did not exist. */
    from?: unknown;
    to?: unknown;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    kind: ChangeKind;
    /** Changed inputs (update and replace), ignored paths left out. */
    paths: ChangedPath[];
    protect: boolean;
    /** Why losing this resource loses data or breaks what uses it (from the table). */
    holdsState?: string;
    /** What will go wrong or needs care: a protected delete, a fixed name on replace, a type without a rule. */
    warnings: string[];
}

export interface PlanDiff {
    stack: string;
    /** Deletes and replacements of protected or stateful resources: listed first, also among the others. */
    critical: ResourceChange[];
    changes: ResourceChange[];
    counts: Record<ChangeKind, number> & { unchanged: number };
}

type RuleLookup = (type: string) => ReplacementRule | undefined;

/** Compares an earlier plan with a later one of the same stack. */
export function diffPlans(before: PlanDocument, after: PlanDocument, rules: RuleLookup = replacementRule): PlanDiff {
    if (before.stack !== after.stack) {
        throw new PlanDiffError(`the plans are of different stacks: the earlier one of "${before.stack}", this one of "${after.stack}"`);
    }
    const earlier = new Map(before.resources.map((r) => [r.urn, r]));
    const later = new Map(after.resources.map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    let unchanged = 0;

    const replacedProviders = new Set<string>();
    // Providers first: replacing one replaces everything it manages.
    const ordered = [...after.resources].sort((a, b) => Number(isProvider(b.type)) - Number(isProvider(a.type)));
    for (const resource of ordered) {
        const previous = earlier.get(resource.urn);
        if (!previous) {
            changes.push(change(resource, "add", [], rules));
            continue;
        }
        const paths = changedPaths(previous.inputs, resource.inputs)
            .filter((p) => !resource.ignoreChanges.some((ignored) => pathMatches(ignored, p.path)))
            .map((p) => ({ ...p, replaces: forcesReplacement(resource, p.path, later, rules) }));
        const providerReplaced = resource.provider !== null && replacedProviders.has(resource.provider);
        if (paths.length === 0 && !providerReplaced) {
            unchanged++;
            continue;
        }
        const isComponent = resource.provider === null && !isProvider(resource.type);
        if (isComponent) {
            unchanged++; // a component's inputs hold no cloud state
            continue;
        }
        const kind = paths.some((p) => p.replaces) || providerReplaced ? "replace" : "update";
        const entry = change(resource, kind, paths, rules);
        if (providerReplaced) entry.warnings.push("its provider is replaced, so it is replaced too");
        if (kind === "replace" && isProvider(resource.type)) replacedProviders.add(resource.urn);
        changes.push(entry);
    }
    for (const resource of before.resources) {
        if (!later.has(resource.urn)) changes.push(change(resource, "delete", [], rules));
    }

    const order: Record<ChangeKind, number> = { delete: 0, replace: 1, add: 2, update: 3 };
    changes.sort((a, b) => order[a.kind] - order[b.kind] || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    const counts = { add: 0, delete: 0, update: 0, replace: 0, unchanged };
    for (const c of changes) counts[c.kind]++;
    return { stack: after.stack, critical: changes.filter(isCritical), changes, counts };
}

function isProvider(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** A delete or a replacement of something protected or stateful. */
export function isCritical(change: ResourceChange): boolean {
    return (change.kind === "delete" || change.kind === "replace") && (change.protect || change.holdsState !== undefined);
}

function change(resource: PlannedResource, kind: ChangeKind, paths: ChangedPath[], rules: RuleLookup): ResourceChange {
    const rule = rules(resource.type);
    const warnings: string[] = [];
    const hasRule = rule !== undefined || (resource.provider === null && !isProvider(resource.type));
    if (!hasRule && kind !== "add") warnings.push(`no replacement rule for ${resource.type} in tools/plan/replacements.ts: every change is taken as a replacement`);
    if (kind === "delete" && resource.protect) warnings.push("protected: pulumi refuses to delete it until `protect` is lifted");
    if (kind === "delete" && resource.retainOnDelete) warnings.push("retained: pulumi forgets it and leaves it in the account");
    if (kind === "replace" && resource.protect) warnings.push("protected: pulumi refuses to replace it");
    const physicalName = rule?.physicalName && resource.inputs[rule.physicalName];
    if (kind === "replace" && physicalName && !resource.deleteBeforeReplace) {
        warnings.push(`fixed name ${rule!.physicalName}=${JSON.stringify(physicalName)}: the old one is deleted before its replacement exists`);
    }
    return {
        urn: resource.urn, type: resource.type, name: resource.name, kind, paths, protect: resource.protect,
        ...(rule?.holdsState && kind !== "add" ? { holdsState: rule.holdsState } : {}), warnings,
    };
}

function forcesReplacement(resource: PlannedResource, changed: string, resources: Map<string, PlannedResource>, rules: RuleLookup): boolean {
    const rule = rules(resource.type);
    if (resource.replaceOnChanges.some((p) => pathMatches(p, changed))) return true;
    if (!rule) return !(resource.provider === null && !isProvider(resource.type));
    if (rule.replaceOn.some((p) => pathMatches(p, changed))) return true;
    const provider = isProvider(resource.type) ? resource : resource.provider ? resources.get(resource.provider) : undefined;
    return (rule.conditional ?? []).some(({ paths, unlessProviderInput }) =>
        paths.some((p) => pathMatches(p, changed)) && !isSet(provider?.inputs[unlessProviderInput]));
}

/** A provider setting that is on: true, or a non-empty value (provider inputs travel as strings: "true", "false"). */
function isSet(value: unknown): boolean {
    return value === true || (typeof value === "string" && value !== "" && value !== "false");
}

/** The leaf paths where two input trees differ (`a.b[0].c`); a secret counts as changed when its digest does. */
export function changedPaths(before: unknown, after: unknown, prefix = ""): Omit<ChangedPath, "replaces">[] {
    if (isTree(before) && isTree(after) && Array.isArray(before) === Array.isArray(after)) {
        const keys = Array.isArray(before)
            ? Array.from({ length: Math.max(before.length, (after as unknown[]).length) }, (_, i) => i)
            : [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((key) => changedPaths((before as Record<string | number, unknown>)[key], (after as Record<string | number, unknown>)[key], joinPath(prefix, key)));
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const secret = containsMaskedSecret(before) || containsMaskedSecret(after);
    return [secret ? { path: prefix, secret } : { path: prefix, secret, from: before, to: after }];
}

function isTree(value: unknown): value is Record<string, unknown> | unknown[] {
    return typeof value === "object" && value !== null;
}

function containsMaskedSecret(value: unknown): boolean {
    return isTree(value) ? Object.values(value).some(containsMaskedSecret) : isMaskedSecret(value);
}

function joinPath(prefix: string, key: string | number): string {
    if (typeof key === "number") return `${prefix}[${key}]`;
    const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
    return prefix === "" ? name : name.startsWith('"') ? `${prefix}[${name}]` : `${prefix}.${name}`;
}

/** `a.b[0]["c.d"]` → ["a", "b", "0", "c.d"]; `*` and `[*]` stay as wildcards. */
export function pathSegments(p: string): string[] {
    const segments: string[] = [];
    const pattern = /([^.[\]]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]/g;
    for (let match = pattern.exec(p); match; match = pattern.exec(p)) segments.push(match[1] ?? match[2] ?? JSON.parse(`"${match[3]}"`));
    return segments;
}

/** True when `changed` is `rule` or lies below it; `*` in the rule matches one key or index. */
export function pathMatches(rule: string, changed: string): boolean {
    const r = pathSegments(rule);
    const c = pathSegments(changed);
    return r.length <= c.length && r.every((segment, i) => segment === "*" || segment === c[i]);
}

// ------------------------------------------------------------------ rendering

/** A value on one line, cut to a readable length. */
function show(value: unknown): string {
    if (value === undefined) return "(none)";
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const SYMBOL: Record<ChangeKind, string> = { add: "+", delete: "-", update: "~", replace: "±" };

export function renderDiff(diff: PlanDiff, against: string): string {
    const { counts } = diff;
    const lines = [`Changes against ${against} (stack "${diff.stack}"): ${counts.add} to add, ${counts.replace} to replace, ${counts.update} to update, ${counts.delete} to delete, ${counts.unchanged} unchanged`];
    const describe = (c: ResourceChange) => [
        `  ${SYMBOL[c.kind]} ${c.kind.padEnd(7)} ${c.type}  ${c.name}`,
        ...c.paths.map((p) => `        ${p.path}: ${p.secret ? "(secret)" : `${show(p.from)} → ${show(p.to)}`}${p.replaces ? "  [forces replacement]" : ""}`),
        ...(c.holdsState && isCritical(c) ? [`        holds state: ${c.holdsState}`] : []),
        ...c.warnings.map((w) => `        ! ${w}`),
    ];
    if (diff.critical.length > 0) {
        lines.push("", "Protected or stateful resources deleted or replaced:", ...diff.critical.flatMap(describe));
    }
    if (diff.changes.length > 0) lines.push("", "All changes:", ...diff.changes.flatMap(describe));
    return lines.join("\n");
}
