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
        const { dockerHubAccessToken, ...prod } = parseOk(raw("prod"));
        assert.ok(pulumi.Output.isInstance(dockerHubAccessToken), "the Docker Hub token becomes a secret Output at once");
        assert.deepEqual(prod, {
            environment: "prod",
            aws: { region: "us-east-1" },
            tags: { owner: "platform-team", costCenter: "trading-platform", extra: {} },
            kms: { deletionWindowDays: 30 },
            registry: { keepTaggedImages: 50, untaggedImageExpiryDays: 7 },
            github: { repository: "example-org/signal-trading", deployEnvironment: "prod", previewEnvironment: "prod-preview" },
            accountShared: { create: true, stateReplicaRegion: "us-west-2", stateVersionDays: 90 },
            breakGlass: { trustedRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"] },
            dockerHub: { username: "signaltradingci" },
        });
        const dev = parseOk(raw("dev"));
        assert.deepEqual({ aws: dev.aws, github: dev.github, accountShared: dev.accountShared }, {
            aws: { region: "us-east-2" },
            github: { repository: "example-org/signal-trading", deployEnvironment: "dev" },
            accountShared: { create: true, stateVersionDays: 90 },
        });
    });

    it("refuses a repository that is not owner/name, bad GitHub environments and an empty list of break-glass administrators", () => {
        const result = parseBootstrapConfig({
            ...raw("prod"),
            github: { repository: "signal-trading", deployEnvironment: "prod deploy", previewEnvironment: "" },
            breakGlass: { trustedRoleArns: [] },
        });
        assert.deepEqual(result.ok ? [] : result.problems, [
            { path: "github.repository", message: "must be a GitHub repository as owner/name" },
            { path: "github.deployEnvironment", message: "must be a GitHub environment name (letters, digits, '.', '-', '_')" },
            { path: "github.previewEnvironment", message: "must be a GitHub environment name (letters, digits, '.', '-', '_')" },
            { path: "breakGlass.trustedRoleArns", message: "Too small: expected array to have >=1 items" },
        ]);
        const url = parseBootstrapConfig({ ...raw("prod"), github: { ...raw("prod").github, repository: "https://github.com/example-org/signal-trading" } });
        assert.deepEqual(url.ok ? [] : url.problems, [{ path: "github.repository", message: "must be a GitHub repository as owner/name" }]);
    });

    it("requires a preview environment in prod, whose reviewers approve each preview, and not in dev", () => {
        const { previewEnvironment: _, ...github } = raw("prod").github;
        const result = parseBootstrapConfig({ ...raw("prod"), github });
        assert.deepEqual(result.ok ? [] : result.problems, [
            { path: "github.previewEnvironment", message: "is required in prod: a reviewer of this GitHub environment approves each preview" },
        ]);
        assert.equal(parseOk(raw("dev")).github.previewEnvironment, undefined);
    });

    it("creates the account's state bucket and OIDC provider, or names the existing bucket, never both or neither", () => {
        const problems = (accountShared: unknown) => {
            const result = parseBootstrapConfig({ ...raw("dev"), accountShared });
            return result.ok ? [] : result.problems;
        };
        const existingStateBucket = { name: "signal-trading-state-primary-096c457", region: "us-east-1" };
        assert.deepEqual(parseOk({ ...raw("dev"), accountShared: { create: false, existingStateBucket } }).accountShared,
            { create: false, stateVersionDays: 90, existingStateBucket });
        assert.deepEqual(problems({ create: true, existingStateBucket }), [
            { path: "accountShared.existingStateBucket", message: "must not be set when create is true: this stack creates the state bucket" },
        ]);
        assert.deepEqual(problems({ create: false, stateReplicaRegion: "us-west-2" }), [
            { path: "accountShared.existingStateBucket", message: "is required when create is false: name the state bucket the account already has" },
            { path: "accountShared.stateReplicaRegion", message: "must not be set when create is false: the stack that creates the state bucket replicates it" },
        ]);
        assert.deepEqual(problems({ create: false, existingStateBucket: { name: "State_Bucket", region: "Ohio" } }), [
            { path: "accountShared.existingStateBucket.name", message: "must be an S3 bucket name" },
            { path: "accountShared.existingStateBucket.region", message: "must be an AWS region code such as us-east-1" },
        ]);
        assert.deepEqual(problems({ create: true, stateReplicaRegion: "us-east-2" }), [
            { path: "accountShared.stateReplicaRegion", message: "must differ from aws.region (us-east-2)" },
        ]);
        assert.deepEqual(problems(undefined), [{ path: "accountShared", message: "is required (object)" }]);
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
            { path: "aws.backupReplicaRegion", message: "unknown key (valid keys here: region)" },
            { path: "tags.costCenter", message: "Too small: expected string to have >=1 characters" },
            { path: "tags.extra.environment", message: "is set by the platform itself and cannot be overridden" },
            { path: "registry.keepTaggedImages", message: "Too small: expected number to be >=1" },
            { path: "bucket", message: "unknown key (valid keys here: environment, aws, tags, kms, registry, github, accountShared, breakGlass, dockerHub, dockerHubAccessToken)" },
        ]);
    });

    it("requires the environment, the region, the owner tags, the repository, the account-wide choice, the break-glass administrators and Docker Hub's login", () => {
        const result = parseBootstrapConfig({});
        assert.deepEqual(result.ok ? [] : result.problems, [
            { path: "environment", message: 'Invalid option: expected one of "dev"|"prod"' },
            { path: "aws", message: "is required (object)" },
            { path: "tags", message: "is required (object)" },
            { path: "github", message: "is required (object)" },
            { path: "accountShared", message: "is required (object)" },
            { path: "breakGlass", message: "is required (object)" },
            { path: "dockerHub", message: "is required (object)" },
            { path: "dockerHubAccessToken", message: "is required (string)" },
        ]);
    });

    it("suggests the nearest key for a misspelt one, as the platform's config does", () => {
        const { dockerHub, ...rest } = raw("prod") as Record<string, unknown>;
        const result = parseBootstrapConfig({ ...rest, dockerHb: dockerHub });
        assert.deepEqual(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`).sort(), [
            "dockerHb: unknown key; did you mean dockerHub? (valid keys here: environment, aws, tags, kms, registry, github, accountShared, breakGlass, dockerHub, dockerHubAccessToken)",
            "dockerHub: is required (object)",
        ]);
    });

    it("refuses a Docker Hub user name Docker Hub would not accept", () => {
        const result = parseBootstrapConfig({ ...raw("prod"), dockerHub: { username: "Signal Trading" } });
        assert.deepEqual(result.ok ? [] : result.problems, [{ path: "dockerHub.username", message: "must be a Docker Hub user name (4 to 30 lower-case letters and digits)" }]);
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
