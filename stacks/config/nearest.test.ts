import { strict as assert } from "node:assert";
import { didYouMean, editDistance, nearest } from "./nearest";

describe("nearest name", () => {
    it("counts insertions, deletions, substitutions and swaps of neighbours, ignoring case", () => {
        assert.equal(editDistance("natGateway", "natGateways"), 1);
        assert.equal(editDistance("natGateways", "natGateway"), 1);
        assert.equal(editDistance("clustr", "cluster"), 1);
        assert.equal(editDistance("mni", "min"), 1);
        assert.equal(editDistance("Dev", "dev"), 0);
        assert.equal(editDistance("kitten", "sitting"), 3);
        assert.equal(editDistance("", "abc"), 3);
        assert.equal(editDistance("abc", ""), 3);
    });

    it("suggests the closest candidate within a third of the word, the first on a tie, nothing when all are far", () => {
        assert.equal(nearest("natGateway", ["cidr", "natGateways", "flowLogs"]), "natGateways");
        assert.equal(nearest("Dev", ["dev", "prod"]), "dev");
        assert.equal(nearest("prd", ["dev", "prod"]), "prod");
        assert.equal(nearest("staging", ["dev", "prod"]), undefined);
        assert.equal(nearest("ab", ["ac", "ad"]), "ac");
        assert.equal(nearest("colour", []), undefined);
    });

    it("phrases the suggestion as a clause, or nothing", () => {
        assert.equal(didYouMean("natGateway", ["natGateways"]), "; did you mean natGateways?");
        assert.equal(didYouMean("staging", ["dev", "prod"]), "");
    });
});
