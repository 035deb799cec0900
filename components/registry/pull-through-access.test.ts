import { strict as assert } from "node:assert";
import { registrationsOf } from "../../test/harness";
import { PullThroughCacheAccess, pullThroughCachePolicy, roleNameOf } from "./pull-through-access";

describe("pull-through cache access", () => {
    it("lets a puller import upstream images and create repositories only under the caches' prefixes of its account and region", () => {
        assert.deepEqual(pullThroughCachePolicy({ partition: "aws", region: "us-east-2", accountId: "123456789012" }), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "PullThroughCache", Effect: "Allow",
                Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                Resource: ["ecr-public", "k8s", "quay", "docker-hub"].map((c) => `arn:aws:ecr:us-east-2:123456789012:repository/${c}/*`),
            }],
        });
    });

    it("reads a role's name from its ARN, paths included, and refuses what is not a role ARN", () => {
        assert.equal(roleNameOf("arn:aws:iam::123456789012:role/signal-trading-prod-node-role-0a1b2c3"), "signal-trading-prod-node-role-0a1b2c3");
        assert.equal(roleNameOf("arn:aws:iam::123456789012:role/service/nodes"), "nodes");
        assert.throws(() => roleNameOf("arn:aws:iam::123456789012:policy/nodes"), /is not an IAM role ARN/);
    });

    it("attaches the policy to the named role as an inline policy of its own, under the component", async () => {
        const r = await registrationsOf(() => {
            new PullThroughCacheAccess("prod-nodes", { roleName: "signal-trading-prod-node-role-0a1b2c3" });
        });
        const component = r.one("signal-trading:registry:PullThroughCacheAccess", "prod-nodes");
        const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-nodes-pull-through-cache");
        assert.equal(policy.parent, component.urn);
        assert.equal(r.inputs(policy).role, "signal-trading-prod-node-role-0a1b2c3");
        assert.deepEqual(JSON.parse(r.inputs(policy).policy), pullThroughCachePolicy({ partition: "aws", region: "us-east-1", accountId: "123456789012" }));
    });
});
