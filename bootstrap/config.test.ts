import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "../tools/offline/mocks";
import { BOOTSTRAP_PROJECT, projectStackFile } from "../tools/offline/run-program";
import { rawStackConfig } from "../tools/offline/stack-config";
import { readStackFile, StackFileConfig } from "../tools/offline/stack-file";
import { ConfigError } from "../stacks/config/load";
import { BootstrapConfig, loadBootstrapConfig, parseBootstrapConfig } from "./config";

const raw = (stack: "dev" | "prod") => rawStackConfig(stack, BOOTSTRAP_PROJECT);

function parseOk(values: Record<string, unknown>): BootstrapConfig {
    const result = parseBootstrapConfig(values);
    if (!result.ok) assert.fail(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.config;
}

async function load(config: StackFileConfig, stack: string) {
    await pulumi.runtime.setMocks(new OfflineMocks(), BOOTSTRAP_PROJECT.name, stack, false);
    pulumi.runtime.setAllConfig(config.config, config.secretKeys);
    return loadBootstrapConfig();
}

describe("bootstrap config", () => {
    it("reads the committed stack files, with the registry's and the keys' defaults", () => {
        assert.deepEqual(parseOk(raw("prod")), {
            environment: "prod",
            aws: { region: "us-east-1" },
            tags: { owner: "platform-team", costCenter: "trading-platform", extra: {} },
            kms: { deletionWindowDays: 30 },
            registry: { keepTaggedImages: 50, untaggedImageExpiryDays: 7 },
        });
        assert.deepEqual(parseOk(raw("dev")).aws, { region: "us-east-2" });
    });

    it("reports every problem at once, by config path, with the platform's rules for the keys it shares", () => {
        const result = parseBootstrapConfig({
            ...raw("prod"),
            environment: "staging",
            aws: { region: "Virginia", backupReplicaRegion: "us-west-2" },
            tags: { owner: "platform-team", costCenter: "", extra: { environment: "qa" } },
            registry: { keepTaggedImages: 0 },
            bucket: "state",
        });
        assert.equal(result.ok, false);
        assert.deepEqual(result.ok ? [] : result.problems, [
            { path: "environment", message: 'Invalid option: expected one of "dev"|"prod"' },
            { path: "aws.region", message: "must be an AWS region code such as us-east-1" },
            { path: "aws.backupReplicaRegion", message: "unknown key" },
            { path: "tags.costCenter", message: "Too small: expected string to have >=1 characters" },
            { path: "tags.extra.environment", message: "is set by the platform itself and cannot be overridden" },
            { path: "registry.keepTaggedImages", message: "Too small: expected number to be >=1" },
            { path: "bucket", message: "unknown key" },
        ]);
    });

    it("requires the environment, the region and the owner tags", () => {
        const result = parseBootstrapConfig({});
        assert.deepEqual(result.ok ? [] : result.problems, [
            { path: "environment", message: 'Invalid option: expected one of "dev"|"prod"' },
            { path: "aws", message: "is required (object)" },
            { path: "tags", message: "is required (object)" },
        ]);
    });

    it("loads the stack's own keys, signal-trading-bootstrap:*", async () => {
        const config = await load(readStackFile(projectStackFile(BOOTSTRAP_PROJECT, "dev")), "dev");
        assert.equal(config.environment, "dev");
    });

    it("fails with one ConfigError naming each key under signal-trading-bootstrap:, also when the stack is not the environment's", async () => {
        const file = readStackFile(projectStackFile(BOOTSTRAP_PROJECT, "prod"));
        const config = { ...file, config: { ...file.config, "signal-trading-bootstrap:aws": JSON.stringify({ region: "Virginia" }) } };
        await assert.rejects(load(config, "dev"), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.ok(pulumi.RunError.isInstance(error));
            assert.equal(error.message, [
                "invalid stack config (2 problems):",
                "  signal-trading-bootstrap:aws.region: must be an AWS region code such as us-east-1",
                '  signal-trading-bootstrap:environment: is "prod" but the stack is "dev": name the stack prod or prod-<suffix>, or fix the environment',
            ].join("\n"));
            return true;
        });
    });
});
