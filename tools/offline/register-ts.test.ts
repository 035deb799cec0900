/**
 * The offline loader (register-ts.cjs), which `npm run plan`, `npm run bench` and `npm test`
 * start Node with, changes how fast a plan is made, not what the program does: the plan this
 * process makes registers exactly what the program registers under tsx, as the Pulumi CLI runs
 * it (Pulumi.yaml: nodeargs --import=tsx). (That the SDK's engine-only work skipped under the
 * mocks changes nothing either is tools/offline/offline-sdk.test.ts's.)
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planDocument, runPlan } from "../plan/plan";
import { OFFLINE_LOADER, PROJECT_ROOT } from "./run-program";

const node = (start: string[], args: string[], env: Record<string, string> = {}) =>
    execFileSync(process.execPath, [...start, ...args], { cwd: PROJECT_ROOT, encoding: "utf8", stdio: "pipe", env: { ...process.env, NODE_OPTIONS: "", ...env } });
const withLoader = (args: string[], nodeOptions: string[] = []) => node([...nodeOptions, "--require", OFFLINE_LOADER], args);

describe("the offline loader", function () {
    this.timeout(180_000);

    it("plans dev with every registration, input and option the program makes under tsx", async () => {
        assert.ok(require.extensions[".ts"] === require(OFFLINE_LOADER).loadTypeScript, "this process loads TypeScript through the offline loader");
        // The dev program alone under tsx, as the CLI starts it; its plan document (what plan.json holds) written to `out`.
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "offline-loader-")), "plan.json");
        const underTsx = [
            `const { runProgram } = require("./tools/offline/run-program");`,
            `const { readStackFile } = require("./tools/offline/stack-file");`,
            `const { planDocument, stackFilePath } = require("./tools/plan/plan");`,
            `runProgram("dev", readStackFile(stackFilePath("dev"))).then((run) => require("node:fs").writeFileSync(process.argv[1], JSON.stringify(planDocument(run))));`,
        ].join("\n");
        node(["--import", "tsx"], ["--eval", underTsx, out]);
        const asTheCliRunsIt = JSON.parse(fs.readFileSync(out, "utf8"));
        const here = JSON.parse(JSON.stringify(planDocument(await runPlan({ stack: "dev" }))));
        assert.ok(here.resources.length > 100);
        assert.deepEqual(here, asTheCliRunsIt);
    });

    it("leaves stack traces as Node makes them, and maps TypeScript positions with --enable-source-maps", () => {
        const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "offline-loader-")), "probe.ts");
        // A type annotation on line 3 shifts nothing in the transpiled code; an error's position must still name line 4.
        fs.writeFileSync(script, [
            `const { Resource } = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});`,
            "const sdk: number = Resource.callsites().length;",
            "type Unused = { a: string };",
            "const own: string = new Error(\"probe\").stack!;",
            "console.log(JSON.stringify({ sdk, own }));",
        ].join("\n"));
        const plain = JSON.parse(withLoader([script]));
        assert.ok(plain.sdk > 0, "the SDK captures its callsites");
        assert.match(plain.own, /^Error: probe\n {4}at .*probe\.ts:\d+:\d+/);
        const mapped = JSON.parse(withLoader([script], ["--enable-source-maps"]));
        assert.ok(mapped.sdk > 0);
        assert.match(mapped.own, /probe\.ts:4:\d+/);
        // The same file in another clone takes the transpiled code cached for this one, and its frames name its own path.
        const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "offline-loader-")), "probe.ts");
        fs.copyFileSync(script, copy);
        assert.ok(JSON.parse(withLoader([copy], ["--enable-source-maps"])).own.includes(`(${copy}:4:`));
    });

    it("names a file it cannot transpile by its path, and maps a file whose name is no plain URL", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-loader-"));
        const broken = path.join(dir, "index.ts");
        fs.writeFileSync(broken, "const x: number = ;\n");
        assert.throws(() => withLoader([broken]), (error: { stderr: string }) => error.stderr.includes(`\n${broken}:1:18: ERROR: Unexpected ";"`));
        const odd = path.join(dir, "odd#name:1.ts");
        fs.writeFileSync(odd, "type T = number;\nconsole.log(new Error(\"odd\").stack!.split(\"\\n\")[1]);\n");
        assert.equal(withLoader([odd], ["--enable-source-maps"]).trim(), `at Object.<anonymous> (${odd}:2:13)`);
    });
});
