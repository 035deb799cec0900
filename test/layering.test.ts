/**
 * The layering rule of the program: components take typed arguments and never import from
 * stacks/, where the whole stack config and the catalogues built from it live.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const STACKS = join(ROOT, "stacks");

/** Every TypeScript file under `dir`, tests included: a test's imports are its own business. */
function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : [];
    });
}

/** The relative module specifiers a file imports or re-exports. */
function relativeImports(source: string): string[] {
    return [...source.matchAll(/(?:import|export)\s[^;]*?from\s+["'](\.[^"']*)["']|import\(\s*["'](\.[^"']*)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** The component files whose imports reach into stacks/, each with the offending specifiers. */
function importsFromStacks(files: string[], read: (file: string) => string = (f) => readFileSync(f, "utf8")): string[] {
    return files.flatMap((file) => relativeImports(read(file))
        .filter((specifier) => !relative(STACKS, resolve(dirname(file), specifier)).startsWith(".."))
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`));
}

describe("layering", () => {
    it("keeps every component (tests aside) free of imports from stacks/", () => {
        const components = sources(join(ROOT, "components")).filter((f) => !f.endsWith(".test.ts"));
        assert.ok(components.length > 50, "the component sources were not found");
        assert.deepEqual(importsFromStacks(components), []);
    });

    it("recognises an import into stacks/, static, type-only or dynamic, and nothing else", () => {
        const file = join(ROOT, "components", "addons", "x", "x.ts");
        const sourceOf = (text: string) => importsFromStacks([file], () => text);
        assert.deepEqual(sourceOf('import { StackConfig } from "../../../stacks/config/schema";'), ["components/addons/x/x.ts imports ../../../stacks/config/schema"]);
        assert.deepEqual(sourceOf('import type {\n  StackConfig,\n} from "../../../stacks/config/schema";'), ["components/addons/x/x.ts imports ../../../stacks/config/schema"]);
        assert.deepEqual(sourceOf('const m = await import("../../../stacks/addons");'), ["components/addons/x/x.ts imports ../../../stacks/addons"]);
        assert.deepEqual(sourceOf('import { Placement } from "../../cluster/placement";\n// built in stacks/addons.ts'), []);
        assert.deepEqual(sourceOf('import { x } from "../stacks/local";'), []);
    });
});
