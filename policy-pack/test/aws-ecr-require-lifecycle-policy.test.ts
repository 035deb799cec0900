import { strict as assert } from "node:assert";
import { awsEcrRequireLifecyclePolicy as policy } from "../aws/aws-ecr-require-lifecycle-policy";
import { awsProvider, resource, violations } from "./fixtures";
import { ecrLifecyclePolicy, ecrRepository, json } from "./fixtures-services";

function registry() {
    const provider = awsProvider();
    const repository = ecrRepository(provider);
    const lifecycle = ecrLifecyclePolicy(repository, "gateway-repo-lifecycle", provider);
    return { provider, repository, lifecycle, all: [provider, repository, lifecycle] };
}

describe("aws-ecr-require-lifecycle-policy", () => {
    it("passes a repository whose lifecycle policy depends on it and has rules (matches)", () => {
        assert.deepEqual(violations(policy, registry().all), []);
    });

    it("fails a repository without a lifecycle policy (no partner)", () => {
        const { provider, repository } = registry();
        const found = violations(policy, [provider, repository]);
        assert.deepEqual(found.map((v) => v.urn), [repository.urn]);
        assert.match(found[0].message, /gateway-repo \(aws:ecr\/repository:Repository\) has no lifecycle policy\.$/);
    });

    it("fails a repository whose only lifecycle policy belongs to another repository (mismatched partner)", () => {
        const { provider, repository } = registry();
        const other = resource("aws:ecr/repository:Repository", "other-repo", { provider, inputs: { name: "signal-trading/other" } });
        const otherLifecycle = ecrLifecyclePolicy(other, "other-repo-lifecycle", provider);
        assert.deepEqual(violations(policy, [provider, repository, other, otherLifecycle]).map((v) => v.urn), [repository.urn]);
    });

    it("fails a lifecycle policy without rules, on the lifecycle policy", () => {
        const { lifecycle, all } = registry();
        lifecycle.outputs = { ...lifecycle.outputs, policy: json({ rules: [] }) };
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [lifecycle.urn]);
        assert.match(found[0].message, /gateway-repo-lifecycle \(aws:ecr\/lifecyclePolicy:LifecyclePolicy\) has no rules, so it expires nothing in gateway-repo\.$/);
    });
});
