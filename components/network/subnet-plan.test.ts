import { strict as assert } from "node:assert";
import { cidrContains, parseCidr, planSubnets, SUBNET_TIERS, subnetsOf } from "./subnet-plan";

const THREE_AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];
/** The prod stack's prefix lengths (the schema's defaults). */
const PROD_PREFIXES = { public: 24, private: 19, database: 24, controlPlane: 27 };

describe("subnet planner", () => {
    it("carves the prod layout largest blocks first, aligned and without overlap", () => {
        const result = planSubnets("10.40.0.0/16", THREE_AZS, PROD_PREFIXES);
        assert.ok(result.ok);
        assert.deepEqual(subnetsOf(result.plan, "private").map((s) => s.cidr), ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]);
        assert.deepEqual(subnetsOf(result.plan, "public").map((s) => s.cidr), ["10.40.96.0/24", "10.40.97.0/24", "10.40.98.0/24"]);
        assert.deepEqual(subnetsOf(result.plan, "database").map((s) => s.cidr), ["10.40.99.0/24", "10.40.100.0/24", "10.40.101.0/24"]);
        // The /27s come last, right after the last /24 (10.40.101.0/24 ends at 10.40.101.255).
        assert.deepEqual(subnetsOf(result.plan, "controlPlane").map((s) => s.cidr), ["10.40.102.0/27", "10.40.102.32/27", "10.40.102.64/27"]);
        for (const tier of SUBNET_TIERS) assert.deepEqual(subnetsOf(result.plan, tier).map((s) => s.availabilityZone), THREE_AZS, tier);
        assert.equal(result.plan.subnets.length, 12);
    });

    it("plans one subnet per AZ for each of the four tiers, in tier order then AZ order", () => {
        assert.deepEqual([...SUBNET_TIERS], ["private", "public", "database", "controlPlane"]);
        const result = planSubnets("10.40.0.0/16", THREE_AZS, PROD_PREFIXES);
        assert.ok(result.ok);
        assert.deepEqual(result.plan.subnets.map((s) => `${s.tier}@${s.availabilityZone}`),
            SUBNET_TIERS.flatMap((tier) => THREE_AZS.map((az) => `${tier}@${az}`)));
    });

    it("places every subnet inside the VPC and no two subnets overlap", () => {
        const result = planSubnets("10.20.0.0/16", ["a", "b"], { public: 24, private: 20, database: 26, controlPlane: 27 });
        assert.ok(result.ok);
        assert.equal(result.plan.subnets.length, 8);
        for (const subnet of result.plan.subnets) assert.ok(cidrContains("10.20.0.0/16", subnet.cidr), subnet.cidr);
        for (const a of result.plan.subnets) {
            for (const b of result.plan.subnets) {
                if (a !== b) assert.ok(!cidrContains(a.cidr, b.cidr) && !cidrContains(b.cidr, a.cidr), `${a.cidr} overlaps ${b.cidr}`);
            }
        }
    });

    it("uses the whole VPC exactly when the blocks fill it", () => {
        // 2 × (64 + 32 + 16 + 16) = 256 addresses: the whole /24.
        const result = planSubnets("10.0.0.0/24", ["a", "b"], { public: 27, private: 26, database: 28, controlPlane: 28 });
        assert.ok(result.ok);
        assert.deepEqual(result.plan.subnets.map((s) => `${s.tier}:${s.cidr}`), [
            "private:10.0.0.0/26", "private:10.0.0.64/26",
            "public:10.0.0.128/27", "public:10.0.0.160/27",
            "database:10.0.0.192/28", "database:10.0.0.208/28",
            "controlPlane:10.0.0.224/28", "controlPlane:10.0.0.240/28",
        ]);
    });

    it("places control-plane blocks by size, not by tier order, and lists the plan in tier order", () => {
        // The /27 control-plane blocks are larger than the /28 public and database blocks, so they go first.
        const result = planSubnets("10.0.0.0/24", ["a", "b"], { public: 28, private: 26, database: 28, controlPlane: 27 });
        assert.ok(result.ok);
        assert.deepEqual(result.plan.subnets.map((s) => `${s.tier}:${s.availabilityZone}:${s.cidr}`), [
            "private:a:10.0.0.0/26", "private:b:10.0.0.64/26",
            "public:a:10.0.0.192/28", "public:b:10.0.0.208/28",
            "database:a:10.0.0.224/28", "database:b:10.0.0.240/28",
            "controlPlane:a:10.0.0.128/27", "controlPlane:b:10.0.0.160/27",
        ]);
    });

    it("is deterministic: the same inputs give the same layout", () => {
        const args = ["10.40.0.0/16", THREE_AZS, PROD_PREFIXES] as const;
        assert.deepEqual(planSubnets(...args), planSubnets(...args));
    });

    it("refuses a layout that does not fit and says how many addresses it needs, listing every tier", () => {
        // 3 × (2048 + 256 + 256 + 32) = 7776 addresses.
        const result = planSubnets("10.0.0.0/20", THREE_AZS, { public: 24, private: 21, database: 24, controlPlane: 27 });
        assert.ok(!result.ok);
        assert.deepEqual(result.problems, [{
            field: "cidr",
            message: "3 AZs × (private /21 + public /24 + database /24 + controlPlane /27) need 7776 addresses; 10.0.0.0/20 has 4096",
        }]);
    });

    it("counts the control-plane blocks when checking the fit", () => {
        // The other three tiers fill the /24 exactly (2 × (64 + 32 + 32) = 256); the two /28s overflow it.
        const result = planSubnets("10.0.0.0/24", ["a", "b"], { public: 27, private: 26, database: 27, controlPlane: 28 });
        assert.ok(!result.ok);
        assert.deepEqual(result.problems, [{
            field: "cidr",
            message: "2 AZs × (private /26 + public /27 + database /27 + controlPlane /28) need 288 addresses; 10.0.0.0/24 has 256",
        }]);
    });

    it("refuses a subnet prefix not longer than the VPC's, naming the tier", () => {
        const result = planSubnets("10.0.0.0/16", THREE_AZS, { public: 16, private: 19, database: 29, controlPlane: 27 });
        assert.ok(!result.ok);
        assert.deepEqual(result.problems.map((p) => p.field), ["public", "database"]);
    });

    it("checks the control-plane prefix like the others", () => {
        const tooShort = planSubnets("10.0.0.0/16", THREE_AZS, { ...PROD_PREFIXES, controlPlane: 16 });
        assert.ok(!tooShort.ok);
        assert.deepEqual(tooShort.problems, [{ field: "controlPlane", message: "must be longer than the VPC prefix /16" }]);
        const tooLong = planSubnets("10.0.0.0/16", THREE_AZS, { ...PROD_PREFIXES, controlPlane: 29 });
        assert.ok(!tooLong.ok);
        assert.deepEqual(tooLong.problems, [{ field: "controlPlane", message: "must be at most 28 (the smallest subnet AWS allows)" }]);
        const smallest = planSubnets("10.40.0.0/16", THREE_AZS, { ...PROD_PREFIXES, controlPlane: 28 });
        assert.ok(smallest.ok);
        assert.deepEqual(subnetsOf(smallest.plan, "controlPlane").map((s) => s.cidr), ["10.40.102.0/28", "10.40.102.16/28", "10.40.102.32/28"]);
    });

    it("refuses a CIDR with host bits set and names the network address", () => {
        const result = planSubnets("10.0.1.0/16", THREE_AZS, PROD_PREFIXES);
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
