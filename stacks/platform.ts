/**
 * The AWS layer of an environment: keys, network, EKS with its node groups and cluster
 * add-ons that scale and run nodes, the database and the backup storage. Every AWS resource
 * is created through an explicit provider whose default tags carry the tagging standard, so
 * no resource can miss them. The services' image repositories are not here: the bootstrap
 * project (bootstrap/) creates them, since their images must be pushed before the first `up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformAddons } from "./addons";
import { ClusterAddons, planAddons } from "../components/addons/registry";
import { BackupStorage } from "../components/backup/backup-storage";
import { EksCluster } from "../components/cluster/eks-cluster";
import { NodeAddons } from "../components/cluster/node-addons";
import { NodeGroups } from "../components/cluster/node-groups";
import { nodeGroupPlacement, Placement } from "../components/cluster/placement";
import { PostgresDatabase } from "../components/database/postgres";
import { EncryptionKey } from "../components/kms/encryption-key";
import { KeyServiceUse } from "../components/kms/key-policy";
import { Network } from "../components/network/network";
import { PullThroughCacheAccess, roleNameOf } from "../components/registry/pull-through-access";
import { kebabCase, resourcePrefix } from "../components/shared/naming";
import { defaultTags } from "../components/shared/tags";
import { accountChecks } from "./account-checks";
import { StackConfig } from "./config/schema";

export interface Platform {
    /** The AWS provider of the environment's region, with the tagging standard as default tags. */
    awsProvider: aws.Provider;
    network: Network;
    keys: PlatformKeys;
    cluster: EksCluster;
    nodeGroups: NodeGroups;
    /** Where cluster add-ons run: the system node group. */
    systemPlacement: Placement;
    addons: ClusterAddons;
    database: PostgresDatabase;
    backups: BackupStorage;
}

/**
 * One customer-managed key per kind of data, the AWS services that use it directly, and
 * whether backups are encrypted with it (volume snapshots, database snapshots, Velero's
 * objects): those keys are protected with the backups, or destroying the stack would make
 * the backups unreadable. `outlivesStack`: what the key encrypts stays after a `pulumi
 * destroy` of unprotected storage too (the database's final snapshot and retained automated
 * backups; Velero's EBS snapshots and the volumes Kubernetes leaves), so destroy keeps the key.
 */
const KEY_PURPOSES = {
    eksSecrets: { description: "Kubernetes secrets of the EKS cluster", services: [], encryptsBackups: false, outlivesStack: false },
    volumes: { description: "EBS volumes of nodes and persistent volumes, and their snapshots", services: ["ebs"], encryptsBackups: true, outlivesStack: true },
    logs: { description: "CloudWatch log groups (flow logs, control plane, database)", services: ["cloudwatch-logs"], encryptsBackups: false, outlivesStack: false },
    database: { description: "PostgreSQL storage, snapshots and Performance Insights", services: [], encryptsBackups: true, outlivesStack: true },
    // Unprotected backup buckets are emptied with the stack; protected ones keep the key protected.
    backups: { description: "Velero backups in S3", services: [], encryptsBackups: true, outlivesStack: false },
} satisfies Record<string, { description: string; services: KeyServiceUse[]; encryptsBackups: boolean; outlivesStack: boolean }>;

export type PlatformKeys = Record<keyof typeof KEY_PURPOSES, EncryptionKey>;

export function buildPlatform(config: StackConfig): Platform {
    const prefix = resourcePrefix(config.environment);
    // A broken add-on set fails the program before anything is registered.
    const addonSet = planAddons(platformAddons(config));
    const tags = defaultTags({ owner: config.tags.owner, costCenter: config.tags.costCenter, environment: config.environment, extra: config.tags.extra });
    const provider = new aws.Provider("aws", { region: config.aws.region as aws.Region, defaultTags: { tags } });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
    // Passed to every component that creates IAM roles; the cluster hands it on to node groups, add-ons and IRSA roles.
    const { permissionsBoundaryArn } = config.iam;

    const keys = Object.fromEntries(Object.entries(KEY_PURPOSES).map(([purpose, { description, services, encryptsBackups, outlivesStack }]) => [purpose,
        new EncryptionKey(`${prefix}-${kebabCase(purpose)}`, {
            description, deletionWindowDays: config.kms.deletionWindowDays, services,
            protect: encryptsBackups && config.backup.protectStorage, retainOnDelete: outlivesStack,
        }, opts)])) as PlatformKeys;

    const network = new Network(prefix, {
        cidr: config.network.cidr,
        availabilityZones: config.network.availabilityZones,
        subnetPrefixLengths: config.network.subnetPrefixLengths,
        natGateways: config.network.natGateways,
        flowLogs: config.network.flowLogs,
        logsKeyArn: keys.logs.arn,
        preconditions: accountChecks(config, prefix, provider),
        permissionsBoundaryArn,
    }, opts);

    const cluster = new EksCluster(prefix, {
        network,
        kubernetesVersion: config.cluster.kubernetesVersion,
        endpointPublicAccessCidrs: config.cluster.endpointPublicAccessCidrs,
        adminRoleArns: config.cluster.adminRoleArns,
        readOnlyRoleArns: config.cluster.readOnlyRoleArns,
        // The operators of the application namespace: Kubernetes groups that the workloads' RoleBindings name.
        groupAccess: (["readers", "deployers"] as const).flatMap((role) =>
            config.workloadAccess[role].roleArns.map((roleArn) => ({ roleArn, groups: config.workloadAccess[role].groups }))),
        logRetentionDays: config.cluster.logRetentionDays,
        deletionProtection: config.cluster.deletionProtection,
        secretsKeyArn: keys.eksSecrets.arn,
        logsKeyArn: keys.logs.arn,
        permissionsBoundaryArn,
    }, opts);
    const inCluster: pulumi.ComponentResourceOptions = { providers: { aws: provider, kubernetes: cluster.kubernetesProvider } };

    const nodeGroups = new NodeGroups(prefix, {
        cluster,
        amiReleaseVersion: config.cluster.nodeAmiReleaseVersion,
        subnetIds: network.privateSubnetIds,
        availabilityZoneIds: network.availabilityZoneIds,
        groups: config.nodeGroups,
        volumeKeyArn: keys.volumes.arn,
        instanceTags: tags,
    }, opts);
    const nodes = Object.values(nodeGroups.nodeGroups);
    // The kubelet pulls the add-ons' and Redis's images through the account's caches, creating their repositories on first pull.
    const imageCaches = new PullThroughCacheAccess(`${prefix}-nodes`, { roleName: nodeGroups.nodeRoleArn.apply(roleNameOf) }, opts);
    const systemPlacement = nodeGroupPlacement("system", config.nodeGroups.system.taints);

    const nodeAddons = new NodeAddons(prefix, {
        cluster,
        placement: systemPlacement,
        corednsReplicas: Math.max(2, config.network.availabilityZones.length),
        volumeKeyArn: keys.volumes.arn,
        dependsOn: nodes,
    }, opts);

    const database = new PostgresDatabase(`${prefix}-postgres`, {
        vpcId: network.vpcId,
        subnetIds: network.databaseSubnetIds,
        clientSecurityGroupId: cluster.clusterSecurityGroupId,
        ...config.database,
        kmsKeyArn: keys.database.arn,
        logsKeyArn: keys.logs.arn,
        logRetentionDays: config.cluster.logRetentionDays,
        permissionsBoundaryArn,
    }, opts);

    const replicaProvider = config.backup.crossRegionReplication
        ? new aws.Provider("aws-backup-replica", { region: config.aws.backupReplicaRegion as aws.Region, defaultTags: { tags } })
        : undefined;
    const backups = new BackupStorage(`${prefix}-backups`, {
        kmsKeyArn: keys.backups.arn,
        retentionDays: config.backup.bucketRetentionDays,
        noncurrentVersionDays: config.backup.noncurrentVersionRetentionDays,
        keyDeletionWindowDays: config.kms.deletionWindowDays,
        replica: replicaProvider && { provider: replicaProvider, replicationTimeControl: config.backup.replicationTimeControl },
        protect: config.backup.protectStorage,
        permissionsBoundaryArn,
    }, opts);

    const addons = new ClusterAddons(prefix, {
        addons: addonSet,
        context: {
            cluster,
            placement: systemPlacement,
            scalableGroups: nodeGroups.layout,
            prerequisites: [...nodes, nodeAddons, imageCaches],
            volumesKeyArn: keys.volumes.arn,
            backups,
        },
    }, inCluster);

    return { awsProvider: provider, network, keys, cluster, nodeGroups, systemPlacement, addons, database, backups };
}
