/**
 * The default reporter of `npm test` (`.mocharc.json`): while it runs, one mark per top-level
 * suite (`F` for one with a failure), then every failure in full, one summary line and the ten
 * slowest files. A CI log of ~2,800 passing tests stays readable; the spec reporter, one line
 * per test, stays behind `npm run test:spec`.
 *
 * The summary line starts with "  N passing" and carries ", N failing": `.ci/run` reads both
 * counts from it.
 *
 * It works the same in mocha's parallel mode, where it runs in the main process and receives
 * each file's events in one burst once a worker has finished the file: a file's time is
 * therefore what its tests and hooks took as the worker measured them (their `duration`), and a
 * top-level suite is found by its depth, since a suite arrives without its parent.
 */
import * as path from "node:path";
import Mocha from "mocha";

const { Base } = Mocha.reporters;
const {
    EVENT_HOOK_END,
    EVENT_RUN_END,
    EVENT_SUITE_BEGIN,
    EVENT_SUITE_END,
    EVENT_TEST_END,
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
        const fileTimes = new Map<string, number>();
        const addTime = (runnable: Mocha.Runnable) => {
            if (runnable.file === undefined || runnable.duration === undefined) return;
            const file = path.relative(process.cwd(), runnable.file);
            fileTimes.set(file, (fileTimes.get(file) ?? 0) + runnable.duration);
        };
        // Time spent loading a file's modules counts for no file; a hook that fails counts for nothing either.
        runner.on(EVENT_TEST_END, addTime);
        runner.on(EVENT_HOOK_END, addTime);

        // Suites nest between their begin and end events; the root suite (one per file in parallel mode) is depth 1.
        let depth = 0;
        let failedInSuite = false;
        let marks = 0;
        runner.on(EVENT_SUITE_BEGIN, () => {
            if (++depth === 2) failedInSuite = false;
        });
        runner.on(EVENT_TEST_FAIL, () => {
            failedInSuite = true;
        });
        runner.on(EVENT_SUITE_END, () => {
            if (depth-- !== 2) return;
            if (marks++ % MARKS_PER_LINE === 0) process.stdout.write("\n  ");
            process.stdout.write(failedInSuite ? Base.color("fail", "F") : Base.color("checkmark", "."));
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
