/**
 * The AWS layer of an environment: keys, network, EKS with its node groups and cluster
 * add-ons that scale and run nodes, the cluster's admission policies, the database and the
 * backup storage. Every AWS resource is created through an explicit provider whose default
 * tags carry the tagging standard, so no resource can miss them. The services' image
 * repositories are not here: the bootstrap project (bootstrap/) creates them, since their
 * images must be pushed before the first `up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformAddons } from "./addons";
import { AdmissionPolicies } from "../components/admission/admission-policies";
import { systemWorkloads } from "../components/admission/system-workloads";
import { ClusterAddons, planAddons } from "../components/addons/registry";
import { ControlPlaneAudit } from "../components/audit/control-plane-audit";
import { BackupStorage, replicationRoleName } from "../components/backup/backup-storage";
import { EksCluster } from "../components/cluster/eks-cluster";
import { NodeAddons } from "../components/cluster/node-addons";
import { NodeGroups } from "../components/cluster/node-groups";
import { nodeGroupPlacement, Placement } from "../components/cluster/placement";
import { PostgresDatabase } from "../components/database/postgres";
import { EncryptionKey, KeyAdministrators } from "../components/kms/encryption-key";
import { KeyServiceUse, KeyUser } from "../components/kms/key-policy";
import { Network } from "../components/network/network";
import { waitingFor } from "../components/shared/ordering";
import { APPLICATION_NAMESPACE_LABELS } from "../components/workload/namespace";
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
    /** Saved queries and alarms over the control plane's audit log. */
    audit: ControlPlaneAudit;
    nodeGroups: NodeGroups;
    /** Where cluster add-ons run: the system node group. */
    systemPlacement: Placement;
    addons: ClusterAddons;
    /** The API server's own checks of what Pulumi does not create; the workloads wait for them. */
    admission: AdmissionPolicies;
    database: PostgresDatabase;
    backups: BackupStorage;
}

/** The backup storage component's name, whose replication role the backups key names. */
const backupStorageName = (prefix: string) => `${prefix}-backups`;

/**
 * One customer-managed key per kind of data, the AWS services that use it directly, the roles
 * of this program that use it (by the logical name of each role: EksCluster's, NodeAddons' EBS
 * CSI driver, the Velero add-on's, BackupStorage's replication role; test/program.test.ts
 * checks that each names a role of the plan), and whether it holds state: backups (volume
 * snapshots, database snapshots, Velero's objects) or what the running cluster cannot lose
 * (the EKS secrets: a cluster whose secrets key is gone cannot read a Secret again). Those keys
 * are protected with the backups, or destroying the stack would make the data unreadable.
 * `outlivesStack`: what the key encrypts stays after a `pulumi destroy` of unprotected storage
 * too (the database's final snapshot and retained automated backups; Velero's EBS snapshots and
 * the volumes Kubernetes leaves), so destroy keeps the key. The EKS secrets go with the
 * cluster, so a dev destroy deletes their key.
 *
 * Nobody else uses a key: RDS and EKS use the database and secrets keys through the grants
 * their creator (the break-glass or deploy role) makes; nodes make no KMS call (EBS decrypts
 * their volumes through the grants Auto Scaling and the CSI driver make); CloudWatch Logs is a
 * service statement.
 */
const KEY_PURPOSES = {
    eksSecrets: {
        description: "Kubernetes secrets of the EKS cluster", services: [], holdsState: true, outlivesStack: false,
        // The control plane calls KMS itself with its role (the actions of EksCluster's secrets-key policy).
        users: (prefix) => [{ sid: "EksControlPlaneEncryptsSecrets", roleNamePrefixes: [`${prefix}-cluster-role`], actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"] }],
    },
    volumes: {
        description: "EBS volumes of nodes and persistent volumes, and their snapshots", services: ["ebs"], holdsState: true, outlivesStack: true,
        users: (prefix) => [
            { sid: "EbsCsiDriverCreatesVolumes", roleNamePrefixes: [`${prefix}-ebs-csi-role`], via: "ec2", grantsForAwsResources: true },
            {
                sid: "VeleroRestoresVolumes", roleNamePrefixes: [`${prefix}-velero-role`], via: "ec2", grantsForAwsResources: true,
                actions: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*", "kms:DescribeKey"],
            },
        ],
    },
    logs: {
        description: "CloudWatch log groups (flow logs, control plane, database, containers) and the control-plane alarms' topic",
        services: ["cloudwatch-logs", "cloudwatch-alarms"], holdsState: false, outlivesStack: false, users: () => [],
    },
    database: { description: "PostgreSQL storage, snapshots and Performance Insights", services: [], holdsState: true, outlivesStack: true, users: () => [] },
    // Unprotected backup buckets are emptied with the stack; protected ones keep the key protected.
    backups: {
        description: "Velero backups in S3", services: [], holdsState: true, outlivesStack: false,
        users: (prefix, config) => [
            { sid: "VeleroWritesAndReadsBackups", roleNamePrefixes: [`${prefix}-velero-role`], via: "s3" },
            ...(config.backup.crossRegionReplication
                ? [{ sid: "S3ReplicationReadsBackups", roleNamePrefixes: [replicationRoleName(backupStorageName(prefix))], via: "s3" as const, actions: ["kms:Decrypt"] }]
                : []),
        ],
    },
} satisfies Record<string, { description: string; services: KeyServiceUse[]; holdsState: boolean; outlivesStack: boolean; users: (prefix: string, config: StackConfig) => KeyUser[] }>;

export type PlatformKeys = Record<keyof typeof KEY_PURPOSES, EncryptionKey>;

/**
 * The backup buckets' default object-lock retention: whole days within the shortest TTL of the
 * schedules (a longer lock would keep, and bill, backups Velero has already expired), and none
 * where the storage goes with its stack (`protectStorage: false`: S3 refuses to delete a
 * locked version, so `pulumi destroy` would fail). The schema refuses protected storage whose
 * shortest TTL is under a day.
 */
export function objectLockRetentionDays(backup: Pick<StackConfig["backup"], "protectStorage" | "schedules">): number | undefined {
    if (!backup.protectStorage) return undefined;
    const shortest = Math.min(...Object.values(backup.schedules).map((s) => s.ttlHours));
    return Number.isFinite(shortest) ? Math.floor(shortest / 24) : undefined;
}

/** The bootstrap's roles as the keys' administrators; none configured (dev only) leaves the keys to the account root. */
export function keyAdministratorsOf(config: Pick<StackConfig, "iam">): KeyAdministrators {
    const { breakGlassRoleArn, deployRoleArn } = config.iam;
    return { administratorArns: breakGlassRoleArn ? [breakGlassRoleArn] : [], maintainerArns: deployRoleArn ? [deployRoleArn] : [] };
}

export function buildPlatform(config: StackConfig): Platform {
    const prefix = resourcePrefix(config.environment);
    // A broken add-on set fails the program before anything is registered.
    const addonSet = planAddons(platformAddons(config));
    const tags = defaultTags({ owner: config.tags.owner, costCenter: config.tags.costCenter, environment: config.environment, extra: config.tags.extra });
    const provider = new aws.Provider("aws", { region: config.aws.region as aws.Region, defaultTags: { tags } });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };
    // Passed to every component that creates IAM roles; the cluster hands it on to node groups, add-ons and IRSA roles.
    const { permissionsBoundaryArn } = config.iam;

    const keyAdministrators = keyAdministratorsOf(config);
    const keys = Object.fromEntries(Object.entries(KEY_PURPOSES).map(([purpose, { description, services, holdsState, outlivesStack, users }]) => [purpose,
        new EncryptionKey(`${prefix}-${kebabCase(purpose)}`, {
            description, deletionWindowDays: config.kms.deletionWindowDays, services, users: users(prefix, config), administrators: keyAdministrators,
            protect: holdsState && config.backup.protectStorage, retainOnDelete: outlivesStack,
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
    const audit = new ControlPlaneAudit(prefix, {
        logGroupName: cluster.controlPlaneLogGroupName, topicKeyArn: keys.logs.arn,
        breakGlassRoleArn: config.iam.breakGlassRoleArn, deployRoleArn: config.iam.deployRoleArn,
    }, opts);

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
    const backups = new BackupStorage(backupStorageName(prefix), {
        kmsKeyArn: keys.backups.arn,
        retentionDays: config.backup.bucketRetentionDays,
        noncurrentVersionDays: config.backup.noncurrentVersionRetentionDays,
        keyDeletionWindowDays: config.kms.deletionWindowDays,
        replica: replicaProvider && { provider: replicaProvider, replicationTimeControl: config.backup.replicationTimeControl },
        protect: config.backup.protectStorage,
        permissionsBoundaryArn,
        objectLockRetentionDays: objectLockRetentionDays(config.backup),
        breakGlassRoleArn: config.iam.breakGlassRoleArn,
        keyAdministrators,
    }, opts);

    const addons = new ClusterAddons(prefix, {
        addons: addonSet,
        context: {
            cluster,
            placement: systemPlacement,
            scalableGroups: nodeGroups.layout,
            prerequisites: [...nodes, nodeAddons, imageCaches],
            volumesKeyArn: keys.volumes.arn,
            logsKeyArn: keys.logs.arn,
            backups,
        },
    }, inCluster);

    // After the add-ons' first install, so that a wrong expected service account cannot stop the
    // platform from coming up; before the workloads, which wait for it.
    const admission = new AdmissionPolicies(prefix, {
        kubernetesVersion: config.cluster.kubernetesVersion,
        applicationNamespaceLabels: APPLICATION_NAMESPACE_LABELS,
        requireImageDigest: config.admission.requireImageDigest,
        system: systemWorkloads(addonSet),
        operatorGroups: config.workloadAccess.deployers.groups,
    }, pulumi.mergeOptions(inCluster, waitingFor([addons])));

    return { awsProvider: provider, network, keys, cluster, audit, nodeGroups, systemPlacement, addons, admission, database, backups };
}
