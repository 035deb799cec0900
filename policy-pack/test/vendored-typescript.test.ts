import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * `pulumi preview --policy-pack` compiles the pack with the ts-node and TypeScript 3.8 that
 * @pulumi/pulumi vendors, unless the pack installs newer ones. The pack's own files must
 * therefore use no syntax newer than TypeScript 3.8 understands.
 */
const PACK_DIR = path.resolve(__dirname, "..");
const vendored = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "vendor", "typescript@3.8.3", "typescript.js");

function packSources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return ["node_modules", "test"].includes(entry.name) ? [] : packSources(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

describe("policy pack on the CLI's vendored TypeScript 3.8", () => {
    it("finds the vendored compiler", () => {
        assert.ok(fs.existsSync(vendored), `${vendored} is missing: did @pulumi/pulumi stop vendoring TypeScript?`);
    });

    for (const file of packSources(PACK_DIR)) {
        it(`parses ${path.relative(PACK_DIR, file)}`, () => {
            const ts = require(vendored);
            const result = ts.transpileModule(fs.readFileSync(file, "utf8"), {
                fileName: file, reportDiagnostics: true,
                compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019, esModuleInterop: true, resolveJsonModule: true },
            });
            const messages = (result.diagnostics ?? []).map((d: { messageText: unknown }) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            assert.deepEqual(messages, []);
        });
    }
});
