/**
 * Prometheus's own rule engine for tests: `promtool check rules` on generated rule groups and
 * `promtool test rules` on unit tests with synthetic series. promtool comes from Debian's
 * `prometheus` package (2.42); `.ci/run` installs it. Without it these helpers fail, saying how
 * to install it: a rule the real engine never read is not tested.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { RuleGroup, ruleFile } from "../components/observability/rules";

const INSTALL_HINT = "promtool is not installed: apt-get update && apt-get install -y --no-install-recommends prometheus (Debian's package gives promtool 2.42)";

let located: string | undefined;

/** The promtool binary; throws with the install command when there is none. */
export function promtoolPath(): string {
    if (located) return located;
    const found = spawnSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" });
    const binary = found.stdout.trim();
    if (found.status !== 0 || !binary) throw new Error(INSTALL_HINT);
    located = binary;
    return binary;
}

/** An alert the unit test expects at `eval_time`, as promtool's `exp_alerts` spells it. */
export interface ExpectedAlert {
    exp_labels: Record<string, string>;
    exp_annotations?: Record<string, string>;
}

/** One promtool unit test: synthetic series and what the rules make of them. */
export interface RuleUnitTest {
    name?: string;
    interval: string;
    input_series: { series: string; values: string }[];
    alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
    promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

function inTempDir<T>(files: Record<string, string>, run: (dir: string) => T): T {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        return run(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function runPromtool(args: string[], dir: string): void {
    try {
        execFileSync(promtoolPath(), args, { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`promtool ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
    }
}

/** `promtool check rules` on `groups`; throws with promtool's output when it refuses them. */
export function checkRules(groups: readonly RuleGroup[]): void {
    inTempDir({ "rules.yaml": stringify(ruleFile(groups)) }, (dir) => runPromtool(["check", "rules", "rules.yaml"], dir));
}

/** One case of a batch: the rule groups it tests, its unit tests and the evaluation interval they share. */
export interface RuleTestCase {
    groups: readonly RuleGroup[];
    tests: readonly RuleUnitTest[];
    /** promtool's `evaluation_interval`, one per test file. */
    evaluationInterval?: string;
}

/**
 * Many cases under one `promtool test rules` process: each case is a test file of its own (so each
 * keeps its evaluation interval), and promtool reports each file under its name, so `assertPassed`
 * gives a case its own verdict. Run it once (`run`, e.g. in a mocha `before`), then assert each
 * case where its test is (`assertPassed`).
 */
export class RuleTestBatch {
    private readonly cases = new Map<string, RuleTestCase>();
    private verdicts?: Map<string, string | undefined>;

    /** Adds a case under `name`, unique within the batch. */
    add(name: string, testCase: RuleTestCase): this {
        if (this.cases.has(name)) throw new Error(`promtool batch: case "${name}" added twice`);
        if (this.verdicts) throw new Error(`promtool batch: case "${name}" added after the run`);
        this.cases.set(name, testCase);
        return this;
    }

    /** Runs every case in one promtool process and keeps each case's verdict. */
    run(): void {
        const names = [...this.cases.keys()];
        const files: Record<string, string> = {};
        names.forEach((name, i) => {
            const { groups, tests, evaluationInterval = "30s" } = this.cases.get(name)!;
            files[`rules-${i}.yaml`] = stringify(ruleFile(groups));
            files[`tests-${i}.yaml`] = stringify({ rule_files: [`rules-${i}.yaml`], evaluation_interval: evaluationInterval, tests });
        });
        const testFiles = names.map((_, i) => `tests-${i}.yaml`);
        this.verdicts = inTempDir(files, (dir) => {
            // promtool writes each file's heading to stdout and its failures to stderr: one
            // descriptor for both keeps them in the order written, so a failure stays under its file.
            const out = path.join(dir, "out.txt");
            const fd = fs.openSync(out, "w");
            let status: number | null;
            try {
                status = spawnSync(promtoolPath(), ["test", "rules", ...testFiles], { cwd: dir, stdio: ["ignore", fd, fd] }).status;
            } finally {
                fs.closeSync(fd);
            }
            return verdictsOf(fs.readFileSync(out, "utf8"), status, names, testFiles);
        });
    }

    /** Throws with promtool's report of the case's failed expectations; throws too when the batch has not run. */
    assertPassed(name: string): void {
        if (!this.cases.has(name)) throw new Error(`promtool batch: no case "${name}"`);
        if (!this.verdicts) throw new Error("promtool batch: not run yet");
        const failure = this.verdicts.get(name);
        if (failure !== undefined) throw new Error(`promtool test rules ${name} failed:\n${failure}`);
    }
}

/**
 * Each case's verdict from promtool's output: undefined when its file reads SUCCESS, else the
 * text under its file's heading. A file promtool never reported fails with the whole output; so
 * does every case when promtool exits non-zero though each file reads SUCCESS.
 */
export function verdictsOf(output: string, status: number | null, names: readonly string[], testFiles: readonly string[]): Map<string, string | undefined> {
    const sections = new Map<string, string>();
    const headings = [...output.matchAll(/^Unit Testing: +(\S+)$/gm)];
    headings.forEach((h, i) => sections.set(h[1], output.slice(h.index! + h[0].length, headings[i + 1]?.index ?? output.length).trim()));
    const unexplained = (file: string) => `promtool (exit ${status}) did not report ${file}:\n${output}`;
    const verdicts = new Map(names.map((name, i) => {
        const section = sections.get(testFiles[i]);
        return [name, section === undefined ? unexplained(testFiles[i]) : section.startsWith("SUCCESS") ? undefined : section];
    }));
    const allPassed = [...verdicts.values()].every((v) => v === undefined);
    if (status !== 0 && allPassed) names.forEach((name, i) => verdicts.set(name, `promtool (exit ${status}) failed though every file passed (${testFiles[i]}):\n${output}`));
    return verdicts;
}

/** `promtool test rules`: runs `tests` against `groups`; throws with promtool's report of each failed expectation. */
export function testRules(groups: readonly RuleGroup[], tests: readonly RuleUnitTest[], evaluationInterval = "30s"): void {
    const batch = new RuleTestBatch().add("tests.yaml", { groups, tests, evaluationInterval });
    batch.run();
    batch.assertPassed("tests.yaml");
}
