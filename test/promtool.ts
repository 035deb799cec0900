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

/** `promtool test rules`: runs `tests` against `groups`; throws with promtool's report of each failed expectation. */
export function testRules(groups: readonly RuleGroup[], tests: readonly RuleUnitTest[], evaluationInterval = "30s"): void {
    const testFile = { rule_files: ["rules.yaml"], evaluation_interval: evaluationInterval, tests };
    inTempDir({ "rules.yaml": stringify(ruleFile(groups)), "tests.yaml": stringify(testFile) }, (dir) => runPromtool(["test", "rules", "tests.yaml"], dir));
}
