import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stackConfig, withConfig } from "../test/harness";
import { settled } from "../test/outputs";
import { DeployedResource, OfflineAccount, OfflineMocks } from "../tools/offline/mocks";
import { PROJECT_NAME, runProgram } from "../tools/offline/run-program";
import { parsedStackConfig } from "../tools/offline/stack-config";
import { planDocument } from "../tools/plan/plan";
import { accountChecks, offeringProblems, subnetMoveProblems, unavailableZoneProblems } from "./account-checks";
import { ConfigError } from "./config/load";
import { StackConfig } from "./config/schema";

const dev = (change: (raw: Record<string, any>) => void = () => undefined) => parsedStackConfig("dev", change);

describe("account checks", () => {
    describe("problems, by config path", () => {
        it("names a configured zone the account does not list, with the zones it does", () => {
            const network = dev((c) => { c.network.availabilityZones[1].zoneId = "use2-az9"; }).network;
            assert.deepEqual(unavailableZoneProblems(network, "us-east-2", ["use2-az3", "use2-az1", "use2-az2"]), [
                { path: "network.availabilityZones[1].zoneId", message: "is not an available zone of this account in us-east-2 (available: use2-az1, use2-az2, use2-az3)" },
            ]);
            assert.deepEqual(unavailableZoneProblems(dev().network, "us-east-2", ["use2-az1", "use2-az2", "use2-az3"]), []);
        });

        it("names the node group's instance types and each zone, with its config path, that does not offer one", () => {
            const config = dev();
            const offered = ["use2-az1", "use2-az2"].flatMap((zoneId) => ["t3.large", "m7i.large", "m6i.large", "m6a.large"].map((instanceType) => ({ instanceType, zoneId })));
            assert.deepEqual(offeringProblems(config.nodeGroups, config.network, ["use2-az1", "use2-az2"], [...offered, { instanceType: "m7a.large", zoneId: "use2-az1" }]), [{
                path: "nodeGroups.spot.instanceTypes",
                message: "m7a.large is not offered in use2-az2 (network.availabilityZones[1]): list types that every zone offers (aws ec2 describe-instance-type-offerings --location-type availability-zone-id --filters Name=instance-type,Values=m7a.large)",
            }]);
        });

        it("leaves the offerings of a zone the account lacks to that zone's own problem", () => {
            const config = dev();
            const offered = ["t3.large", "m7i.large", "m6i.large", "m7a.large", "m6a.large"].map((instanceType) => ({ instanceType, zoneId: "use2-az1" }));
            assert.deepEqual(offeringProblems(config.nodeGroups, config.network, ["use2-az1"], offered), []);
        });

        it("reports the moves of a tier's prefix length on that length, of a zone's slot on that slot, of the VPC on its CIDR", () => {
            const network = dev().network;
            const flag = "set signal-trading:network.allowSubnetReplacement to true for a planned migration";
            const problems = subnetMoveProblems(network, [
                { tier: "private", availabilityZoneId: "use2-az1", from: "10.20.0.0/20", to: "10.20.0.0/21", cause: "prefixLength" },
                { tier: "private", availabilityZoneId: "use2-az2", from: "10.20.32.0/20", to: "10.20.32.0/21", cause: "prefixLength" },
                { tier: "database", availabilityZoneId: "use2-az2", from: "10.20.148.0/26", to: "10.20.152.0/26", cause: "slot" },
                { tier: "public", availabilityZoneId: "use2-az1", from: "10.30.128.0/24", to: "10.20.128.0/24", cause: "cidr" },
            ]);
            assert.deepEqual(problems, [
                { path: "network.subnetPrefixLengths.private", message: `would move the deployed private subnets (use2-az1 10.20.0.0/20 → 10.20.0.0/21, use2-az2 10.20.32.0/20 → 10.20.32.0/21): AWS cannot resize or move a subnet, so it would replace them and what runs in them. Keep the deployed value, or ${flag}` },
                { path: "network.availabilityZones[1].slot", message: `would move the deployed subnets of use2-az2 (database 10.20.148.0/26 → 10.20.152.0/26): AWS cannot resize or move a subnet, so it would replace them and what runs in them. Keep the deployed value, or ${flag}` },
                { path: "network.cidr", message: `would replace the VPC and every deployed subnet (public in use2-az1 10.30.128.0/24 → 10.20.128.0/24): AWS cannot resize or move a subnet, so it would replace them and what runs in them. Keep the deployed value, or ${flag}` },
            ]);
        });
    });

    describe("against the offline account", () => {
        /** dev's resources as its current plan registers them: what the account holds once that plan is deployed. */
        let deployed: DeployedResource[];
        before(async () => {
            deployed = planDocument(await runProgram("dev", stackConfig("dev"))).resources;
        });

        async function check(config: StackConfig, seeded: readonly DeployedResource[], account: OfflineAccount = {}) {
            await pulumi.runtime.setMocks(new OfflineMocks(seeded, account), PROJECT_NAME, "dev", false);
            const provider = new aws.Provider("aws", { region: config.aws.region as aws.Region });
            const result = await settled(accountChecks(config, "signal-trading-dev", provider));
            if ("value" in result) return "passes";
            assert.ok(result.error instanceof ConfigError, String(result.error));
            return result.error.message;
        }

        it("passes an empty account, and the unchanged config on the account its plan was deployed to", async () => {
            assert.equal(await check(dev(), []), "passes");
            assert.ok(deployed.filter((r) => r.type === "aws:ec2/subnet:Subnet").length === 8);
            assert.equal(await check(dev(), deployed), "passes");
        });

        it("passes an added zone: it moves no deployed subnet", async () => {
            assert.equal(await check(dev((c) => { c.network.availabilityZones.push({ zoneId: "use2-az3", slot: 2 }); }), deployed), "passes");
        });

        it("passes a removed zone: its subnets go, the others stay", async () => {
            assert.equal(await check(dev((c) => { c.network.availabilityZones = [c.network.availabilityZones[0], { zoneId: "use2-az3", slot: 2 }]; }), deployed), "passes");
        });

        it("stops a prefix-length change that would move deployed subnets, naming the length and the flag", async () => {
            const message = await check(dev((c) => { c.network.subnetPrefixLengths.private = 21; }), deployed);
            assert.equal(message, [
                "invalid stack config (1 problem):",
                "  signal-trading:network.subnetPrefixLengths.private: would move the deployed private subnets (use2-az1 10.20.0.0/20 → 10.20.0.0/21, use2-az2 10.20.32.0/20 → 10.20.32.0/21): AWS cannot resize or move a subnet, so it would replace them and what runs in them. Keep the deployed value, or set signal-trading:network.allowSubnetReplacement to true for a planned migration",
            ].join("\n"));
        });

        /** What `run` printed as warnings: the program's `pulumi.log.warn`, which the SDK prints under the mocks. */
        async function warningsOf(run: () => Promise<unknown>): Promise<string[]> {
            const warnings: string[] = [];
            const { warn } = console;
            console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
            try {
                await run();
            } finally {
                console.warn = warn;
            }
            return warnings;
        }

        it("lets the same change through with allowSubnetReplacement, warning of each subnet it replaces", async () => {
            const warnings = await warningsOf(async () => {
                assert.equal(await check(dev((c) => { c.network.subnetPrefixLengths.private = 21; c.network.allowSubnetReplacement = true; }), deployed), "passes");
            });
            assert.deepEqual(warnings, [
                "warning: [runtime] signal-trading:network.allowSubnetReplacement is true: this update replaces 2 deployed subnets (private in use2-az1 10.20.0.0/20 → 10.20.0.0/21, private in use2-az2 10.20.32.0/20 → 10.20.32.0/21) and what runs in them",
            ]);
        });

        it("warns to set allowSubnetReplacement back to false once no deployed subnet moves", async () => {
            const warnings = await warningsOf(async () => {
                assert.equal(await check(dev((c) => { c.network.allowSubnetReplacement = true; }), deployed), "passes");
            });
            assert.deepEqual(warnings, [
                "warning: [runtime] signal-trading:network.allowSubnetReplacement is true but no deployed subnet moves: set it back to false, so that the next change that would move one is stopped again",
            ]);
        });

        it("stops a zone moved to another slot", async () => {
            const message = await check(dev((c) => { c.network.availabilityZones[1].slot = 3; }), deployed);
            assert.match(message, /^ {2}signal-trading:network\.availabilityZones\[1\]\.slot: would move the deployed subnets of use2-az2 \(private 10\.20\.32\.0\/20 → 10\.20\.96\.0\/20, public 10\.20\.132\.0\/24 → 10\.20\.140\.0\/24, database 10\.20\.148\.0\/26 → 10\.20\.156\.0\/26, controlPlane 10\.20\.161\.0\/27 → 10\.20\.163\.0\/27\)/m);
        });

        it("stops a zone the account does not have and an instance type a zone does not offer, together", async () => {
            const message = await check(dev((c) => { c.network.availabilityZones.push({ zoneId: "use2-az4", slot: 2 }); }), [], { missingInstanceTypes: [{ instanceType: "t3.large", zoneId: "use2-az2" }] });
            assert.equal(message, [
                "invalid stack config (2 problems):",
                "  signal-trading:network.availabilityZones[2].zoneId: is not an available zone of this account in us-east-2 (available: use2-az1, use2-az2, use2-az3)",
                "  signal-trading:nodeGroups.system.instanceTypes: t3.large is not offered in use2-az2 (network.availabilityZones[1]): list types that every zone offers (aws ec2 describe-instance-type-offerings --location-type availability-zone-id --filters Name=instance-type,Values=t3.large)",
            ].join("\n"));
        });

        it("stops the whole program with the config error, as the offline plan reports config errors", async () => {
            const shrunk = withConfig(stackConfig("dev"), "network", (n) => ({ ...n, subnetPrefixLengths: { ...n.subnetPrefixLengths, database: 27 } }));
            await assert.rejects(runProgram("dev", shrunk, deployed), (error: Error) => {
                // The run loads the program's modules afresh, so the error is of their ConfigError class.
                assert.equal(error.name, "ConfigError");
                assert.match(error.message, /^ {2}signal-trading:network\.subnetPrefixLengths\.database: would move the deployed database subnets \(use2-az1 10\.20\.144\.0\/26 → 10\.20\.144\.0\/27, use2-az2 10\.20\.148\.0\/26 → 10\.20\.148\.0\/27\)/m);
                return true;
            });
        });
    });
});
