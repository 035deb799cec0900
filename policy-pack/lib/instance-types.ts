/**
 * What a node of an EC2 instance type offers pods: the instance types the platform's node
 * groups use and their neighbours, with the reservations EKS's AMIs make on them.
 *
 * vCPUs and memory are the EC2 instance type specifications. ENIs and IPv4 addresses per ENI
 * are EC2's network interface limits; with the VPC CNI (no prefix delegation) a node runs at
 * most ENIs × (IPv4 per ENI − 1) + 2 pods, the formula and the values of eni-max-pods.txt of
 * amazon-eks-ami (awslabs/amazon-eks-ami, templates/shared/runtime/eni-max-pods.txt), which
 * nodeadm on AL2023 reads. A type missing here is a violation of the capacity gate: add it,
 * with all four numbers from the AWS documentation, when a node group starts using it.
 *
 * Allocatable follows nodeadm's kubelet config on AL2023 (internal/kubelet/config.go, the same
 * numbers as AL2's bootstrap.sh): kube-reserved CPU 6 % of the first core, 1 % of the second,
 * 0.5 % of the third and fourth, 0.25 % of every further core; kube-reserved memory
 * 255Mi + 11Mi × max pods; no system-reserved; hard eviction at 100Mi of free memory.
 * Simplification: memory capacity is the nominal instance memory; the kernel keeps a few per
 * cent of it, so a node's real allocatable memory is somewhat lower (the capacity gate's
 * headroom covers it).
 */

export interface InstanceType {
    vcpu: number;
    memoryGiB: number;
    /** Network interfaces the instance type attaches at most. */
    enis: number;
    /** IPv4 addresses per network interface. */
    ipv4PerEni: number;
}

const sizes = (families: string[], size: string, spec: InstanceType) => families.map((family) => [`${family}.${size}`, spec] as const);
const GENERAL_PURPOSE = ["m6i", "m6a", "m7i", "m7a", "m7g"];
const BURSTABLE = ["t3", "t3a"];

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = Object.fromEntries([
    // EKS launches t3.medium when neither the node group nor its launch template names a type.
    ["t3.medium", { vcpu: 2, memoryGiB: 4, enis: 3, ipv4PerEni: 6 }],
    ...sizes(BURSTABLE, "large", { vcpu: 2, memoryGiB: 8, enis: 3, ipv4PerEni: 12 }),
    ...sizes(BURSTABLE, "xlarge", { vcpu: 4, memoryGiB: 16, enis: 4, ipv4PerEni: 15 }),
    ...sizes(BURSTABLE, "2xlarge", { vcpu: 8, memoryGiB: 32, enis: 4, ipv4PerEni: 15 }),
    ...sizes(GENERAL_PURPOSE, "large", { vcpu: 2, memoryGiB: 8, enis: 3, ipv4PerEni: 10 }),
    ...sizes(GENERAL_PURPOSE, "xlarge", { vcpu: 4, memoryGiB: 16, enis: 4, ipv4PerEni: 15 }),
    ...sizes(GENERAL_PURPOSE, "2xlarge", { vcpu: 8, memoryGiB: 32, enis: 4, ipv4PerEni: 15 }),
    ...sizes(GENERAL_PURPOSE, "4xlarge", { vcpu: 16, memoryGiB: 64, enis: 8, ipv4PerEni: 30 }),
    ["c7i.large", { vcpu: 2, memoryGiB: 4, enis: 3, ipv4PerEni: 10 }],
    ["c7i.xlarge", { vcpu: 4, memoryGiB: 8, enis: 4, ipv4PerEni: 15 }],
    ["r7i.large", { vcpu: 2, memoryGiB: 16, enis: 3, ipv4PerEni: 10 }],
    ["r7i.xlarge", { vcpu: 4, memoryGiB: 32, enis: 4, ipv4PerEni: 15 }],
]);

const MI = 2 ** 20;
const GI = 2 ** 30;

/** The VPC CNI's pod limit of a node (eni-max-pods.txt): ENIs × (IPv4 per ENI − 1) + 2 host-network pods. */
export function maxPodsOf(type: InstanceType): number {
    return type.enis * (type.ipv4PerEni - 1) + 2;
}

/** nodeadm's kube-reserved CPU in millicores for a node of `vcpu` cores (integer arithmetic, as nodeadm's). */
export function kubeReservedMillicores(vcpu: number): number {
    const total = vcpu * 1000;
    const ranges: [number, number, number][] = [[0, 1000, 600], [1000, 2000, 100], [2000, 4000, 50], [4000, total, 25]];
    return ranges.reduce((sum, [start, end, basisPoints]) =>
        sum + (total <= start ? 0 : Math.floor((Math.min(total, end) - start) * basisPoints / 10000)), 0);
}

/** nodeadm's kube-reserved memory in Mi: 255Mi plus 11Mi per pod the node may run. */
export function kubeReservedMemoryMi(maxPods: number): number {
    return 255 + 11 * maxPods;
}

/** The kubelet's hard eviction threshold on AL2023: memory.available < 100Mi. */
export const EVICTION_HARD_MEMORY_MI = 100;

/** What the scheduler may place on one node: CPU in cores, memory in bytes, pods. */
export interface Allocatable {
    cpu: number;
    memory: number;
    pods: number;
}

/** The allocatable resources of a node of `instanceType`, or undefined when the table does not list it. */
export function allocatableOf(instanceType: string): Allocatable | undefined {
    const type = Object.hasOwn(INSTANCE_TYPES, instanceType) ? INSTANCE_TYPES[instanceType] : undefined;
    if (!type) return undefined;
    const pods = maxPodsOf(type);
    return {
        cpu: (type.vcpu * 1000 - kubeReservedMillicores(type.vcpu)) / 1000,
        memory: type.memoryGiB * GI - (kubeReservedMemoryMi(pods) + EVICTION_HARD_MEMORY_MI) * MI,
        pods,
    };
}
