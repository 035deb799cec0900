/**
 * Security groups for the database's client pods: the database admits one security group, and
 * only pods a SecurityGroupPolicy selects carry it, on a branch network interface of their own.
 * Node-wide security groups (the cluster's, which every node and host-network pod carries) no
 * longer reach PostgreSQL. Pure: the objects and the checks; PostgresDatabase creates the group.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Instance families whose nodes cannot attach branch network interfaces (IsTrunkingCompatible
 * false in amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go at b8d4251): burstable and
 * pre-Nitro families. A selected pod on such a node stays Pending. (i3 and i4i support it except
 * their metal sizes, which the platform does not use.)
 */
const NO_BRANCH_INTERFACES = new Set([
    "c1", "c3", "c4", "d2", "f1", "h1", "i2", "m1", "m2", "m3", "m4", "p3", "r3", "r4", "t1", "t2", "t3", "t3a", "t4g", "u-6tb1", "x1", "x1e",
]);

/** Whether pods on this instance type can have security groups of their own. */
export function supportsPodSecurityGroups(instanceType: string): boolean {
    const [family, size] = instanceType.split(".");
    if ((family === "i3" || family === "i4i") && size === "metal") return false;
    return !NO_BRANCH_INTERFACES.has(family);
}

/** The annotation that rolls a client's pods when its security groups change: the policy applies to pods as they are admitted. */
export const SECURITY_GROUPS_ANNOTATION = "signal-trading.io/security-groups";

/**
 * A SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1, installed by EKS): the selected pods get
 * exactly these groups on their branch interface, in place of the node's. The cluster's group
 * stays first, so they still talk to the other pods, CoreDNS and the kubelet as before; the
 * client group is what the database admits.
 */
export function renderDatabaseClientPolicy(namespace: string, name: string, pods: Record<string, string>, groupIds: pulumi.Input<string>[]) {
    return {
        apiVersion: "vpcresources.k8s.aws/v1beta1",
        kind: "SecurityGroupPolicy",
        metadata: { name, namespace, labels: { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" } },
        spec: { podSelector: { matchLabels: pods }, securityGroups: { groupIds } },
    };
}
