/**
 * Fast start for the offline tools and the tests (`npm run plan`, `npm run bench`, `npm test`):
 *   node --require ./tools/offline/register-ts.cjs tools/plan/main.ts ...
 *
 * tsx, which the Pulumi CLI uses to run the program (Pulumi.yaml), routes every module
 * resolution of the process through its hooks and turns on source maps, so that loading the
 * SDKs and the program took more than twice as long. Here the project's TypeScript files are
 * transpiled by the esbuild transform tsx applies (CommonJS, the tsconfig's compiler options),
 * cached on disk by content, and loaded by Node's own resolver; Node's compile cache keeps the
 * bytecode of every module, the SDKs' too. Source maps are written inline and left to Node:
 * `node --enable-source-maps` gives stack traces TypeScript positions (`npm test` turns them on for
 * the project's files: test/source-maps.ts).
 *
 * It does not change what the program does: tools/offline/register-ts.test.ts plans a stack
 * with this loader and under tsx, as the CLI runs it, and compares every registration.
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const Module = require("node:module");
const esbuild = require("esbuild");

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const CACHE_ROOT = path.join(os.tmpdir(), `signal-trading-offline-${os.userInfo().uid}`);

/** What the transform depends on besides a file's content: a change here invalidates every cached file. */
const TRANSFORM_OPTIONS = {
    loader: "ts",
    format: "cjs",
    target: `node${process.versions.node}`,
    sourcemap: "inline",
    tsconfigRaw: { compilerOptions: JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "tsconfig.json"), "utf8")).compilerOptions },
};
const TRANSFORM_KEY = crypto.createHash("sha256").update(JSON.stringify([esbuild.version, TRANSFORM_OPTIONS])).digest("hex");
const TRANSPILED = path.join(CACHE_ROOT, "ts", TRANSFORM_KEY.slice(0, 16));

/**
 * Transpiled JavaScript of a TypeScript file, from the cache when a file of that name and content
 * was seen before, in this clone or another. The output holds no path: its source map names the
 * file relative to itself (its base name, as a URL), which Node resolves against the file's own
 * location.
 */
function transpile(filename) {
    const source = fs.readFileSync(filename, "utf8");
    const sourcefile = `./${encodeURIComponent(path.basename(filename))}`;
    const cached = path.join(TRANSPILED, `${crypto.createHash("sha256").update(sourcefile).update("\0").update(source).digest("hex")}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        let code;
        try {
            ({ code } = esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile }));
        } catch (error) {
            // esbuild names the file as the source map does, by its base name, which many files share.
            throw new Error(error.message.split(`${sourcefile}:`).join(`${filename}:`), { cause: error });
        }
        fs.mkdirSync(TRANSPILED, { recursive: true });
        // Written whole then renamed: a process reading the cache (this clone's or another's) never sees half a file.
        const partial = `${cached}.${crypto.randomUUID()}`;
        fs.writeFileSync(partial, code);
        fs.renameSync(partial, cached);
        return code;
    }
}

Module.enableCompileCache?.(path.join(CACHE_ROOT, "v8"));
/** How this loader loads a TypeScript file (exported so a test can tell which loader its process runs). */
function loadTypeScript(module, filename) {
    module._compile(transpile(filename), filename);
}
Module._extensions[".ts"] = loadTypeScript;
module.exports = { loadTypeScript };
