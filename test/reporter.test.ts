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

    // What mocha's bin starts when given node options, as npm test gives it the offline loader
    // (.mocharc.json): its CLI in a Node started with those options. Started directly, the run
    // spares the bin's own Node process. The CLI runs only when started by its real path
    // (node_modules may be a link).
    const mocha = fs.realpathSync(path.resolve(__dirname, "..", "node_modules", "mocha", "lib", "cli", "cli.js"));
    const nodeOptions = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", ".mocharc.json"), "utf8"))["node-option"] as string[]).map((option) => `--${option}`);
    /** Runs mocha with this reporter (and `args`) on sample files written to a temporary directory. */
    const runMocha = (files: Record<string, string[]>, args: string[] = []) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reporter-"));
        const paths = Object.entries(files).map(([name, lines]) => {
            fs.writeFileSync(path.join(dir, name), lines.join("\n"));
            return path.join(dir, name);
        });
        try {
            return spawnSync(process.execPath, [...nodeOptions, mocha, "--no-config", "--reporter", path.join(__dirname, "reporter.ts"), "--no-color", ...args, ...paths], {
                cwd: path.resolve(__dirname, ".."),
                encoding: "utf8",
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
    const SAMPLE = [
        `import { strict as assert } from "node:assert";`,
        `describe("sample", () => {`,
        `    it("passes", () => assert.ok(true));`,
        `    it("fails", () => assert.equal(1 + 1, 3, "one and one make three"));`,
        `});`,
    ];

    it("prints a failure in full and the summary when mocha runs with it", function () {
        this.timeout(60_000);
        const run = runMocha({ "sample.test.ts": SAMPLE });
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, /^ {2}1 passing, 1 failing \(\d+\.\ds\)$/m);
        assert.match(run.stdout, /1\) sample\s+fails:/);
        assert.match(run.stdout, /one and one make three/);
        assert.match(run.stdout, /slowest files:\n +\d+\.\ds {2}.*sample\.test\.ts/);
        assert.doesNotMatch(run.stdout, /✔ passes/);
    });

    it("does the same in parallel mode, where it sees each file's events only once the file is done: marks, failures, summary, and files timed with their hooks", function () {
        this.timeout(60_000);
        const run = runMocha({
            "sample.test.ts": SAMPLE,
            "slow.test.ts": [
                `describe("slow", () => {`,
                `    before((done) => { setTimeout(done, 600); });`,
                `    it("waits", (done) => { setTimeout(done, 200); });`,
                `});`,
                `describe("quick", () => {`,
                `    it("passes", () => {});`,
                `});`,
            ],
        }, ["--parallel", "--jobs", "2"]);
        assert.equal(run.status, 1, run.stderr);
        // One mark per top-level suite, whichever file ends first: F for the failing one.
        assert.deepEqual([...run.stdout.trimStart().split("\n")[0]].sort(), [".", ".", "F"]);
        assert.match(run.stdout, /^ {2}3 passing, 1 failing \(\d+\.\ds\)$/m);
        assert.match(run.stdout, /1\) sample\s+fails:/);
        assert.match(run.stdout, /one and one make three/);
        const times = Object.fromEntries([...run.stdout.matchAll(/^ +(\d+\.\d)s {2}.*\/([\w.-]+)$/gm)].map((m) => [m[2], Number(m[1])]));
        assert.deepEqual(Object.keys(times).sort(), ["sample.test.ts", "slow.test.ts"]);
        assert.ok(times["slow.test.ts"] >= 0.8 && times["slow.test.ts"] < 10, `slow.test.ts timed ${times["slow.test.ts"]}s`);
    });

    it("fails the run on an .only in parallel mode, which mocha does not support there, as --forbid-only does in a serial run", function () {
        this.timeout(60_000);
        const run = runMocha({ "only.test.ts": [`describe("only", () => {`, `    it.only("passes", () => {});`, `});`] }, ["--parallel", "--jobs", "2"]);
        assert.notEqual(run.status, 0);
        assert.match(run.stdout, /`\.only` is not supported in parallel mode/);
        assert.match(run.stdout, /^ {2}0 passing, 1 failing/m);
    });
});

describe("npm test's configuration", () => {
    const root = path.resolve(__dirname, "..");
    const config = JSON.parse(fs.readFileSync(path.join(root, ".mocharc.json"), "utf8"));

    it("runs every test file of the repository: each is under one of the spec list's folders", () => {
        const folders = (config.spec as string[]).map((spec) => {
            const match = /^([\w/-]+)\/\*\*\/\*\.test\.ts$/.exec(spec);
            assert.ok(match, `${spec} is not of the form <folder>/**/*.test.ts`);
            return `${match[1]}/`;
        });
        const testFiles = (fs.readdirSync(root, { recursive: true }) as string[])
            .filter((file) => file.endsWith(".test.ts") && !file.split(path.sep).includes("node_modules"));
        assert.ok(testFiles.length > 100);
        assert.deepEqual(testFiles.filter((file) => !folders.some((folder) => file.startsWith(folder))), []);
    });

    it("runs the files in two workers, forbids .only, and shares the programs' runs in each worker", () => {
        assert.deepEqual({ parallel: config.parallel, jobs: config.jobs, forbidOnly: config["forbid-only"], require: config.require, reporter: config.reporter },
            { parallel: true, jobs: 2, forbidOnly: true, require: ["test/setup.ts"], reporter: "test/reporter.ts" });
    });
});
