/**
 * Pure IPv4 subnet planning: carves one subnet per availability zone for each tier out of
 * the VPC CIDR. Blocks are placed largest first, so every block lands on a boundary of its
 * own size without gaps, and the same inputs always give the same layout.
 */

/**
 * `controlPlane` holds only the EKS control plane's network interfaces, so the cluster's
 * network policies can tell the API server (and its webhook calls) apart from nodes and pods.
 */
export const SUBNET_TIERS = ["private", "public", "database", "controlPlane"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export interface PlannedSubnet {
    tier: SubnetTier;
    availabilityZone: string;
    cidr: string;
}

export interface SubnetPlan {
    vpcCidr: string;
    subnets: PlannedSubnet[];
}

/** A problem found while planning, tied to the input it comes from. */
export interface PlanProblem {
    /** `cidr`, or the tier whose prefix length is at fault. */
    field: "cidr" | SubnetTier;
    message: string;
}

/**
 * The cluster IPs of Kubernetes Services: set on the EKS cluster (so network policies can name
 * the API server's service address) and kept out of the VPC's range by the config schema.
 */
export const SERVICE_CIDR = "172.20.0.0/16";

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

export function planSubnets(
    vpcCidr: string,
    availabilityZones: readonly string[],
    prefixLengths: Record<SubnetTier, number>,
): PlanResult {
    const vpc = parseCidr(vpcCidr);
    if (typeof vpc === "string") return { ok: false, problems: [{ field: "cidr", message: vpc }] };

    const problems: PlanProblem[] = [];
    for (const tier of SUBNET_TIERS) {
        const length = prefixLengths[tier];
        if (length <= vpc.prefixLength) {
            problems.push({ field: tier, message: `must be longer than the VPC prefix /${vpc.prefixLength}` });
        } else if (length > 28) {
            problems.push({ field: tier, message: "must be at most 28 (the smallest subnet AWS allows)" });
        }
    }
    if (problems.length > 0) return { ok: false, problems };

    const requests = SUBNET_TIERS.flatMap((tier) =>
        availabilityZones.map((availabilityZone) => ({ tier, availabilityZone, prefixLength: prefixLengths[tier] })),
    );
    // Stable sort: largest blocks first; ties keep tier order, then AZ order.
    const ordered = [...requests].sort((a, b) => a.prefixLength - b.prefixLength);
    const vpcEnd = vpc.base + blockSize(vpc.prefixLength);
    let next = vpc.base;
    const placed = new Map<(typeof requests)[number], string>();
    for (const request of ordered) {
        placed.set(request, formatCidr({ base: next, prefixLength: request.prefixLength }));
        next += blockSize(request.prefixLength);
    }
    if (next > vpcEnd) {
        const needed = next - vpc.base;
        return {
            ok: false,
            problems: [{
                field: "cidr",
                message: `${availabilityZones.length} AZs × (${SUBNET_TIERS.map((t) => `${t} /${prefixLengths[t]}`).join(" + ")}) need ${needed} addresses; ${vpcCidr} has ${blockSize(vpc.prefixLength)}`,
            }],
        };
    }
    return {
        ok: true,
        plan: {
            vpcCidr,
            subnets: requests.map((r) => ({ tier: r.tier, availabilityZone: r.availabilityZone, cidr: placed.get(r)! })),
        },
    };
}

/** The subnets of one tier, in AZ order. */
export function subnetsOf(plan: SubnetPlan, tier: SubnetTier): PlannedSubnet[] {
    return plan.subnets.filter((s) => s.tier === tier);
}
