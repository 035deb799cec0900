/**
 * Pure IPv4 subnet planning in fixed slots: each tier owns a fixed region of the VPC and each
 * zone a fixed slot in every tier's region, so adding a zone never moves a subnet, removing one
 * moves no other, and changing one tier's prefix length moves only that tier's subnets.
 */

/**
 * `controlPlane` holds only the EKS control plane's network interfaces, so the cluster's
 * network policies can tell the API server (and its webhook calls) apart from nodes and pods.
 */
export const SUBNET_TIERS = ["private", "public", "database", "controlPlane"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Zones per VPC: each tier's region has this many slots. */
export const MAX_ZONE_SLOTS = 4;

/**
 * The layout, relative to the VPC: a tier's region starts `start` 64ths into the VPC and is
 * 1/2^`depth` of it; zone slot i is the i-th quarter of the region. In a /16: private x.x.0.0/17
 * (slots /19), public x.x.128.0/20 (slots /22), database x.x.144.0/20 (slots /22), control plane
 * x.x.160.0/22 (slots /24); x.x.164.0 to x.x.255.255 (36%) stays free for tiers to come.
 */
const TIER_REGIONS: Record<SubnetTier, { start: number; depth: number }> = {
    private: { start: 0, depth: 1 }, // the VPC CNI gives every pod a VPC address: half the VPC
    public: { start: 32, depth: 4 },
    database: { start: 36, depth: 4 },
    controlPlane: { start: 40, depth: 6 },
};

/** The smallest subnet AWS allows. */
const LONGEST_PREFIX = 28;
const SLOT_DEPTH = Math.log2(MAX_ZONE_SLOTS);
/** The shortest VPC prefix whose smallest slots still hold a /28. */
export const LONGEST_VPC_PREFIX = LONGEST_PREFIX - SLOT_DEPTH - Math.max(...Object.values(TIER_REGIONS).map((r) => r.depth));

/** A zone (by zone ID) and its slot in every tier's region. */
export interface ZoneSlot {
    zoneId: string;
    slot: number;
}

export interface PlannedSubnet {
    tier: SubnetTier;
    availabilityZoneId: string;
    slot: number;
    cidr: string;
}

export interface SubnetPlan {
    vpcCidr: string;
    /** The zones in slot order. */
    zones: ZoneSlot[];
    /** Tier by tier, each in slot order. */
    subnets: PlannedSubnet[];
}

/**
 * A problem found while planning, tied to the input it comes from: the VPC's `cidr`, the tier
 * whose prefix length is at fault, or the `slot` or `zoneId` of the zone at `zoneIndex`.
 */
export type PlanProblem =
    | { field: "cidr" | SubnetTier; message: string }
    | { field: "slot" | "zoneId"; zoneIndex: number; message: string };

/**
 * The cluster IPs of Kubernetes Services: set on the EKS cluster (so network policies can name
 * the API server's service address) and kept out of the VPC's range by the config schema.
 */
export const SERVICE_CIDR = "172.20.0.0/16";

/**
 * Where a problem sits in the Network's args, which the `network` config key mirrors:
 * `cidr`, `subnetPrefixLengths.<tier>`, `availabilityZones[<i>].slot` or `.zoneId`.
 */
export function problemPath(problem: PlanProblem): (string | number)[] {
    if (problem.field === "cidr") return ["cidr"];
    if (problem.field === "slot" || problem.field === "zoneId") return ["availabilityZones", problem.zoneIndex, problem.field];
    return ["subnetPrefixLengths", problem.field];
}

/** `problemPath` as `pulumi config set --path` spells it. */
export function formatProblemPath(problem: PlanProblem): string {
    return problemPath(problem).reduce<string>((acc, part) => typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part, "");
}

export type PlanResult = { ok: true; plan: SubnetPlan } | { ok: false; problems: PlanProblem[] };

interface Ipv4Block {
    base: number;
    prefixLength: number;
}

/** Parses `a.b.c.d/n`; returns a reason when it is not a valid, aligned IPv4 CIDR. */
export function parseCidr(cidr: string): Ipv4Block | string {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) return `"${cidr}" is not an IPv4 CIDR (a.b.c.d/n)`;
    const octets = match.slice(1, 5).map(Number);
    const prefixLength = Number(match[5]);
    if (octets.some((o) => o > 255) || prefixLength > 32) return `"${cidr}" is not an IPv4 CIDR (a.b.c.d/n)`;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % blockSize(prefixLength) !== 0) {
        return `"${cidr}" has host bits set; the network address is ${formatCidr({ base: base - (base % blockSize(prefixLength)), prefixLength })}`;
    }
    return { base, prefixLength };
}

export function formatCidr(block: Ipv4Block): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${block.prefixLength}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    if (typeof o === "string" || typeof i === "string") return false;
    return i.prefixLength >= o.prefixLength && i.base >= o.base && i.base + blockSize(i.prefixLength) <= o.base + blockSize(o.prefixLength);
}

function blockSize(prefixLength: number): number {
    return 2 ** (32 - prefixLength);
}

/** The prefix length of a tier's slots in a VPC of prefix length `vpcPrefix`. */
export function slotPrefixLength(tier: SubnetTier, vpcPrefix: number): number {
    return vpcPrefix + TIER_REGIONS[tier].depth + SLOT_DEPTH;
}

export function planSubnets(vpcCidr: string, zones: readonly ZoneSlot[], prefixLengths: Record<SubnetTier, number>): PlanResult {
    const vpc = parseCidr(vpcCidr);
    if (typeof vpc === "string") return { ok: false, problems: [{ field: "cidr", message: vpc }] };
    if (vpc.prefixLength > LONGEST_VPC_PREFIX) {
        return { ok: false, problems: [{ field: "cidr", message: `must be a /${LONGEST_VPC_PREFIX} or larger: the smallest slots of the fixed layout are 1/${2 ** (LONGEST_PREFIX - LONGEST_VPC_PREFIX)} of the VPC and a subnet is at least a /${LONGEST_PREFIX}` }] };
    }

    const problems: PlanProblem[] = [];
    for (const tier of SUBNET_TIERS) {
        const length = prefixLengths[tier];
        const slot = slotPrefixLength(tier, vpc.prefixLength);
        if (length < slot) {
            problems.push({ field: tier, message: `must be ${slot} or longer: each zone's ${tier} subnet lives in a fixed slot of /${slot} in a /${vpc.prefixLength} VPC` });
        } else if (length > LONGEST_PREFIX) {
            problems.push({ field: tier, message: `must be at most ${LONGEST_PREFIX} (the smallest subnet AWS allows)` });
        }
    }
    problems.push(...zoneProblems(zones));
    if (problems.length > 0) return { ok: false, problems };

    const inSlotOrder = [...zones].sort((a, b) => a.slot - b.slot);
    const vpcSize = blockSize(vpc.prefixLength);
    const subnets = SUBNET_TIERS.flatMap((tier) => inSlotOrder.map((zone) => {
        const { start, depth } = TIER_REGIONS[tier];
        const base = vpc.base + (start * vpcSize) / 64 + zone.slot * (vpcSize / 2 ** (depth + SLOT_DEPTH));
        return { tier, availabilityZoneId: zone.zoneId, slot: zone.slot, cidr: formatCidr({ base, prefixLength: prefixLengths[tier] }) };
    }));
    return { ok: true, plan: { vpcCidr, zones: inSlotOrder.map(({ zoneId, slot }) => ({ zoneId, slot })), subnets } };
}

/** Slots out of range or taken twice, and zones listed twice. */
export function zoneProblems(zones: readonly ZoneSlot[]): PlanProblem[] {
    const problems: PlanProblem[] = [];
    const slotOwners = new Map<number, number>();
    const zoneIndexes = new Map<string, number>();
    zones.forEach((zone, i) => {
        if (!Number.isInteger(zone.slot) || zone.slot < 0 || zone.slot >= MAX_ZONE_SLOTS) {
            problems.push({ field: "slot", zoneIndex: i, message: `must be 0 to ${MAX_ZONE_SLOTS - 1}: each tier has ${MAX_ZONE_SLOTS} zone slots` });
        } else if (slotOwners.has(zone.slot)) {
            const owner = slotOwners.get(zone.slot)!;
            problems.push({ field: "slot", zoneIndex: i, message: `is already the slot of ${zones[owner].zoneId} (availabilityZones[${owner}])` });
        } else {
            slotOwners.set(zone.slot, i);
        }
        if (zoneIndexes.has(zone.zoneId)) problems.push({ field: "zoneId", zoneIndex: i, message: `repeats availabilityZones[${zoneIndexes.get(zone.zoneId)}]` });
        else zoneIndexes.set(zone.zoneId, i);
    });
    return problems;
}

/** The subnets of one tier, in slot order. */
export function subnetsOf(plan: SubnetPlan, tier: SubnetTier): PlannedSubnet[] {
    return plan.subnets.filter((s) => s.tier === tier);
}

/** A subnet that exists in the VPC, as EC2 describes it. */
export interface DeployedSubnet {
    id: string;
    /** Its `tier` tag; other subnets of the VPC are not the planner's. */
    tier: string | undefined;
    availabilityZoneId: string;
    cidr: string;
}

/** A deployed subnet whose planned range differs from its own: AWS would replace it. */
export interface SubnetMove {
    tier: SubnetTier;
    availabilityZoneId: string;
    /** The deployed range and the planned one. */
    from: string;
    to: string;
    /** What changed: the VPC's range, the tier's prefix length, or the zone's slot. */
    cause: "cidr" | "prefixLength" | "slot";
}

/**
 * The deployed subnets that the plan would move, in plan order. A deployed subnet of a zone the
 * plan no longer has is a removal, not a move, and subnets without a tier tag are left alone.
 */
export function subnetMoves(plan: SubnetPlan, deployed: readonly DeployedSubnet[]): SubnetMove[] {
    return plan.subnets.flatMap((planned): SubnetMove[] => {
        const subnet = deployed.find((d) => d.tier === planned.tier && d.availabilityZoneId === planned.availabilityZoneId);
        if (!subnet || planned.cidr === subnet.cidr) return [];
        const prefixLength = (cidr: string) => (parseCidr(cidr) as Ipv4Block).prefixLength;
        const cause = !cidrContains(plan.vpcCidr, subnet.cidr) ? "cidr"
            : prefixLength(subnet.cidr) !== prefixLength(planned.cidr) ? "prefixLength" : "slot";
        return [{ tier: planned.tier, availabilityZoneId: planned.availabilityZoneId, from: subnet.cidr, to: planned.cidr, cause }];
    });
}
