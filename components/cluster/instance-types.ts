/**
 * The CPU architecture of an EC2 instance type. Graviton families carry a `g` after the
 * generation (m7g, c7gn, r8g); a1 is the first Graviton and has none.
 */
export function instanceArchitecture(instanceType: string): "arm64" | "x86_64" {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The EKS-optimized Amazon Linux 2023 AMI type for instance types of one architecture. */
export function amiTypeFor(instanceTypes: string[]): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
    const architectures = new Set(instanceTypes.map(instanceArchitecture));
    if (architectures.size !== 1) throw new Error(`node group instance types must share one architecture: ${instanceTypes.join(", ")}`);
    return architectures.has("arm64") ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/** An instance type a node group lists that EC2 does not offer in some of the zones. */
export interface MissingOffering {
    group: string;
    instanceType: string;
    zoneIds: string[];
}

/**
 * The instance types of each group that some zone does not offer (`offered`: the pairs EC2's
 * instance-type offerings list by zone ID). Every group needs every type in every zone: a group
 * spanning the zones would otherwise be refused by EKS, and a zonal group has one per zone.
 */
export function missingOfferings(groups: Record<string, { instanceTypes: string[] }>, zoneIds: string[], offered: { instanceType: string; zoneId: string }[]): MissingOffering[] {
    return Object.entries(groups).flatMap(([group, { instanceTypes }]) => instanceTypes.flatMap((instanceType) => {
        const missing = zoneIds.filter((zoneId) => !offered.some((o) => o.instanceType === instanceType && o.zoneId === zoneId));
        return missing.length > 0 ? [{ group, instanceType, zoneIds: missing }] : [];
    }));
}
