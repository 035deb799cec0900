/** EC2 instance families built on Graviton (arm64) carry a `g` after the generation: m7g, c7gn, r8g. */
export function instanceArchitecture(instanceType: string): "arm64" | "x86_64" {
    const family = instanceType.split(".")[0];
    return /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The EKS-optimized Amazon Linux 2023 AMI type for a set of instance types of one architecture. */
export function amiTypeFor(instanceTypes: string[]): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
    return instanceArchitecture(instanceTypes[0]) === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
