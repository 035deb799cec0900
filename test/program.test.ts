import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { OfflineMocks } from "../tools/offline/mocks";
import { runProgram } from "../tools/offline/run-program";
import { TAGGABLE_AWS_TYPES } from "../policy-pack/lib/taggable";
import { Registrations, runStack, stackConfig, withConfig } from "./harness";

describe("the whole program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            let r: Registrations;
            before(async () => {
                r = await runStack(stack, stackConfig(stack));
            });

            it("creates every AWS resource through the one explicit provider, in the stack's region", () => {
                const provider = r.one("pulumi:providers:aws");
                assert.equal(r.inputs(provider).region, stack === "prod" ? "us-east-1" : "us-east-2");
                for (const resource of r.all.filter((x) => x.type.startsWith("aws:"))) {
                    assert.equal(resource.provider, provider.urn, `${resource.name} uses another provider`);
                }
            });

            it("tags every taggable AWS resource with owner, cost-center and environment through the provider's default tags", () => {
                const tags = JSON.parse(r.inputs(r.one("pulumi:providers:aws")).defaultTags).tags;
                assert.deepEqual({ owner: tags.owner, environment: tags.environment }, { owner: "platform-team", environment: stack });
                assert.ok(tags["cost-center"]);
                // The provider applies them to every taggable resource; none may shadow them with its own tags.
                const taggable = r.all.filter((x) => TAGGABLE_AWS_TYPES.has(x.type));
                assert.ok(taggable.length > 10);
                for (const resource of taggable) {
                    const own = Object.keys(r.inputs(resource).tags ?? {});
                    assert.deepEqual(own.filter((k) => ["owner", "cost-center", "environment"].includes(k)), [], resource.name);
                }
            });

            it("spans the configured AZs with a NAT gateway per AZ in prod and one in dev", () => {
                assert.equal(r.ofType("aws:ec2/subnet:Subnet").length, (stack === "prod" ? 3 : 2) * 3);
                assert.equal(r.ofType("aws:ec2/natGateway:NatGateway").length, stack === "prod" ? 3 : 1);
            });

            it("keeps flow logs for the configured retention", () => {
                assert.equal(r.inputs(r.one("aws:cloudwatch/logGroup:LogGroup")).retentionInDays, stack === "prod" ? 365 : 30);
            });
        });
    }

    it("registers nothing when the config is invalid, and reports every problem", async () => {
        let config = withConfig(stackConfig("prod"), "aws", (a) => ({ ...a, backupReplicaRegion: a.region }));
        config = withConfig(config, "nodeGroups", (g) => ({ ...g, spot: { ...g.spot, instanceTypes: ["m7i.xlarge"] } }));
        config = withConfig(config, "environment", () => undefined);
        await assert.rejects(runProgram("prod", config), (error: Error & { problems?: { path: string }[] }) => {
            assert.equal(error.name, "ConfigError");
            assert.deepEqual(error.problems!.map((p) => p.path).sort(), ["aws.backupReplicaRegion", "environment", "nodeGroups.spot.instanceTypes"]);
            return true;
        });
        const monitor = (pulumi.runtime as unknown as { getMonitor(): { getRegisteredResources(): Map<string, unknown> } }).getMonitor();
        assert.equal(monitor.getRegisteredResources().size, 0, "resources were registered before the config was validated");
    });

    it("fails loudly on an invoke the offline mocks cannot answer", () => {
        assert.throws(() => new OfflineMocks().call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: undefined } as never),
            /no mock answer for invoke aws:ec2\/getAmi:getAmi; add one to tools\/offline\/mocks.ts/);
    });
});
