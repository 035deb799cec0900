import { strict as assert } from "node:assert";
import { secretConfigKeys } from "../../stacks/config/schema";
import { HELP, main, SecretsIo, secretSettings } from "./main";

const ENV = {
    SIGNAL_TRADING_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/xyz",
    SIGNAL_TRADING_DEAD_MANS_SWITCH_URL: "https://hc-ping.com/00000000-0000-0000-0000-000000000000",
    SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET: "grafana-client-secret",
    SIGNAL_TRADING_API_KEY_MARKETDATA: "md-key-123",
};

/** A terminal, a pulumi CLI and an environment that record what the tool does with them. */
function fakeIo(options: { env?: Record<string, string | undefined>; answers?: (string | undefined)[]; exitCodes?: number[] } = {}) {
    const calls: { args: string[]; stdin: string }[] = [];
    const prompts: string[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const answers = [...(options.answers ?? [])];
    const exitCodes = [...(options.exitCodes ?? [])];
    const io: SecretsIo = {
        env: options.env ?? {},
        ask: async (prompt) => { prompts.push(prompt); return answers.shift(); },
        pulumi: async (args, stdin) => { calls.push({ args, stdin }); return exitCodes.shift() ?? 0; },
        out: (line) => out.push(line),
        err: (line) => err.push(line),
    };
    return { io, calls, prompts, out, err };
}

describe("npm run secrets", () => {
    it("covers every secret key of the schema, apiKeys by the entries the services use", () => {
        assert.deepEqual(secretConfigKeys(), ["slackWebhookUrl", "deadMansSwitchUrl", "grafanaSsoClientSecret", "apiKeys"]);
        assert.deepEqual(secretSettings(), [
            { key: "slackWebhookUrl", path: false, envVar: "SIGNAL_TRADING_SLACK_WEBHOOK_URL" },
            { key: "deadMansSwitchUrl", path: false, envVar: "SIGNAL_TRADING_DEAD_MANS_SWITCH_URL" },
            { key: "grafanaSsoClientSecret", path: false, envVar: "SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET" },
            { key: "apiKeys.marketData", path: true, envVar: "SIGNAL_TRADING_API_KEY_MARKETDATA" },
        ]);
    });

    it("sets each secret from its environment variable, the value on stdin only", async () => {
        const f = fakeIo({ env: ENV });
        assert.equal(await main(["--stack", "dev", "--from-env"], f.io), 0);
        assert.deepEqual(f.calls, [
            { args: ["config", "set", "--secret", "slackWebhookUrl", "--stack", "dev"], stdin: ENV.SIGNAL_TRADING_SLACK_WEBHOOK_URL },
            { args: ["config", "set", "--secret", "deadMansSwitchUrl", "--stack", "dev"], stdin: ENV.SIGNAL_TRADING_DEAD_MANS_SWITCH_URL },
            { args: ["config", "set", "--secret", "grafanaSsoClientSecret", "--stack", "dev"], stdin: ENV.SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET },
            { args: ["config", "set", "--secret", "--path", "apiKeys.marketData", "--stack", "dev"], stdin: ENV.SIGNAL_TRADING_API_KEY_MARKETDATA },
        ]);
        assert.deepEqual(f.out, ["set slackWebhookUrl on stack dev", "set deadMansSwitchUrl on stack dev", "set grafanaSsoClientSecret on stack dev", "set apiKeys.marketData on stack dev"]);
        assert.deepEqual(f.err, []);
        assert.deepEqual(f.prompts, []);
    });

    it("asks for each value on the terminal without --from-env, and prints no value", async () => {
        const f = fakeIo({ answers: ["https://hooks.slack.com/services/T1/B1/abc", "https://hc-ping.com/typed", "typed-client-secret", "typed-key"] });
        assert.equal(await main(["--stack", "prod"], f.io), 0);
        assert.deepEqual(f.prompts, ["signal-trading:slackWebhookUrl (prod): ", "signal-trading:deadMansSwitchUrl (prod): ", "signal-trading:grafanaSsoClientSecret (prod): ", "signal-trading:apiKeys.marketData (prod): "]);
        assert.deepEqual(f.calls.map((c) => c.stdin), ["https://hooks.slack.com/services/T1/B1/abc", "https://hc-ping.com/typed", "typed-client-secret", "typed-key"]);
        assert.deepEqual(f.calls.map((c) => c.args.at(-1)), ["prod", "prod", "prod", "prod"]);
        assert.ok(![...f.out, ...f.err].some((line) => line.includes("typed-key") || line.includes("T1/B1") || line.includes("hc-ping")));
    });

    it("names every missing variable with its config key, and sets nothing", async () => {
        const f = fakeIo({ env: { SIGNAL_TRADING_SLACK_WEBHOOK_URL: "" } });
        assert.equal(await main(["--stack", "dev", "--from-env"], f.io), 2);
        assert.deepEqual(f.err, [
            "error: SIGNAL_TRADING_SLACK_WEBHOOK_URL is not set; it holds signal-trading:slackWebhookUrl",
            "error: SIGNAL_TRADING_DEAD_MANS_SWITCH_URL is not set; it holds signal-trading:deadMansSwitchUrl",
            "error: SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET is not set; it holds signal-trading:grafanaSsoClientSecret",
            "error: SIGNAL_TRADING_API_KEY_MARKETDATA is not set; it holds signal-trading:apiKeys.marketData",
        ]);
        assert.deepEqual(f.calls, []);
    });

    it("sets nothing when a value is left empty on the terminal", async () => {
        const f = fakeIo({ answers: ["https://hooks.slack.com/services/T1/B1/abc", "https://hc-ping.com/typed", "typed-client-secret", ""] });
        assert.equal(await main(["--stack", "dev"], f.io), 2);
        assert.deepEqual(f.err, ["error: no value entered for signal-trading:apiKeys.marketData; nothing was set"]);
        assert.deepEqual(f.calls, []);
    });

    it("without a terminal, points to --from-env", async () => {
        const f = fakeIo({ answers: [undefined] });
        assert.equal(await main(["--stack", "dev"], f.io), 2);
        assert.deepEqual(f.err, ["error: no terminal to ask for signal-trading:slackWebhookUrl: set SIGNAL_TRADING_SLACK_WEBHOOK_URL and pass --from-env"]);
        assert.deepEqual(f.calls, []);
    });

    it("stops at the first failed pulumi call with exit code 1, saying what was set before it", async () => {
        const first = fakeIo({ env: ENV, exitCodes: [255] });
        assert.equal(await main(["--stack", "dev", "--from-env"], first.io), 1);
        assert.equal(first.calls.length, 1);
        assert.deepEqual(first.err, ["error: pulumi config set failed for signal-trading:slackWebhookUrl (exit code 255); nothing was set"]);

        const second = fakeIo({ env: ENV, exitCodes: [0, 0, 0, 1] });
        assert.equal(await main(["--stack", "dev", "--from-env"], second.io), 1);
        assert.deepEqual(second.out, ["set slackWebhookUrl on stack dev", "set deadMansSwitchUrl on stack dev", "set grafanaSsoClientSecret on stack dev"]);
        assert.deepEqual(second.err, ["error: pulumi config set failed for signal-trading:apiKeys.marketData (exit code 1); set before it: slackWebhookUrl, deadMansSwitchUrl, grafanaSsoClientSecret"]);
    });

    it("--dry-run lists the commands it would run, with where each value comes from, and runs none", async () => {
        const f = fakeIo({ env: ENV });
        assert.equal(await main(["--stack", "prod", "--from-env", "--dry-run"], f.io), 0);
        assert.deepEqual(f.out, [
            "would set 4 secrets on stack prod:",
            "  pulumi config set --secret slackWebhookUrl --stack prod  (value from $SIGNAL_TRADING_SLACK_WEBHOOK_URL)",
            "  pulumi config set --secret deadMansSwitchUrl --stack prod  (value from $SIGNAL_TRADING_DEAD_MANS_SWITCH_URL)",
            "  pulumi config set --secret grafanaSsoClientSecret --stack prod  (value from $SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET)",
            "  pulumi config set --secret --path apiKeys.marketData --stack prod  (value from $SIGNAL_TRADING_API_KEY_MARKETDATA)",
        ]);
        assert.deepEqual(f.calls, []);

        const asking = fakeIo();
        assert.equal(await main(["--stack", "dev", "--dry-run"], asking.io), 0);
        assert.equal(asking.out[1], "  pulumi config set --secret slackWebhookUrl --stack dev  (value from the terminal)");
        assert.deepEqual(asking.prompts, []);
    });

    it("--help prints every option, the exit codes and an example, and touches nothing", async () => {
        const f = fakeIo({ env: ENV });
        assert.equal(await main(["--help"], f.io), 0);
        assert.deepEqual([f.out, f.err, f.calls, f.prompts], [[HELP], [], [], []]);
        for (const option of ["--stack <stack>", "--from-env", "--dry-run", "--help"]) assert.ok(HELP.includes(`\n  ${option} `), option);
        assert.match(HELP, /\nExit codes:\n  0  every secret set \(or listed, with --dry-run\)\n  1  pulumi failed\n  2  invalid arguments or a missing value\n/);
        assert.match(HELP, /\nExample:\n  npm run secrets -- --stack prod --dry-run$/);
    });

    it("--dry-run --from-env still fails on a missing variable", async () => {
        const f = fakeIo({ env: { SIGNAL_TRADING_SLACK_WEBHOOK_URL: "x", SIGNAL_TRADING_DEAD_MANS_SWITCH_URL: "z", SIGNAL_TRADING_GRAFANA_SSO_CLIENT_SECRET: "y" } });
        assert.equal(await main(["--stack", "dev", "--from-env", "--dry-run"], f.io), 2);
        assert.deepEqual(f.err, ["error: SIGNAL_TRADING_API_KEY_MARKETDATA is not set; it holds signal-trading:apiKeys.marketData"]);
    });

    for (const [argv, message] of [
        [[], "--stack is required"],
        [["--stack", "dev prod"], '--stack "dev prod" is not a stack name'],
        [["--stack", "dev", "--value", "x"], "Unknown option '--value'"],
        [["--stack", "dev", "slackWebhookUrl"], "Unexpected argument 'slackWebhookUrl'"],
    ] as const) {
        it(`refuses ${JSON.stringify(argv)} with exit code 2`, async () => {
            const f = fakeIo({ env: ENV });
            assert.equal(await main([...argv], f.io), 2);
            assert.match(f.err[0], new RegExp(`^error: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
            assert.match(f.err[0], /\nusage: npm run secrets -- --stack <stack> \[--from-env\] \[--dry-run\]$/);
            assert.deepEqual(f.calls, []);
        });
    }
});
