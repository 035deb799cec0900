import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { registrationsOf } from "../../test/harness";
import { replaceForcingInputs } from "../../test/replacement";
import { EncryptionKey, EncryptionKeyArgs } from "./encryption-key";
import { keyPolicy } from "./key-policy";

const ADMINISTRATORS = {
    administratorArns: ["arn:aws:iam::123456789012:role/signal-trading-delivery-prod-break-glass"],
    maintainerArns: ["arn:aws:iam::123456789012:role/signal-trading-delivery-prod-deploy"],
};
const ARGS: EncryptionKeyArgs = { description: "EBS volumes of nodes", deletionWindowDays: 30, services: ["ebs", "cloudwatch-logs"], administrators: ADMINISTRATORS };
const build = (args: Partial<EncryptionKeyArgs> = {}) => registrationsOf(() => new EncryptionKey("prod-volumes", { ...ARGS, ...args }));

describe("EncryptionKey component", () => {
    it("lets the deploy role delete the key only when pulumi destroy would: neither protected nor retained", async () => {
        const deletes = async (args: Partial<EncryptionKeyArgs>) => {
            const policy = JSON.parse((await build(args)).inputs((await build(args)).one("aws:kms/key:Key")).policy);
            return policy.Statement.find((s: { Sid: string }) => s.Sid === "DeployRoleMaintainsKey").Action.includes("kms:ScheduleKeyDeletion");
        };
        assert.equal(await deletes({}), true);
        assert.equal(await deletes({ protect: true }), false);
        assert.equal(await deletes({ retainOnDelete: true }), false);
    });

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

    it("attaches the key policy of this account and region, its administrators, services and users", async () => {
        const users = [{ sid: "EbsCsiCreatesVolumes", roleNamePrefixes: ["prod-ebs-csi-role"], via: "ec2" as const, grantsForAwsResources: true }];
        const r = await build({ users });
        assert.deepEqual(JSON.parse(r.inputs(r.one("aws:kms/key:Key")).policy), keyPolicy({
            partition: "aws", accountId: "123456789012", region: "us-east-1", ...ADMINISTRATORS, maintainersMayDelete: true, services: ["ebs", "cloudwatch-logs"], users,
        }));
    });

    it("without services or users, gives the key only its administration statements", async () => {
        const r = await build({ services: undefined });
        assert.deepEqual(JSON.parse(r.inputs(r.one("aws:kms/key:Key")).policy).Statement.map((s: { Sid: string }) => s.Sid),
            ["BreakGlassAdministersKey", "DeployRoleMaintainsKey", "AccountReadsKeyMetadataThroughIam", "DeployersGrantKeyToAwsResources"]);
    });

    it("writes the region of its own provider into the policy", async () => {
        const r = await registrationsOf(() => {
            const provider = new aws.Provider("replica", { region: "us-west-2" });
            new EncryptionKey("replica", { ...ARGS, services: ["cloudwatch-logs"] }, { providers: { aws: provider } });
        });
        const key = r.one("aws:kms/key:Key");
        assert.equal(key.provider, r.one("pulumi:providers:aws", "replica").urn);
        const logs = JSON.parse(r.inputs(key).policy).Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsEncryptsThisAccountsLogGroups");
        assert.deepEqual(logs.Principal, { Service: "logs.us-west-2.amazonaws.com" });
        assert.match(r.outputs(key).arn, /^arn:aws:kms:us-west-2:/);
    });
});

describe("EncryptionKey lifecycle", () => {
    const r = (registrations: Awaited<ReturnType<typeof build>>) => registrations.inputs(registrations.one("aws:kms/key:Key"));
    it("keeps its key and alias when the deletion window, the description, the services, the protection or the key policy's principals change", async () => {
        const before = await build({ administrators: { administratorArns: [], maintainerArns: [] } });
        const after = await build({
            deletionWindowDays: 7, description: "EBS volumes", services: [], protect: true,
            users: [{ sid: "VeleroRestoresVolumes", roleNamePrefixes: ["prod-velero-role"], via: "ec2", grantsForAwsResources: true }],
        });
        assert.notEqual(r(before).policy, r(after).policy);
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.deepEqual(replaceForcingInputs(after), { "prod-volumes-alias": { name: "alias/prod-volumes", namePrefix: undefined, region: undefined } });
    });
});
