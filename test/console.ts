/** What a command's `main` returned and printed, run in-process. */
export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs a command's `main` in-process with console.log and console.error captured. */
export async function captureConsole(run: () => number | Promise<number>): Promise<CommandResult> {
    const out: string[] = [];
    const err: string[] = [];
    const { log, error } = console;
    console.log = (...a: unknown[]) => void out.push(a.join(" "));
    console.error = (...a: unknown[]) => void err.push(a.join(" "));
    try {
        const code = await run();
        return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    } finally {
        console.log = log;
        console.error = error;
    }
}
