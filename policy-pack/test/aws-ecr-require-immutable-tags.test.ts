import { strict as assert } from "node:assert";
import { awsEcrRequireImmutableTags as policy } from "../aws/aws-ecr-require-immutable-tags";
import { evaluatePolicies } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { ecrRepository } from "./fixtures-services";

function repository(change: (inputs: Record<string, any>) => void = () => {}) {
    const r = ecrRepository();
    change(r.inputs);
    return r;
}

describe("aws-ecr-require-immutable-tags", () => {
    it("passes a repository with immutable tags", () => {
        assert.deepEqual(violations(policy, [repository()]), []);
    });

    it("passes immutable tags with exclusion filters", () => {
        assert.deepEqual(violations(policy, [repository((i) => {
            i.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION";
            i.imageTagMutabilityExclusionFilters = [{ filter: "latest", filterType: "WILDCARD" }];
        })]), []);
    });

    it("fails a repository with mutable tags", () => {
        const r = repository((i) => (i.imageTagMutability = "MUTABLE"));
        const found = violations(policy, [r]);
        assert.deepEqual(found.map((v) => v.urn), [r.urn]);
        assert.match(found[0].message, /gateway-repo \(aws:ecr\/repository:Repository\) has MUTABLE image tags; IMMUTABLE is required\.$/);
    });

    it("fails a repository that leaves mutability at the MUTABLE default", () => {
        assert.match(violations(policy, [repository((i) => delete i.imageTagMutability)])[0].message, /has unset \(MUTABLE\) image tags/);
    });

    it("remediates MUTABLE_WITH_EXCLUSION to IMMUTABLE without the filters, and the result passes", () => {
        const r = repository((i) => {
            i.imageTagMutability = "MUTABLE_WITH_EXCLUSION";
            i.imageTagMutabilityExclusionFilters = [{ filter: "release-*", filterType: "WILDCARD" }];
        });
        const report = evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [r]);
        assert.equal(report.remediatedInputs[r.urn].imageTagMutability, "IMMUTABLE");
        assert.equal("imageTagMutabilityExclusionFilters" in report.remediatedInputs[r.urn], false);
        assert.deepEqual(report.violations, []);
    });

    it("does not remediate a repository with IMMUTABLE_WITH_EXCLUSION", () => {
        const r = repository((i) => (i.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"));
        assert.deepEqual(evaluatePolicies([policy], "mandatory", { [policy.name]: "remediate" }, [r]).remediations, []);
    });
});
