import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { awsAccount, AwsAccount } from "./aws-account";


class Probe extends pulumi.ComponentResource {
    readonly account: AwsAccount;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Probe", name, {}, opts);
        this.account = awsAccount(this);
    }
}

describe("awsAccount", () => {
    it("looks up account, partition and region through the component's own provider", async () => {
        let home!: Probe;
        let replica!: Probe;
        await registrationsOf(() => {
            home = new Probe("home");
            replica = new Probe("replica", { providers: { aws: new aws.Provider("replica", { region: "us-west-2" }) } });
        });
        assert.equal(await valueOf(home.account.accountId), "123456789012");
        assert.equal(await valueOf(home.account.partition), "aws");
        assert.equal(await valueOf(home.account.region), "us-east-1");
        assert.equal(await valueOf(replica.account.region), "us-west-2");
        assert.equal(await valueOf(home.account.managedPolicy("AmazonEKSWorkerNodePolicy")), "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy");
    });
});
