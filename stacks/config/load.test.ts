import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "../../tools/offline/mocks";
import { PROJECT_NAME } from "../../tools/offline/run-program";
import { StackFileConfig } from "../../tools/offline/stack-file";
import { stackConfig, withConfig } from "../../test/harness";
import { ConfigError, loadStackConfig } from "./load";

async function load(config: StackFileConfig, stack = "prod") {
    await pulumi.runtime.setMocks(new OfflineMocks(), PROJECT_NAME, stack, false);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    return loadStackConfig();
}

const unwrap = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("stack config loader", () => {
    it("loads the prod stack file into typed config with defaults applied", async () => {
        const config = await load(stackConfig("prod"));
        assert.equal(config.environment, "prod");
        assert.deepEqual(config.network.subnetPrefixLengths, { public: 24, private: 19, database: 24, controlPlane: 27 });
        assert.equal(config.services.gateway.scaling.targetMemoryUtilization, 80);
    });

    it("keeps secret config values secret", async () => {
        const config = await load(stackConfig("prod"));
        assert.equal(await pulumi.isSecret(config.slackWebhookUrl), true);
        assert.equal(await pulumi.isSecret(config.apiKeys.marketData), true);
        assert.equal(await unwrap(config.slackWebhookUrl), "offline-placeholder:signal-trading:slackWebhookUrl");
    });

    it("refuses a secret key that was set in plain text, without echoing its value", async () => {
        const plain = withConfig(stackConfig("prod"), "slackWebhookUrl", () => "https://hooks.slack.com/services/T000/B000/plaintext");
        const config = { ...plain, secretKeys: plain.secretKeys.filter((k) => k !== "signal-trading:slackWebhookUrl") };
        await assert.rejects(load(config), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.match(error.message, /signal-trading:slackWebhookUrl: must be set as a secret: pulumi config set --secret slackWebhookUrl <value>/);
            assert.doesNotMatch(error.message, /plaintext/);
            return true;
        });
    });

    it("refuses a key set with --secret that the program does not keep secret, without echoing its value", async () => {
        // The bad tag value would be quoted by its own problem; only the secrecy problem is reported.
        const config = withConfig(stackConfig("prod"), "tags", (t) => ({ ...t, extra: { "billing-account": "hidden-value".repeat(30) } }));
        await assert.rejects(load({ ...config, secretKeys: [...config.secretKeys, "signal-trading:tags"] }), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepEqual(error.problems.map((p) => p.path), ["tags"]);
            assert.match(error.message, /signal-trading:tags: holds no secrets, so the program would use its values in plain text: set it without --secret \(keys for secrets: slackWebhookUrl, deadMansSwitchUrl, grafanaSsoClientSecret, apiKeys\)/);
            assert.doesNotMatch(error.message, /hidden-value/);
            return true;
        });
    });

    it("reports every problem in one error, each as signal-trading:<path>: <why>", async () => {
        let config = withConfig(stackConfig("dev"), "network", (n) => ({ ...n, cidr: "10.20.0.1/16" }));
        config = withConfig(config, "services", (s) => ({ ...s, gateway: { ...s.gateway, scaling: { ...s.gateway.scaling, min: 4 } } }));
        config = withConfig(config, "colour", () => "blue");
        await assert.rejects(load(config, "dev"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.deepEqual(error.problems.map((p) => p.path).sort(), ["colour", "network.cidr", "services.gateway.scaling.max"]);
            assert.match(error.message, /^invalid stack config \(3 problems\):\n/);
            assert.match(error.message, /\n {2}signal-trading:services\.gateway\.scaling\.max: must be ≥ min \(4\)/);
            return true;
        });
    });

    it("is a RunError, so the Pulumi CLI prints the message without a stack trace", async () => {
        await assert.rejects(load(withConfig(stackConfig("dev"), "environment", () => "staging"), "dev"), (error: unknown) => pulumi.RunError.isInstance(error));
    });

    it("refuses an environment that does not match the stack's name", async () => {
        await assert.rejects(load(stackConfig("prod"), "dev"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.match(error.message, /signal-trading:environment: is "prod" but the stack is "dev": name the stack prod or prod-<suffix>, or fix the environment/);
            return true;
        });
    });

    it("accepts a stack named <environment>-<suffix>", async () => {
        assert.equal((await load(stackConfig("prod"), "prod-eu")).environment, "prod");
    });
});
