import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { registrationsOf } from "../../test/harness";
import { replaceForcingInputs } from "../../test/replacement";
import { EncryptionKey, EncryptionKeyArgs } from "./encryption-key";

const ARGS: EncryptionKeyArgs = { description: "EBS volumes of nodes", deletionWindowDays: 30, services: ["ebs", "cloudwatch-logs"] };
const build = (args: Partial<EncryptionKeyArgs> = {}) => registrationsOf(() => new EncryptionKey("prod-volumes", { ...ARGS, ...args }));

describe("EncryptionKey component", () => {
    it("protects the key only when asked: deleting it would destroy what it encrypts", async () => {
        assert.equal((await build({ protect: true })).one("aws:kms/key:Key").protect, true);
        assert.equal((await build()).one("aws:kms/key:Key").protect, false);
    });

    it("keeps the key on destroy only when asked, and never its alias, which a recreated stack takes again", async () => {
        const retained = await build({ retainOnDelete: true });
        assert.deepEqual([retained.one("aws:kms/key:Key").retainOnDelete, retained.one("aws:kms/alias:Alias").retainOnDelete], [true, false]);
        assert.equal((await build()).one("aws:kms/key:Key").retainOnDelete, false);
    });

    it("registers as signal-trading:kms:EncryptionKey and parents the key and alias to itself", async () => {
        const r = await build();
        const component = r.one("signal-trading:kms:EncryptionKey", "prod-volumes");
        assert.equal(r.one("aws:kms/key:Key").parent, component.urn);
        assert.equal(r.one("aws:kms/alias:Alias").parent, component.urn);
        assert.equal(r.one("aws:kms/key:Key").name, "prod-volumes-key");
    });

    it("creates a key with yearly rotation on and the deletion window from the args", async () => {
        const r = await build({ deletionWindowDays: 14 });
        const inputs = r.inputs(r.one("aws:kms/key:Key"));
        assert.equal(inputs.enableKeyRotation, true);
        assert.equal(inputs.deletionWindowInDays, 14);
        assert.equal(inputs.description, "EBS volumes of nodes");
    });

    it("points the alias alias/<name> at the key", async () => {
        const r = await build();
        const alias = r.inputs(r.one("aws:kms/alias:Alias"));
        assert.equal(alias.name, "alias/prod-volumes");
        assert.equal(alias.targetKeyId, r.outputs(r.one("aws:kms/key:Key")).keyId);
    });

    it("attaches the key policy for this account, region and the given services", async () => {
        const r = await build();
        const policy = JSON.parse(r.inputs(r.one("aws:kms/key:Key")).policy);
        assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), [
            "AccountAdministersKeyAndDelegatesUseToIam", "CloudWatchLogsEncryptsThisAccountsLogGroups",
            "EbsEncryptsVolumesForThisAccount", "EbsAttachesEncryptedVolumesForThisAccount",
        ]);
        assert.deepEqual(policy.Statement[0].Principal, { AWS: "arn:aws:iam::123456789012:root" });
        assert.equal(policy.Statement[2].Condition.StringEquals["kms:ViaService"], "ec2.us-east-1.amazonaws.com");
    });

    it("without services, gives the key only the account's administration statement", async () => {
        const r = await build({ services: undefined });
        assert.equal(JSON.parse(r.inputs(r.one("aws:kms/key:Key")).policy).Statement.length, 1);
    });

    it("writes the region of its own provider into the policy", async () => {
        const r = await registrationsOf(() => {
            const provider = new aws.Provider("replica", { region: "us-west-2" });
            new EncryptionKey("replica", { ...ARGS, services: ["cloudwatch-logs"] }, { providers: { aws: provider } });
        });
        const key = r.one("aws:kms/key:Key");
        assert.equal(key.provider, r.one("pulumi:providers:aws", "replica").urn);
        const logs = JSON.parse(r.inputs(key).policy).Statement[1];
        assert.deepEqual(logs.Principal, { Service: "logs.us-west-2.amazonaws.com" });
        assert.match(r.outputs(key).arn, /^arn:aws:kms:us-west-2:/);
    });
});

describe("EncryptionKey lifecycle", () => {
    it("keeps its alias when the deletion window, the description, the services or the protection change", async () => {
        const before = await build();
        const after = await build({ deletionWindowDays: 7, description: "EBS volumes", services: [], protect: true });
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.deepEqual(replaceForcingInputs(after), { "prod-volumes-alias": { name: "alias/prod-volumes", namePrefix: undefined, region: undefined } });
    });
});
