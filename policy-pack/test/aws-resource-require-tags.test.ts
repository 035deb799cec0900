import { strict as assert } from "node:assert";
import { awsResourceRequireTags as policy } from "../aws/aws-resource-require-tags";
import { awsProvider, resource, violations } from "./fixtures";

const vpc = (provider = awsProvider(), tags: Record<string, string> = { Name: "vpc" }) =>
    [provider, resource("aws:ec2/vpc:Vpc", "vpc", { provider, inputs: { cidrBlock: "10.0.0.0/16", tags } })];

describe("aws-resource-require-tags", () => {
    it("passes a resource whose provider's default tags carry every required tag", () => {
        assert.deepEqual(violations(policy, vpc()), []);
    });

    it("accepts default tags given as an object as well as JSON-encoded", () => {
        const provider = resource("pulumi:providers:aws", "aws", { inputs: { defaultTags: { tags: { owner: "a", "cost-center": "b", environment: "dev" } } } });
        assert.deepEqual(violations(policy, vpc(provider)), []);
    });

    it("fails a resource without cost-center on the resource or the provider, naming the tag", () => {
        const found = violations(policy, vpc(awsProvider({ owner: "a", environment: "prod" })));
        assert.equal(found.length, 1);
        assert.match(found[0].message, /lacks the tags: cost-center\.$/);
        assert.equal(found[0].enforcementLevel, "mandatory");
    });

    it("fails a resource with no provider tags and no resource tags, naming all three", () => {
        const found = violations(policy, vpc(awsProvider({})));
        assert.match(found[0].message, /lacks the tags: owner, cost-center, environment\.$/);
    });

    it("lets resource tags supply what the provider's default tags lack", () => {
        assert.deepEqual(violations(policy, vpc(awsProvider({ owner: "a" }), { "cost-center": "b", environment: "prod" })), []);
    });

    it("counts an empty tag value as missing", () => {
        assert.equal(violations(policy, vpc(awsProvider({ owner: "", "cost-center": "b", environment: "prod" }))).length, 1);
    });

    it("ignores AWS types that take no tags", () => {
        const provider = awsProvider({});
        assert.deepEqual(violations(policy, [provider, resource("aws:ec2/routeTableAssociation:RouteTableAssociation", "assoc", { provider, inputs: { subnetId: "s", routeTableId: "r" } })]), []);
    });

    it("requires the tags the config lists instead of the defaults", () => {
        const found = violations(policy, vpc(), { requiredTags: ["owner", "data-classification"] });
        assert.equal(found.length, 1);
        assert.match(found[0].message, /lacks the tags: data-classification\.$/);
    });
});
