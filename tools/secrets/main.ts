/**
 * npm run secrets -- --stack <stack> [--from-env] [--dry-run]
 *
 * Sets every secret the stack config declares (the schema's secret keys; for `apiKeys`, each
 * key a service uses) with `pulumi config set --secret`, the value on the command's stdin so
 * it never appears in a process list, a shell history or this tool's output. Values come from
 * environment variables (`--from-env`, names from `secretEnvVar`) or are asked on the terminal
 * without echo. Every value is collected before the first one is set, so a missing one stops
 * the run with nothing changed.
 *
 * Exit codes: 0 every secret set (or listed, with --dry-run); 1 pulumi failed; 2 invalid
 * arguments or a missing value.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CONFIG_NAMESPACE, configSections, ConfigKey, requiredApiKeys, secretConfigKeys } from "../../stacks/config/schema";

const USAGE = "usage: npm run secrets -- --stack <stack> [--from-env] [--dry-run]";
const ENV_PREFIX = "SIGNAL_TRADING_";

export const HELP = `${USAGE}

Sets every secret of a stack's config with \`pulumi config set --secret\`, each value passed on
pulumi's stdin. All values are collected before the first is set.

Options:
  --stack <stack>  the stack to set the secrets of (it may not have a stack file yet)
  --from-env       take the values from environment variables (${ENV_PREFIX}*; --dry-run lists
                   their names) instead of asking on the terminal without echo
  --dry-run        list the pulumi commands and where each value would come from; set nothing
  --help           print this help

Exit codes:
  0  every secret set (or listed, with --dry-run)
  1  pulumi failed
  2  invalid arguments or a missing value

Example:
  npm run secrets -- --stack prod --dry-run`;

/** One value to set: a top-level key, or an entry of a map-shaped key (set with --path). */
export interface SecretSetting {
    /** The key as `pulumi config set` takes it: `slackWebhookUrl`, `apiKeys.marketData`. */
    key: string;
    path: boolean;
    envVar: string;
}

/**
 * Map-shaped secret keys and the entries the program requires: the schema accepts any names,
 * so which ones to set comes from what uses them.
 */
const MAP_ENTRIES: Partial<Record<ConfigKey, { entries: () => string[]; envPrefix: string }>> = {
    apiKeys: { entries: () => [...new Set(requiredApiKeys().map((k) => k.key))], envPrefix: `${ENV_PREFIX}API_KEY_` },
};

const constantCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/-/g, "_").toUpperCase();

/** Every secret the stack needs, in schema order. */
export function secretSettings(): SecretSetting[] {
    return secretConfigKeys().flatMap((key): SecretSetting[] => {
        const map = MAP_ENTRIES[key];
        if (map) return map.entries().map((entry) => ({ key: `${key}.${entry}`, path: true, envVar: `${map.envPrefix}${entry.replace(/-/g, "_").toUpperCase()}` }));
        const { type } = z.toJSONSchema(configSections[key], { io: "input" }) as { type?: string };
        if (type !== "string") throw new Error(`secret config key ${key} is not a string and has no entry in MAP_ENTRIES (tools/secrets/main.ts)`);
        return [{ key, path: false, envVar: `${ENV_PREFIX}${constantCase(key)}` }];
    });
}

/** The pulumi arguments that set one secret; its value goes to stdin. */
export function configSetArgs(setting: SecretSetting, stack: string): string[] {
    return ["config", "set", "--secret", ...(setting.path ? ["--path"] : []), setting.key, "--stack", stack];
}

export interface SecretsIo {
    env: Record<string, string | undefined>;
    /** Asks for a value on the terminal without echoing it; undefined when there is no terminal. */
    ask(prompt: string): Promise<string | undefined>;
    /** Runs the pulumi CLI with `args`, `stdin` as its input; resolves to its exit code. */
    pulumi(args: string[], stdin: string): Promise<number>;
    out(line: string): void;
    err(line: string): void;
}

class UsageError extends Error {}

function parse(argv: string[]) {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                "from-env": { type: "boolean", default: false },
                "dry-run": { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) return { help: true as const };
        if (!values.stack) throw new UsageError("--stack is required");
        if (!/^[\w.-]+$/.test(values.stack)) throw new UsageError(`--stack "${values.stack}" is not a stack name`);
        return { help: false as const, stack: values.stack, fromEnv: values["from-env"], dryRun: values["dry-run"] };
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

export async function main(argv: string[], io: SecretsIo): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
        parsed = parse(argv);
    } catch (error) {
        io.err(`error: ${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    if (parsed.help) {
        io.out(HELP);
        return 0;
    }
    const args = parsed;
    const settings = secretSettings();
    const source = (s: SecretSetting) => (args.fromEnv ? `$${s.envVar}` : "the terminal");

    if (args.fromEnv) {
        const missing = settings.filter((s) => !io.env[s.envVar]);
        if (missing.length > 0) {
            for (const s of missing) io.err(`error: ${s.envVar} is not set; it holds ${CONFIG_NAMESPACE}:${s.key}`);
            return 2;
        }
    }
    if (args.dryRun) {
        io.out(`would set ${settings.length} secrets on stack ${args.stack}:`);
        for (const s of settings) io.out(`  pulumi ${configSetArgs(s, args.stack).join(" ")}  (value from ${source(s)})`);
        return 0;
    }

    const values: string[] = [];
    for (const s of settings) {
        const value = args.fromEnv ? io.env[s.envVar]! : await io.ask(`${CONFIG_NAMESPACE}:${s.key} (${args.stack}): `);
        if (value === undefined) {
            io.err(`error: no terminal to ask for ${CONFIG_NAMESPACE}:${s.key}: set ${s.envVar} and pass --from-env`);
            return 2;
        }
        if (!value) {
            io.err(`error: no value entered for ${CONFIG_NAMESPACE}:${s.key}; nothing was set`);
            return 2;
        }
        values.push(value);
    }
    for (const [i, s] of settings.entries()) {
        const code = await io.pulumi(configSetArgs(s, args.stack), values[i]);
        if (code !== 0) {
            io.err(`error: pulumi config set failed for ${CONFIG_NAMESPACE}:${s.key} (exit code ${code}); ${i === 0 ? "nothing was set" : `set before it: ${settings.slice(0, i).map((x) => x.key).join(", ")}`}`);
            return 1;
        }
        io.out(`set ${s.key} on stack ${args.stack}`);
    }
    return 0;
}

/** What was typed or pasted past the end of the last answer: the start of the next one. */
let typedAhead = "";

/** Reads a line from the terminal in raw mode, so the typed or pasted value is not echoed. */
function askHidden(prompt: string): Promise<string | undefined> {
    const input = process.stdin;
    if (!input.isTTY) return Promise.resolve(undefined);
    process.stderr.write(prompt);
    return new Promise((resolve) => {
        let value = "";
        let answered = false;
        const finish = (result: string, rest: string) => {
            answered = true;
            typedAhead = rest;
            input.setRawMode(false);
            input.pause();
            input.removeListener("data", onData);
            process.stderr.write("\n");
            resolve(result);
        };
        const onData = (chunk: string): void => {
            for (let i = 0; i < chunk.length; i++) {
                const ch = chunk[i];
                if (ch === "\r" || ch === "\n") return finish(value, chunk.slice(ch === "\r" && chunk[i + 1] === "\n" ? i + 2 : i + 1));
                if (ch === "\u0003" || ch === "\u0004") return finish("", ""); // Ctrl-C, Ctrl-D: nothing entered
                value = ch === "\u007f" || ch === "\b" ? value.slice(0, -1) : value + ch;
            }
        };
        input.setRawMode(true);
        input.setEncoding("utf8");
        input.on("data", onData);
        const ahead = typedAhead;
        typedAhead = "";
        if (ahead) onData(ahead);
        if (!answered) input.resume();
    });
}

/** The pulumi CLI in the project's directory, so it finds Pulumi.yaml and the stack files. */
function runPulumi(args: string[], stdin: string): Promise<number> {
    return new Promise((resolve) => {
        let settled = false;
        const settle = (code: number) => { if (!settled) { settled = true; resolve(code); } };
        const child = spawn("pulumi", args, { cwd: path.resolve(__dirname, "../.."), stdio: ["pipe", "inherit", "inherit"] });
        child.on("error", (error) => {
            console.error(`error: cannot run pulumi: ${error.message}`);
            settle(127);
        });
        child.on("close", (code) => settle(code ?? 1));
        child.stdin.on("error", () => { /* pulumi exited before reading: its exit code tells */ });
        child.stdin.end(stdin);
    });
}

if (require.main === module) {
    const io: SecretsIo = { env: process.env, ask: askHidden, pulumi: runPulumi, out: (line) => console.log(line), err: (line) => console.error(line) };
    main(process.argv.slice(2), io).then((code) => process.exit(code), (error) => {
        console.error(error);
        process.exit(1);
    });
}
