/**
 * What the hand-written documents claim about the repository, read out of their text so a test
 * can hold each claim against the code: the repository paths they link or name, the npm scripts
 * they run, the config paths they name and numbers about the plan that only a generator may state.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bootstrapConfigSchema } from "../bootstrap/config";
import { documentedConfigPaths } from "../tools/config-reference";
import { configSections } from "../stacks/config/schema";

export const ROOT = path.resolve(__dirname, "..");

/** The documents a newcomer reads; the generated ones are checked against their generators instead. */
export function documents(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    const others = ["README.md", "policy-pack/README.md", "policy-pack/config/README.md", "bootstrap/README.md"];
    return [...others.filter((f) => fs.existsSync(path.join(ROOT, f))), ...docs].sort();
}

export interface Mention {
    text: string;
    line: number;
}

/** Where each line of the last source read starts: the documents are scanned for hundreds of matches each. */
let lineStarts: { source: string; starts: number[] } | undefined;

function lineOf(source: string, index: number): number {
    if (lineStarts?.source !== source) {
        const starts = [0];
        for (let at = source.indexOf("\n"); at !== -1; at = source.indexOf("\n", at + 1)) starts.push(at + 1);
        lineStarts = { source, starts };
    }
    // The number of lines starting at or before `index`.
    const { starts } = lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (starts[middle] <= index) low = middle + 1;
        else high = middle;
    }
    return low;
}

/** The text outside fenced code blocks, with the blocks blanked so line numbers stay. */
function prose(source: string): string {
    return source.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, " "));
}

function matches(source: string, pattern: RegExp, group = 1): Mention[] {
    return [...source.matchAll(pattern)].map((m) => ({ text: m[group], line: lineOf(source, m.index) }));
}

/** Link targets inside the repository (`[text](target)`), without their anchors. */
export function linkTargets(source: string): Mention[] {
    return matches(prose(source), /\]\(([^)\s]+)\)/g)
        .filter((m) => !/^(https?:|mailto:|#)/.test(m.text))
        .map((m) => ({ ...m, text: m.text.replace(/#.*$/, "") }));
}

/** Spans in backticks, outside code blocks. */
export function codeSpans(source: string): Mention[] {
    return matches(prose(source), /`([^`\n]+)`/g);
}

const TOP_LEVEL = [".ci", ".github", "bootstrap", "components", "docs", "policy-pack", "scripts", "stacks", "test", "tools"];
const FILE_EXTENSIONS = /\.(ts|js|cjs|json|ya?ml|md|sh)$/;

/**
 * Repository paths a document names: in backticks, a span without spaces that starts with a
 * top-level folder, or a file name with a source or document extension; in running text and
 * code blocks, anything that starts with a top-level folder and a slash.
 */
export function namedPaths(source: string): Mention[] {
    const spans = codeSpans(source)
        .map((m) => ({ ...m, text: m.text.replace(/^\.\//, "") }))
        .filter((m) => !/[\s$:=@"'(){}]/.test(m.text) && !m.text.startsWith("/") && !m.text.startsWith("~"))
        .filter((m) => TOP_LEVEL.includes(m.text.split("/")[0]) && (m.text.includes("/") || FILE_EXTENSIONS.test(m.text)) || (!m.text.includes("/") && FILE_EXTENSIONS.test(m.text)));
    const bare = matches(source, new RegExp(`(?<![\\w./~$-])((?:${TOP_LEVEL.map((t) => t.replace(".", "\\.")).join("|")})/[\\w./<>*-]*)`, "g"))
        .map((m) => ({ ...m, text: m.text.replace(/[.,]+$/, "") }));
    return [...spans, ...bare];
}

/** `npm run <script>` (and `npm test`) with the package it runs in (`--prefix <dir>`, `-C <dir>`). */
export function npmScripts(source: string): { dir: string; script: string; line: number }[] {
    return [...source.matchAll(/\bnpm((?:\s+(?:--prefix|-C)\s+\S+)?)\s+(?:run(?:-script)?\s+(?:-s\s+|--silent\s+)?([\w:.-]+)|(test)\b)/g)].map((m) => ({
        dir: m[1].trim().split(/\s+/)[1] ?? ".",
        script: (m[2] ?? m[3]).replace(/[:.]+$/, ""),
        line: lineOf(source, m.index),
    }));
}

export type Project = "platform" | "bootstrap";

/**
 * Config paths a document names: backticked spans of dotted segments whose first segment is a
 * config key of a project (with or without its namespace), and `--path` arguments of
 * `pulumi config set`.
 */
export function configPathMentions(source: string): (Mention & { project?: Project })[] {
    const keys = new Set([...Object.keys(configSections), ...Object.keys(bootstrapConfigSchema.shape)]);
    const spans = codeSpans(source).flatMap((m) => {
        const found = /^(signal-trading(?:-bootstrap)?:)?([A-Za-z][\w]*(?:(?:\.[\w<>|*-]+)|(?:\[\d*\]))+)$/.exec(m.text);
        if (!found || !keys.has(found[2].split(/[.[]/)[0])) return [];
        // A file name (`registry.ts`) or a Pulumi SDK name (`aws.rds.Instance`) is no config path.
        if (FILE_EXTENSIONS.test(found[2]) || /^aws\.[a-z0-9]+\.[A-Za-z]/.test(found[2])) return [];
        const project: Project | undefined = found[1] === "signal-trading:" ? "platform" : found[1] ? "bootstrap" : undefined;
        return [{ text: found[2], line: m.line, project }];
    });
    const set = matches(source, /config set\s+(?:--secret\s+)?--path\s+['"]?([\w.[\]<>"$-]+?)['"]?(?=[\s"]|$)/gm)
        .filter((m) => !m.text.includes("$") && keys.has(m.text.split(/[.[]/)[0]));
    const setInBootstrap = matches(source, /pulumi -C bootstrap config set\s+(?:--secret\s+)?(?:--path\s+)?['"]?([\w.[\]-]+)/g);
    return [...spans, ...set.map((m) => ({ ...m, project: "platform" as const })), ...setInBootstrap.map((m) => ({ ...m, project: "bootstrap" as const }))];
}

const segments = (p: string) => p.replace(/\[\d*\]/g, ".[]").split(".").filter(Boolean);

function segmentMatches(documented: string, named: string): boolean {
    if (named === "*" || named === documented || /^<.+>$/.test(named)) return true;
    if (documented === "<name>") return true;
    const choices = /^<(.+)>$/.exec(documented);
    if (!choices) return false;
    return choices[1].split("|").includes(named);
}

/** Whether `named` is a documented path of the project or a section above one. */
export function configPathKnown(named: string, project?: Project): boolean {
    const schemas: Record<Project, Record<string, import("zod").ZodType>> = { platform: configSections, bootstrap: bootstrapConfigSchema.shape };
    const projects: Project[] = project ? [project] : ["platform", "bootstrap"];
    const parts = segments(named);
    return projects.some((p) => documentedConfigPaths(schemas[p]).some(({ path: documented, type }) => {
        const known = segments(documented);
        // A map of scalars (apiKeys, tags.extra) takes any key below it.
        if (type.startsWith("map of ")) known.push("<name>");
        // A list of scalars (auth.jwtKeyIds) takes an index.
        else if (type.endsWith("[]")) known.push("[]");
        return parts.length <= known.length && parts.every((part, i) => segmentMatches(known[i], part));
    }));
}

let files: string[] | undefined;

/** Every file and folder of the repository, outside node_modules and .git. */
export function repositoryEntries(): string[] {
    if (files) return files;
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name === ".git") continue;
            const rel = dir ? `${dir}/${entry.name}` : entry.name;
            out.push(rel);
            if (entry.isDirectory()) walk(rel);
        }
    };
    walk("");
    return (files = out);
}

function globPattern(text: string): RegExp {
    const escaped = text.replace(/\/+$/, "").split(/(<[^>]*>|\*)/).map((part, i) => (i % 2 ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${escaped}$`);
}

/**
 * Whether a path a document names exists: from the repository root or the document's folder;
 * `<placeholder>` and `*` stand for one name; a bare file name may sit anywhere.
 */
export function pathExists(named: string, documentDir: string): boolean {
    const entries = repositoryEntries();
    const pattern = globPattern(named);
    const bases = [pattern, globPattern(path.posix.join(documentDir, named))];
    if (!named.includes("/")) return entries.some((e) => pattern.test(path.posix.basename(e)));
    return entries.some((e) => bases.some((b) => b.test(e)));
}

/** Statements about the plan's size that would go stale with the next resource or policy. */
export function countClaims(source: string): Mention[] {
    return matches(source, /\b(\d+ (?:policies|resources|evaluated|policy violations))\b/g);
}

/** The stack outputs a project exports (`export const <name>` in its program). */
export function stackOutputs(project: Project): Set<string> {
    const program = fs.readFileSync(path.join(ROOT, project === "bootstrap" ? "bootstrap/index.ts" : "index.ts"), "utf8");
    return new Set([...program.matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
}

/** The fields of an output the program exports as an object literal (`export const database = { host: ..., }`). */
export function outputFields(project: Project, output: string): string[] {
    const program = fs.readFileSync(path.join(ROOT, project === "bootstrap" ? "bootstrap/index.ts" : "index.ts"), "utf8");
    const body = new RegExp(`^export const ${output} = \\{([^}]*)\\}`, "m").exec(program)?.[1] ?? "";
    return [...body.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]);
}

/** Outputs read with `pulumi [-C bootstrap] stack output [flags] <name>`. */
export function outputMentions(source: string): (Mention & { project: Project })[] {
    return [...source.matchAll(/pulumi (-C bootstrap )?stack output(?: --[\w-]+)* ([A-Za-z]\w*)/g)].map((m) => ({
        text: m[2],
        line: lineOf(source, m.index),
        project: m[1] ? "bootstrap" as const : "platform" as const,
    }));
}
