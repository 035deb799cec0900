/**
 * CIDR arithmetic for the network gates: how many addresses a list of CIDRs opens. A list is
 * judged by what it covers together, not by its entries' spelling, so `0.0.0.0/1` plus
 * `128.0.0.0/1` counts as the whole IPv4 internet and overlapping entries count once. The
 * program's config schema checks the same numbers with these functions (the pack imports
 * nothing outside policy-pack/, so the program imports from here).
 */

export type IpFamily = "ipv4" | "ipv6";

export interface CidrRange {
    family: IpFamily;
    /** First and last address of the block, as integers. */
    first: bigint;
    last: bigint;
    prefixLength: number;
}

const BITS: Record<IpFamily, number> = { ipv4: 32, ipv6: 128 };

/** The address range of a CIDR (`a.b.c.d/n` or an IPv6 prefix), or a reason it is not one. */
export function parseCidrRange(text: string): CidrRange | string {
    const slash = text.indexOf("/");
    if (slash < 0) return `${JSON.stringify(text)} is not a CIDR (address/prefix length)`;
    const address = text.slice(0, slash);
    const lengthText = text.slice(slash + 1);
    const family: IpFamily = address.includes(":") ? "ipv6" : "ipv4";
    const value = family === "ipv4" ? parseIpv4(address) : parseIpv6(address);
    if (value === undefined) return `${JSON.stringify(text)} has no valid ${family === "ipv4" ? "IPv4" : "IPv6"} address`;
    const bits = BITS[family];
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > bits) return `${JSON.stringify(text)} has no valid prefix length (0 to ${bits})`;
    const prefixLength = Number(lengthText);
    const size = 1n << BigInt(bits - prefixLength);
    // Host bits set (10.0.0.1/8) mean a typo or a misunderstanding; AWS refuses them too.
    if (value % size !== 0n) return `${JSON.stringify(text)} has host bits set beyond its /${prefixLength} prefix`;
    return { family, first: value, last: value + size - 1n, prefixLength };
}

function parseIpv4(address: string): bigint | undefined {
    const parts = address.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
    return parts.reduce((sum, p) => (sum << 8n) + BigInt(p), 0n);
}

function parseIpv6(address: string): bigint | undefined {
    const halves = address.split("::");
    if (halves.length > 2) return undefined;
    const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
    const head = groupsOf(halves[0]);
    const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
    const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return groups.reduce((sum, g) => (sum << 16n) + BigInt(parseInt(g, 16)), 0n);
}

export interface Coverage {
    /** Distinct addresses covered per family, overlaps counted once. */
    addresses: Record<IpFamily, bigint>;
    /** The entries that are not CIDRs, with the reason. */
    invalid: { cidr: string; problem: string }[];
}

/** How many distinct addresses of each family a list of CIDRs covers. */
export function cidrCoverage(cidrs: readonly string[]): Coverage {
    const invalid: Coverage["invalid"] = [];
    const ranges: Record<IpFamily, CidrRange[]> = { ipv4: [], ipv6: [] };
    for (const cidr of cidrs) {
        const parsed = parseCidrRange(cidr);
        if (typeof parsed === "string") invalid.push({ cidr, problem: parsed });
        else ranges[parsed.family].push(parsed);
    }
    return { addresses: { ipv4: unionSize(ranges.ipv4), ipv6: unionSize(ranges.ipv6) }, invalid };
}

function unionSize(ranges: CidrRange[]): bigint {
    const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let total = 0n;
    let end = -1n;
    for (const range of sorted) {
        if (range.last <= end) continue;
        total += range.last - (range.first > end ? range.first : end + 1n) + 1n;
        end = range.last;
    }
    return total;
}

/** The most addresses per family a list may open: one /n block of each family. */
export interface CoverageLimit {
    ipv4PrefixLength: number;
    ipv6PrefixLength: number;
}

/**
 * /24 is the longest IPv4 prefix the internet routes between networks, so one operator network
 * needs no more; /48, the longest IPv6 prefix routed between networks and one site's
 * allocation, is its IPv6 counterpart.
 */
export const DEFAULT_COVERAGE_LIMIT: CoverageLimit = { ipv4PrefixLength: 24, ipv6PrefixLength: 48 };

/** Why a list of CIDRs opens more than `limit`: one problem per invalid entry and per family over its limit. */
export function coverageProblems(cidrs: readonly string[], limit: CoverageLimit = DEFAULT_COVERAGE_LIMIT): string[] {
    const { addresses, invalid } = cidrCoverage(cidrs);
    const problems = invalid.map((i) => i.problem);
    for (const [family, prefixLength] of [["ipv4", limit.ipv4PrefixLength], ["ipv6", limit.ipv6PrefixLength]] as const) {
        const max = 1n << BigInt(BITS[family] - prefixLength);
        if (addresses[family] > max) {
            problems.push(`together cover ${addresses[family]} ${family === "ipv4" ? "IPv4" : "IPv6"} addresses, more than one /${prefixLength} (${max})`);
        }
    }
    return problems;
}
