/**
 * Composition root: load and validate the stack config, build the platform and the workloads
 * on it, export outputs.
 * An invalid config stops here, before any resource is registered.
 */
import { loadStackConfig } from "./stacks/config/load";
import { buildMonitoring } from "./stacks/monitoring";
import { buildPlatform } from "./stacks/platform";
import { buildWorkloads } from "./stacks/workloads";

const config = loadStackConfig();
const platform = buildPlatform(config);
const workloads = buildWorkloads(config, platform);
buildMonitoring(config, platform, workloads);

export const environment = config.environment;
export const vpcId = platform.network.vpcId;
export const privateSubnetIds = platform.network.privateSubnetIds;
export const publicSubnetIds = platform.network.publicSubnetIds;
export const databaseSubnetIds = platform.network.databaseSubnetIds;

export const clusterName = platform.cluster.clusterName;
export const clusterEndpoint = platform.cluster.endpoint;
export const oidcIssuerUrl = platform.cluster.oidcIssuerUrl;
/** Secret: `pulumi stack output kubeconfig --show-secrets > kubeconfig.json`. */
export const kubeconfig = platform.cluster.kubeconfig;

/** The services' repositories (created by the bootstrap project), as the image lookups found them. */
export const ecrRepositoryUrls = workloads.repositoryUrls;

export const database = {
    host: platform.database.host,
    port: platform.database.port,
    name: platform.database.databaseName,
    username: platform.database.username,
};

export const backupBucketName = platform.backups.bucketName;
export const backupBucketArn = platform.backups.bucketArn;
export const backupKmsKeyArn = platform.backups.kmsKeyArn;
export const backupReplicaBucketName = platform.backups.replicaBucketName;
export const backupReplicaBucketArn = platform.backups.replicaBucketArn;

export const applicationNamespace = workloads.namespace;
export const apiUrl = `https://${config.dns.apiHost}`;
