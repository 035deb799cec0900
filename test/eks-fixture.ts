/**
 * An EKS cluster on its own network, for tests of the components built on it. Call it inside
 * a `registrationsOf` build function.
 */
import { EksCluster, EksClusterArgs } from "../components/cluster/eks-cluster";
import { Network } from "../components/network/network";

export const KEYS = {
    secrets: "arn:aws:kms:us-east-1:123456789012:key/eks-secrets",
    logs: "arn:aws:kms:us-east-1:123456789012:key/logs",
    volumes: "arn:aws:kms:us-east-1:123456789012:key/volumes",
};

export const CLUSTER_ARGS: Omit<EksClusterArgs, "network"> = {
    kubernetesVersion: "1.36",
    endpointPublicAccessCidrs: [],
    adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
    readOnlyRoleArns: ["arn:aws:iam::123456789012:role/platform-readonly"],
    logRetentionDays: 365,
    deletionProtection: true,
    secretsKeyArn: KEYS.secrets,
    logsKeyArn: KEYS.logs,
};

export function networkAndCluster(name = "prod", args: Partial<Omit<EksClusterArgs, "network">> = {}): { network: Network; cluster: EksCluster } {
    const network = new Network(`${name}-net`, {
        cidr: "10.40.0.0/16",
        availabilityZones: [{ zoneId: "use1-az1", slot: 0 }, { zoneId: "use1-az2", slot: 1 }, { zoneId: "use1-az4", slot: 2 }],
        subnetPrefixLengths: { public: 24, private: 19, database: 24, controlPlane: 27 },
        natGateways: "single",
        flowLogs: { retentionDays: 30, trafficType: "ALL" },
        logsKeyArn: KEYS.logs,
    });
    const cluster = new EksCluster(name, { ...CLUSTER_ARGS, ...args, network });
    return { network, cluster };
}
