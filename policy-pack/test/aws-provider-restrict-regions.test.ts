import { strict as assert } from "node:assert";
import { awsProviderRestrictRegions as policy } from "../aws/aws-provider-restrict-regions";
import { awsProvider, resource, violations } from "./fixtures";

describe("aws-provider-restrict-regions", () => {
    it("passes the AWS provider in us-east-1", () => {
        assert.deepEqual(violations(policy, [awsProvider()]), []);
    });

    it("fails a provider in eu-west-1, listing the allowed regions", () => {
        const provider = awsProvider();
        provider.inputs.region = "eu-west-1";
        const found = violations(policy, [provider]);
        assert.deepEqual(found.map((v) => v.urn), [provider.urn]);
        assert.match(found[0].message, /aws \(pulumi:providers:aws\) deploys to eu-west-1; allowed: us-east-1, us-east-2, us-west-2\.$/);
    });

    it("fails a provider without a region, which would follow the deployer's environment", () => {
        const provider = awsProvider();
        delete provider.inputs.region;
        assert.match(violations(policy, [provider])[0].message, /aws \(pulumi:providers:aws\) sets no region, so it would use whatever region the deployer's environment names\.$/);
    });

    it("follows the regions the config allows", () => {
        assert.equal(violations(policy, [awsProvider()], { allowedRegions: ["us-west-2"] }).length, 1);
    });

    it("ignores providers of other clouds and regular resources", () => {
        const kubernetes = resource("pulumi:providers:kubernetes", "k8s", { inputs: {} });
        const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { inputs: { cidrBlock: "10.0.0.0/16" } });
        assert.deepEqual(violations(policy, [kubernetes, vpc]), []);
    });
});
