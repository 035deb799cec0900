/** Config mistakes are reported so that the message says what to write instead. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "../../tools/offline/mocks";
import { PROJECT_NAME } from "../../tools/offline/run-program";
import { readStackFile, StackFileError } from "../../tools/offline/stack-file";
import { rawStackConfig } from "../../tools/offline/stack-config";
import { stackConfig } from "../../test/harness";
import { ConfigError, loadStackConfig, stackEnvironment } from "./load";
import { parseStackConfig } from "./schema";

const problemsOf = (change: (raw: Record<string, any>) => void) => {
    const raw = rawStackConfig("dev");
    change(raw);
    const result = parseStackConfig(raw);
    return result.ok ? [] : result.problems;
};

describe("config errors that say what to write", () => {
    it("names an unknown nested key with the nearest valid key and every valid key at its level", () => {
        assert.deepEqual(problemsOf((raw) => { raw.network.natGateway = "perAz"; }), [{
            path: "network.natGateway",
            message: "unknown key; did you mean natGateways? (valid keys here: cidr, availabilityZones, subnetPrefixLengths, allowSubnetReplacement, natGateways, flowLogs)",
        }]);
    });

    it("finds the level inside lists and per-service maps, and suggests nothing when no key is close", () => {
        const problems = problemsOf((raw) => {
            raw.network.availabilityZones[0].zoneID = raw.network.availabilityZones[0].zoneId;
            delete raw.network.availabilityZones[0].zoneId;
            raw.services.gateway.scaling.colour = "blue";
        }).map((p) => `${p.path}: ${p.message}`);
        assert.deepEqual(problems.sort(), [
            "network.availabilityZones[0].zoneID: unknown key; did you mean zoneId? (valid keys here: zoneId, slot)",
            "network.availabilityZones[0].zoneId: is required (string)",
            "services.gateway.scaling.colour: unknown key (valid keys here: min, max, targetCpuUtilization, targetMemoryUtilization, targetRequestsPerSecond)",
        ]);
    });

    it("suggests the nearest top-level key", () => {
        const problems = problemsOf((raw) => { raw.clustr = raw.cluster; });
        assert.equal(problems.length, 1);
        assert.equal(problems[0].path, "clustr");
        assert.match(problems[0].message, /^unknown config key; did you mean cluster\? \(valid keys here: environment, aws, tags, .*, apiKeys\)$/);
    });

    it("names a key written without the signal-trading: prefix instead of calling its section missing", async () => {
        const file = stackConfig("dev");
        const config: Record<string, string> = { ...file.config, cluster: file.config["signal-trading:cluster"] };
        delete config["signal-trading:cluster"];
        await pulumi.runtime.setMocks(new OfflineMocks(), PROJECT_NAME, "dev", false);
        pulumi.runtime.setAllConfig(config, file.secretKeys);
        assert.throws(() => loadStackConfig(), (error: unknown) => {
            assert.ok(error instanceof ConfigError);
            assert.equal(error.message, [
                "invalid stack config (1 problem):",
                "  signal-trading:cluster: is written without its namespace (`cluster:` directly under `config:`), so the program never reads it: write it as `signal-trading:cluster:`",
            ].join("\n"));
            return true;
        });
    });

    it("says first that a stack file has no config: map, and which top-level keys belong under it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
        const write = (name: string, text: string) => {
            fs.writeFileSync(path.join(dir, name), text);
            return path.join(dir, name);
        };
        const flat = write("Pulumi.flat.yaml", "signal-trading:environment: dev\nsignal-trading:aws: { region: us-east-1 }\nsignal-trading:tags: {}\nsignal-trading:iam: {}\nencryptionsalt: v1:abc\n");
        assert.throws(() => readStackFile(flat), new StackFileError(`${flat} has no \`config:\` map: a stack's settings go under \`config:\`, each as \`<project>:<key>: <value>\`; indent signal-trading:environment, signal-trading:aws, signal-trading:tags and 1 more top-level keys under it`));
        const empty = write("Pulumi.empty.yaml", "");
        assert.throws(() => readStackFile(empty), new StackFileError(`${empty} has no \`config:\` map: a stack's settings go under \`config:\`, each as \`<project>:<key>: <value>\``));
        const list = write("Pulumi.list.yaml", "config:\n  - signal-trading:environment: dev\n");
        assert.throws(() => readStackFile(list), new StackFileError(`${list}: \`config\` must be a map of config keys`));
    });

    it("takes a stack's environment from its name: <environment> or <environment>-<suffix>", () => {
        assert.equal(stackEnvironment("prod"), "prod");
        assert.equal(stackEnvironment("prod-eu"), "prod");
        assert.equal(stackEnvironment("dev-feature-x"), "dev");
    });
});
