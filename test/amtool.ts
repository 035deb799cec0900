/**
 * Alertmanager's own config loader and router for tests: `amtool check-config` on a rendered
 * config and `amtool config routes test` for where a set of labels goes. amtool comes from
 * Debian's `prometheus-alertmanager` package (0.25); `.ci/run` installs it. Without it these
 * helpers fail, saying how to install it: a route the real router never read is not tested.
 *
 * amtool cannot evaluate inhibit rules; those are tested on the rendered data
 * (components/addons/monitoring/alertmanager.test.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";

const INSTALL_HINT = "amtool is not installed: apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager (Debian's package gives amtool 0.25)";

let located: string | undefined;

/** The amtool binary on `searchPath` (the process's PATH by default); throws with the install command when there is none. */
export function amtoolPath(searchPath?: string): string {
    if (located && searchPath === undefined) return located;
    const env = searchPath === undefined ? process.env : { ...process.env, PATH: searchPath };
    const found = spawnSync("/bin/sh", ["-c", "command -v amtool"], { encoding: "utf8", env });
    const binary = found.stdout.trim();
    if (found.status !== 0 || !binary) throw new Error(INSTALL_HINT);
    if (searchPath === undefined) located = binary;
    return binary;
}

/**
 * Fields the deployed Alertmanager (v0.34) reads that amtool 0.25's loader predates, by where
 * they sit: a webhook receiver's `url_file` (a file holding the URL, so the URL stays a
 * Secret). For amtool's eyes only, each becomes the field 0.25 knows with a stand-in value;
 * the deployed config keeps the file, which the config's own tests assert.
 */
export function forAmtool025(config: object): object {
    const copy = structuredClone(config) as { receivers?: { webhook_configs?: Record<string, unknown>[] }[] };
    for (const receiver of copy.receivers ?? []) {
        for (const webhook of receiver.webhook_configs ?? []) {
            if (typeof webhook.url_file !== "string") continue;
            delete webhook.url_file;
            webhook.url = "https://amtool-check.invalid/url-from-file";
        }
    }
    return copy;
}

function withConfigFile<T>(config: object, run: (file: string) => T): T {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amtool-"));
    try {
        const file = path.join(dir, "alertmanager.yaml");
        fs.writeFileSync(file, stringify(forAmtool025(config)));
        return run(file);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function runAmtool(args: string[]): string {
    try {
        return execFileSync(amtoolPath(), args, { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`amtool ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
    }
}

/** `amtool check-config`; throws with amtool's output when Alertmanager would refuse the config. */
export function checkConfig(config: object): void {
    withConfigFile(config, (file) => runAmtool(["check-config", file]));
}

/** The receivers an alert with `labels` reaches, in route order, as `amtool config routes test` finds them. */
export function routeReceivers(config: object, labels: Record<string, string>): string[] {
    return withConfigFile(config, (file) => {
        const out = runAmtool(["config", "routes", "test", `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
        return out.trim().split(",").map((r) => r.trim()).filter(Boolean);
    });
}
