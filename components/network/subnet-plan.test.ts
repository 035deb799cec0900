import { strict as assert } from "node:assert";
import {
    cidrContains, DeployedSubnet, LONGEST_VPC_PREFIX, MAX_ZONE_SLOTS, parseCidr, planSubnets, SUBNET_TIERS, SubnetPlan, SubnetTier, subnetMoves, subnetsOf, ZoneSlot,
} from "./subnet-plan";

/** The dev stack: 10.20.0.0/16 in two zones of us-east-2. */
const DEV_ZONES: ZoneSlot[] = [{ zoneId: "use2-az1", slot: 0 }, { zoneId: "use2-az2", slot: 1 }];
const DEV_PREFIXES = { private: 20, public: 24, database: 26, controlPlane: 27 };
/** The prod stack: 10.40.0.0/16 in three zones of us-east-1, the schema's default prefix lengths. */
const PROD_ZONES: ZoneSlot[] = [{ zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 1 }, { zoneId: "use1-az4", slot: 2 }];
const PROD_PREFIXES = { private: 19, public: 24, database: 24, controlPlane: 27 };

function plan(cidr: string, zones: readonly ZoneSlot[], prefixes: Record<SubnetTier, number>): SubnetPlan {
    const result = planSubnets(cidr, zones, prefixes);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    return result.plan;
}

const byTier = (p: SubnetPlan) => Object.fromEntries(SUBNET_TIERS.map((tier) => [tier, subnetsOf(p, tier).map((s) => `${s.availabilityZoneId} ${s.cidr}`)]));
/** Every subnet as `tier zone cidr`. */
const layout = (p: SubnetPlan) => p.subnets.map((s) => `${s.tier} ${s.availabilityZoneId} ${s.cidr}`);

describe("subnet planner", () => {
    it("lays out the dev stack in fixed slots: each tier in its own region, zone slot i at the i-th quarter of it", () => {
        assert.deepEqual(byTier(plan("10.20.0.0/16", DEV_ZONES, DEV_PREFIXES)), {
            private: ["use2-az1 10.20.0.0/20", "use2-az2 10.20.32.0/20"],
            public: ["use2-az1 10.20.128.0/24", "use2-az2 10.20.132.0/24"],
            database: ["use2-az1 10.20.144.0/26", "use2-az2 10.20.148.0/26"],
            controlPlane: ["use2-az1 10.20.160.0/27", "use2-az2 10.20.161.0/27"],
        });
    });

    it("lays out the prod stack in fixed slots", () => {
        assert.deepEqual(byTier(plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES)), {
            private: ["use1-az1 10.40.0.0/19", "use1-az2 10.40.32.0/19", "use1-az4 10.40.64.0/19"],
            public: ["use1-az1 10.40.128.0/24", "use1-az2 10.40.132.0/24", "use1-az4 10.40.136.0/24"],
            database: ["use1-az1 10.40.144.0/24", "use1-az2 10.40.148.0/24", "use1-az4 10.40.152.0/24"],
            controlPlane: ["use1-az1 10.40.160.0/27", "use1-az2 10.40.161.0/27", "use1-az4 10.40.162.0/27"],
        });
    });

    it("keeps every existing subnet when a zone is added, in dev and in prod", () => {
        const devBefore = layout(plan("10.20.0.0/16", DEV_ZONES, DEV_PREFIXES));
        const devAfter = layout(plan("10.20.0.0/16", [...DEV_ZONES, { zoneId: "use2-az3", slot: 2 }], DEV_PREFIXES));
        assert.deepEqual(devAfter.filter((s) => !s.includes("use2-az3")), devBefore);
        assert.deepEqual(devAfter.filter((s) => s.includes("use2-az3")),
            ["private use2-az3 10.20.64.0/20", "public use2-az3 10.20.136.0/24", "database use2-az3 10.20.152.0/26", "controlPlane use2-az3 10.20.162.0/27"]);

        const prodBefore = layout(plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES));
        const prodAfter = layout(plan("10.40.0.0/16", [...PROD_ZONES, { zoneId: "use1-az6", slot: 3 }], PROD_PREFIXES));
        assert.deepEqual(prodAfter.filter((s) => !s.includes("use1-az6")), prodBefore);
        assert.deepEqual(prodAfter.filter((s) => s.includes("use1-az6")),
            ["private use1-az6 10.40.96.0/19", "public use1-az6 10.40.140.0/24", "database use1-az6 10.40.156.0/24", "controlPlane use1-az6 10.40.163.0/27"]);
    });

    it("keeps the other zones' subnets when a zone in the middle is removed: slots are explicit, not list positions", () => {
        const before = layout(plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES));
        const after = layout(plan("10.40.0.0/16", [PROD_ZONES[0], PROD_ZONES[2]], PROD_PREFIXES));
        assert.deepEqual(after, before.filter((s) => !s.includes("use1-az2")));
        assert.equal(after.length, 8);
    });

    it("moves only the changed tier's subnets when one tier's prefix length changes, and keeps their start addresses", () => {
        const before = plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES);
        const changed = { private: 20, public: 23, database: 26, controlPlane: 28 };
        for (const tier of SUBNET_TIERS) {
            const after = plan("10.40.0.0/16", PROD_ZONES, { ...PROD_PREFIXES, [tier]: changed[tier] });
            for (const other of SUBNET_TIERS.filter((t) => t !== tier)) assert.deepEqual(subnetsOf(after, other), subnetsOf(before, other), `${tier} moved ${other}`);
            assert.deepEqual(subnetsOf(after, tier).map((s) => s.cidr), subnetsOf(before, tier).map((s) => s.cidr.replace(/\/\d+$/, `/${changed[tier]}`)), tier);
        }
    });

    it("lists zones and subnets in slot order, whatever the order of the input", () => {
        const reversed = plan("10.40.0.0/16", [...PROD_ZONES].reverse(), PROD_PREFIXES);
        assert.deepEqual(reversed, plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES));
        assert.deepEqual(reversed.zones, PROD_ZONES);
        assert.deepEqual(reversed.subnets.map((s) => `${s.tier}@${s.slot}`), SUBNET_TIERS.flatMap((tier) => [0, 1, 2].map((slot) => `${tier}@${slot}`)));
    });

    it("fills each tier's region exactly with the largest subnets in every slot, inside the VPC and without overlap", () => {
        const zones = Array.from({ length: MAX_ZONE_SLOTS }, (_, slot) => ({ zoneId: `use1-az${slot + 1}`, slot }));
        const full = plan("10.40.0.0/16", zones, { private: 19, public: 22, database: 22, controlPlane: 24 });
        const regions = { private: "10.40.0.0/17", public: "10.40.128.0/20", database: "10.40.144.0/20", controlPlane: "10.40.160.0/22" };
        for (const tier of SUBNET_TIERS) {
            const subnets = subnetsOf(full, tier);
            for (const s of subnets) assert.ok(cidrContains(regions[tier], s.cidr), `${s.cidr} outside ${regions[tier]}`);
            const size = (cidr: string) => 2 ** (32 - Number(cidr.split("/")[1]));
            assert.equal(subnets.reduce((sum, s) => sum + size(s.cidr), 0), size(regions[tier]), tier);
        }
        for (const a of full.subnets) {
            assert.ok(cidrContains("10.40.0.0/16", a.cidr));
            for (const b of full.subnets) if (a !== b) assert.ok(!cidrContains(a.cidr, b.cidr) && !cidrContains(b.cidr, a.cidr), `${a.cidr} overlaps ${b.cidr}`);
        }
    });

    it("scales the layout with the VPC: a /20 has /23 private, /26 public and database and /28 control-plane slots", () => {
        const small = plan("10.0.0.0/20", DEV_ZONES, { private: 23, public: 26, database: 26, controlPlane: 28 });
        assert.deepEqual(layout(small), [
            "private use2-az1 10.0.0.0/23", "private use2-az2 10.0.2.0/23",
            "public use2-az1 10.0.8.0/26", "public use2-az2 10.0.8.64/26",
            "database use2-az1 10.0.9.0/26", "database use2-az2 10.0.9.64/26",
            "controlPlane use2-az1 10.0.10.0/28", "controlPlane use2-az2 10.0.10.16/28",
        ]);
    });

    it("refuses a VPC too small for the control plane's /28 slots, naming the cidr", () => {
        assert.equal(LONGEST_VPC_PREFIX, 20);
        const result = planSubnets("10.0.0.0/21", DEV_ZONES, DEV_PREFIXES);
        assert.deepEqual(result, { ok: false, problems: [{ field: "cidr", message: "must be a /20 or larger: the smallest slots of the fixed layout are 1/256 of the VPC and a subnet is at least a /28" }] });
    });

    it("refuses a subnet larger than its slot or smaller than a /28, naming the tier, every tier at once", () => {
        const result = planSubnets("10.40.0.0/16", PROD_ZONES, { private: 18, public: 21, database: 29, controlPlane: 23 });
        assert.deepEqual(result, { ok: false, problems: [
            { field: "private", message: "must be 19 or longer: each zone's private subnet lives in a fixed slot of /19 in a /16 VPC" },
            { field: "public", message: "must be 22 or longer: each zone's public subnet lives in a fixed slot of /22 in a /16 VPC" },
            { field: "database", message: "must be at most 28 (the smallest subnet AWS allows)" },
            { field: "controlPlane", message: "must be 24 or longer: each zone's controlPlane subnet lives in a fixed slot of /24 in a /16 VPC" },
        ] });
    });

    it("refuses a slot out of range, a slot taken twice and a zone listed twice, naming each zone by its index", () => {
        const result = planSubnets("10.40.0.0/16", [
            { zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 4 }, { zoneId: "use1-az4", slot: 0 }, { zoneId: "use1-az1", slot: 1.5 },
        ], PROD_PREFIXES);
        assert.deepEqual(result, { ok: false, problems: [
            { field: "slot", zoneIndex: 1, message: "must be 0 to 3: each tier has 4 zone slots" },
            { field: "slot", zoneIndex: 2, message: "is already the slot of use1-az1 (availabilityZones[0])" },
            { field: "slot", zoneIndex: 3, message: "must be 0 to 3: each tier has 4 zone slots" },
            { field: "zoneId", zoneIndex: 3, message: "repeats availabilityZones[0]" },
        ] });
    });

    it("refuses a CIDR with host bits set and names the network address", () => {
        const result = planSubnets("10.0.1.0/16", PROD_ZONES, PROD_PREFIXES);
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

describe("subnet moves", () => {
    const prod = plan("10.40.0.0/16", PROD_ZONES, PROD_PREFIXES);
    /** The subnets as they would be deployed from `p`. */
    const deployedFrom = (p: SubnetPlan): DeployedSubnet[] => p.subnets.map((s, i) => ({ id: `subnet-${i}`, tier: s.tier, availabilityZoneId: s.availabilityZoneId, cidr: s.cidr }));

    it("finds nothing to move when the plan matches what is deployed, or only adds a zone", () => {
        assert.deepEqual(subnetMoves(prod, deployedFrom(prod)), []);
        const fourZones = plan("10.40.0.0/16", [...PROD_ZONES, { zoneId: "use1-az6", slot: 3 }], PROD_PREFIXES);
        assert.deepEqual(subnetMoves(fourZones, deployedFrom(prod)), []);
    });

    it("treats the subnets of a removed zone as removed, not moved", () => {
        assert.deepEqual(subnetMoves(plan("10.40.0.0/16", [PROD_ZONES[0], PROD_ZONES[2]], PROD_PREFIXES), deployedFrom(prod)), []);
    });

    it("reports each subnet of a tier whose prefix length changed", () => {
        const moved = subnetMoves(plan("10.40.0.0/16", PROD_ZONES, { ...PROD_PREFIXES, database: 25 }), deployedFrom(prod));
        assert.deepEqual(moved, [
            { tier: "database", availabilityZoneId: "use1-az1", from: "10.40.144.0/24", to: "10.40.144.0/25", cause: "prefixLength" },
            { tier: "database", availabilityZoneId: "use1-az2", from: "10.40.148.0/24", to: "10.40.148.0/25", cause: "prefixLength" },
            { tier: "database", availabilityZoneId: "use1-az4", from: "10.40.152.0/24", to: "10.40.152.0/25", cause: "prefixLength" },
        ]);
    });

    it("reports every subnet of a zone whose slot changed", () => {
        const moved = subnetMoves(plan("10.40.0.0/16", [PROD_ZONES[0], PROD_ZONES[1], { zoneId: "use1-az4", slot: 3 }], PROD_PREFIXES), deployedFrom(prod));
        assert.deepEqual(moved.map((m) => `${m.tier} ${m.availabilityZoneId} ${m.from} → ${m.to} (${m.cause})`), [
            "private use1-az4 10.40.64.0/19 → 10.40.96.0/19 (slot)",
            "public use1-az4 10.40.136.0/24 → 10.40.140.0/24 (slot)",
            "database use1-az4 10.40.152.0/24 → 10.40.156.0/24 (slot)",
            "controlPlane use1-az4 10.40.162.0/27 → 10.40.163.0/27 (slot)",
        ]);
    });

    it("blames the VPC range when the deployed subnets lie outside the planned VPC", () => {
        const moved = subnetMoves(plan("10.50.0.0/16", PROD_ZONES, PROD_PREFIXES), deployedFrom(prod));
        assert.equal(moved.length, 12);
        assert.deepEqual([...new Set(moved.map((m) => m.cause))], ["cidr"]);
    });

    it("leaves subnets without a tier tag alone", () => {
        const foreign: DeployedSubnet = { id: "subnet-x", tier: undefined, availabilityZoneId: "use1-az1", cidr: "10.40.200.0/24" };
        assert.deepEqual(subnetMoves(prod, [...deployedFrom(prod), foreign]), []);
    });
});
