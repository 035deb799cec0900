/**
 * The default reporter of `npm test` (`.mocharc.json`): while it runs, one mark per top-level
 * suite (`F` for one with a failure), then every failure in full, one summary line and the ten
 * slowest files. A CI log of ~2,800 passing tests stays readable; the spec reporter, one line
 * per test, stays behind `npm run test:spec`.
 *
 * The summary line starts with "  N passing" and carries ", N failing": `.ci/run` reads both
 * counts from it.
 */
import * as path from "node:path";
import Mocha from "mocha";

const { Base } = Mocha.reporters;
const {
    EVENT_RUN_END,
    EVENT_SUITE_BEGIN,
    EVENT_SUITE_END,
    EVENT_TEST_FAIL,
} = Mocha.Runner.constants;

const SLOWEST = 10;
const MARKS_PER_LINE = 60;

/** Seconds with one decimal: the files' times span milliseconds to minutes. */
export function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)}s`;
}

export interface FileTime {
    file: string;
    ms: number;
}

/** The `count` slowest files, slowest first; ties by name so the list is stable. */
export function slowestFiles(times: Map<string, number>, count = SLOWEST): FileTime[] {
    return [...times]
        .map(([file, ms]) => ({ file, ms }))
        .sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file))
        .slice(0, count);
}

export function summaryLine(stats: { passes: number; failures: number; pending: number; duration?: number }): string {
    const pending = stats.pending ? `, ${stats.pending} pending` : "";
    return `  ${stats.passes} passing, ${stats.failures} failing${pending} (${seconds(stats.duration ?? 0)})`;
}

class CompactReporter extends Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        // A file's time runs from its first top-level suite's start to its last one's end, so
        // the before/after hooks that build a whole program count towards it.
        const fileTimes = new Map<string, number>();
        const started = new Map<Mocha.Suite, number>();
        const failedFiles = new Set<string>();
        let marks = 0;
        const isFileSuite = (suite: Mocha.Suite) => suite.parent?.root === true && suite.file !== undefined;

        runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
            if (isFileSuite(suite)) started.set(suite, Date.now());
        });
        runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable) => {
            if (test.file) failedFiles.add(test.file);
        });
        runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
            const start = started.get(suite);
            if (start === undefined || suite.file === undefined) return;
            const file = path.relative(process.cwd(), suite.file);
            fileTimes.set(file, (fileTimes.get(file) ?? 0) + Date.now() - start);
            if (marks++ % MARKS_PER_LINE === 0) process.stdout.write("\n  ");
            process.stdout.write(failedFiles.has(suite.file) ? Base.color("fail", "F") : Base.color("checkmark", "."));
        });
        runner.once(EVENT_RUN_END, () => {
            const stats = this.stats;
            Base.consoleLog("\n");
            if (stats.failures) {
                Base.list(this.failures);
                Base.consoleLog();
            }
            // Plain text, whatever the colour setting: .ci/run matches it from the start of the line.
            Base.consoleLog(summaryLine(stats));
            const slowest = slowestFiles(fileTimes);
            if (slowest.length) {
                Base.consoleLog(`\n  slowest files:`);
                for (const { file, ms } of slowest) Base.consoleLog(`  ${seconds(ms).padStart(7)}  ${file}`);
            }
            Base.consoleLog();
        });
    }
}

export default CompactReporter;
