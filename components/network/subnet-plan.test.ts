import { strict as assert } from "node:assert";
import { cidrContains, parseCidr, planSubnets, subnetsOf } from "./subnet-plan";

const THREE_AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

describe("subnet planner", () => {
    it("carves the prod layout largest blocks first, aligned and without overlap", () => {
        const result = planSubnets("10.40.0.0/16", THREE_AZS, { public: 24, private: 19, database: 24 });
        assert.ok(result.ok);
        assert.deepEqual(subnetsOf(result.plan, "private").map((s) => s.cidr), ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]);
        assert.deepEqual(subnetsOf(result.plan, "public").map((s) => s.cidr), ["10.40.96.0/24", "10.40.97.0/24", "10.40.98.0/24"]);
        assert.deepEqual(subnetsOf(result.plan, "database").map((s) => s.cidr), ["10.40.99.0/24", "10.40.100.0/24", "10.40.101.0/24"]);
        assert.deepEqual(subnetsOf(result.plan, "private").map((s) => s.availabilityZone), THREE_AZS);
    });

    it("places every subnet inside the VPC and no two subnets overlap", () => {
        const result = planSubnets("10.20.0.0/16", ["a", "b"], { public: 24, private: 20, database: 26 });
        assert.ok(result.ok);
        for (const subnet of result.plan.subnets) assert.ok(cidrContains("10.20.0.0/16", subnet.cidr), subnet.cidr);
        for (const a of result.plan.subnets) {
            for (const b of result.plan.subnets) {
                if (a !== b) assert.ok(!cidrContains(a.cidr, b.cidr) && !cidrContains(b.cidr, a.cidr), `${a.cidr} overlaps ${b.cidr}`);
            }
        }
    });

    it("uses the whole VPC exactly when the blocks fill it", () => {
        const result = planSubnets("10.0.0.0/24", ["a", "b"], { public: 27, private: 26, database: 27 });
        assert.ok(result.ok);
        assert.deepEqual(result.plan.subnets.map((s) => `${s.tier}:${s.cidr}`), [
            "private:10.0.0.0/26", "private:10.0.0.64/26",
            "public:10.0.0.128/27", "public:10.0.0.160/27",
            "database:10.0.0.192/27", "database:10.0.0.224/27",
        ]);
    });

    it("is deterministic: the same inputs give the same layout", () => {
        const args = ["10.40.0.0/16", THREE_AZS, { public: 24, private: 19, database: 24 }] as const;
        assert.deepEqual(planSubnets(...args), planSubnets(...args));
    });

    it("refuses a layout that does not fit and says how many addresses it needs", () => {
        const result = planSubnets("10.0.0.0/20", THREE_AZS, { public: 24, private: 21, database: 24 });
        assert.ok(!result.ok);
        assert.equal(result.problems[0].field, "cidr");
        assert.match(result.problems[0].message, /need 7680 addresses; 10\.0\.0\.0\/20 has 4096/);
    });

    it("refuses a subnet prefix not longer than the VPC's, naming the tier", () => {
        const result = planSubnets("10.0.0.0/16", THREE_AZS, { public: 16, private: 19, database: 29 });
        assert.ok(!result.ok);
        assert.deepEqual(result.problems.map((p) => p.field), ["public", "database"]);
    });

    it("refuses a CIDR with host bits set and names the network address", () => {
        const result = planSubnets("10.0.1.0/16", THREE_AZS, { public: 24, private: 19, database: 24 });
        assert.ok(!result.ok);
        assert.match(result.problems[0].message, /host bits set; the network address is 10\.0\.0\.0\/16/);
    });

    it("parses and rejects CIDR notation", () => {
        assert.deepEqual(parseCidr("192.168.0.0/16"), { base: 0xc0a80000, prefixLength: 16 });
        assert.equal(typeof parseCidr("10.0.0.256/24"), "string");
        assert.equal(typeof parseCidr("10.0.0.0/33"), "string");
        assert.equal(typeof parseCidr("10.0.0.0"), "string");
        assert.ok(cidrContains("10.0.0.0/8", "10.255.0.0/16"));
        assert.ok(!cidrContains("10.0.0.0/16", "10.0.0.0/8"));
    });
});
