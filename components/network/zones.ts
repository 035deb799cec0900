/**
 * Availability zones by zone ID. A zone name (`us-east-1a`) maps to a different physical zone
 * in each account of the older regions; a zone ID (`use1-az1`) is the same zone in every
 * account, so the platform configures, names and checks zones by ID.
 */

/**
 * Zone IDs where EKS refuses control-plane subnets (UnsupportedAvailabilityZoneException): the
 * table "Subnet requirements for clusters" of the EKS user guide, network-reqs
 * (docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** Compass words of region codes and their letters in zone IDs (`ap-northeast-1` → `apne1`). */
const DIRECTION_CODES: Record<string, string> = {
    north: "n", south: "s", east: "e", west: "w", central: "c",
    northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw",
};

/**
 * The prefix of a region's zone IDs: the geography code, `g` for GovCloud, the initials of the
 * compass words and the region's number (`us-east-2` → `use2`, `ap-southeast-1` → `apse1`,
 * `us-gov-west-1` → `usgw1`, `cn-northwest-1` → `cnnw1`). The AWS page "AWS Availability
 * Zones" (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)
 * lists every region's zone IDs; its short rule ("the first three letters of the Region code,
 * followed by the number") does not hold for ap-northeast-1 (`apne1`) and the like, this one
 * matches its tables. Undefined for a code that is not a region code.
 */
export function zoneIdPrefix(region: string): string | undefined {
    const match = /^([a-z]{2})-(gov-)?([a-z]+)-(\d+)$/.exec(region);
    const direction = match && DIRECTION_CODES[match[3]];
    if (!match || !direction) return undefined;
    return `${match[1]}${match[2] ? "g" : ""}${direction}${match[4]}`;
}

/** `use2-az1` and the like: a zone ID of some region. */
export const ZONE_ID_PATTERN = /^[a-z]{3,6}\d+-az\d+$/;

/** True when `zoneId` is a zone of `region`. */
export function isZoneOfRegion(zoneId: string, region: string): boolean {
    const prefix = zoneIdPrefix(region);
    return prefix !== undefined && new RegExp(`^${prefix}-az\\d+$`).test(zoneId);
}
