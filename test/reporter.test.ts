import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { seconds, slowestFiles, summaryLine } from "./reporter";

describe("the compact test reporter", () => {
    it("lists the ten slowest files, slowest first, ties by name", () => {
        const times = new Map(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, "0")}.test.ts`, i * 100] as [string, number]));
        times.set("a.test.ts", 1100);
        const slowest = slowestFiles(times);
        assert.equal(slowest.length, 10);
        assert.deepEqual(slowest.slice(0, 3), [
            { file: "a.test.ts", ms: 1100 },
            { file: "f11.test.ts", ms: 1100 },
            { file: "f10.test.ts", ms: 1000 },
        ]);
        assert.equal(slowest[9].file, "f03.test.ts");
    });

    it("states passing and failing on one line, the form .ci/run reads", () => {
        assert.equal(summaryLine({ passes: 12, failures: 0, pending: 0, duration: 1234 }), "  12 passing, 0 failing (1.2s)");
        assert.equal(summaryLine({ passes: 3, failures: 2, pending: 1, duration: 60_000 }), "  3 passing, 2 failing, 1 pending (60.0s)");
        assert.match(summaryLine({ passes: 3, failures: 2, pending: 0 }), /^ +[0-9]+ passing, [0-9]+ failing/);
        assert.equal(seconds(50), "0.1s");
    });

    it("prints a failure in full and the summary when mocha runs with it", function () {
        this.timeout(60_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reporter-"));
        const file = path.join(dir, "sample.test.ts");
        fs.writeFileSync(file, [
            `import { strict as assert } from "node:assert";`,
            `describe("sample", () => {`,
            `    it("passes", () => assert.ok(true));`,
            `    it("fails", () => assert.equal(1 + 1, 3, "one and one make three"));`,
            `});`,
        ].join("\n"));
        const mocha = path.resolve(__dirname, "..", "node_modules", "mocha", "bin", "mocha.js");
        const run = spawnSync(process.execPath, [mocha, "--no-config", "--node-option", "import=tsx", "--reporter", path.join(__dirname, "reporter.ts"), "--no-color", file], {
            cwd: path.resolve(__dirname, ".."),
            encoding: "utf8",
        });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, /^ {2}1 passing, 1 failing \(\d+\.\ds\)$/m);
        assert.match(run.stdout, /1\) sample\s+fails:/);
        assert.match(run.stdout, /one and one make three/);
        assert.match(run.stdout, /slowest files:\n +\d+\.\ds {2}.*sample\.test\.ts/);
        assert.doesNotMatch(run.stdout, /✔ passes/);
    });
});
