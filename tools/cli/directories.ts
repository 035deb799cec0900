/**
 * Creating the directories a command writes to. Node's `mkdirSync(dir, { recursive: true })`
 * steps back to the parent on ENOENT and forward again once the parent exists; where a parent
 * exists but refuses children with ENOENT (anything under /proc, a dangling mount) that walk
 * never ends and the process spins at full CPU. Here each missing level is created once,
 * from the nearest existing ancestor down, and the first error is final.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** `mkdir -p dir` that fails instead of retrying. */
export function makeDirectory(dir: string): void {
    const missing: string[] = [];
    let current = path.resolve(dir);
    while (!fs.existsSync(current)) {
        missing.unshift(current);
        const parent = path.dirname(current);
        if (parent === current) break;
        current = parent;
    }
    for (const level of missing) {
        try {
            fs.mkdirSync(level);
        } catch (error) {
            // Another process may have created it in the meantime; a file in the way is still an error.
            if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !fs.statSync(level).isDirectory()) throw error;
        }
    }
}

/**
 * Makes `dir` and proves it takes a file, so a command can refuse an output directory before
 * it spends minutes on work it could not save. Throws the file system's error.
 */
export function checkWritableDirectory(dir: string): void {
    makeDirectory(dir);
    const probe = path.join(dir, `.write-check-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
}
