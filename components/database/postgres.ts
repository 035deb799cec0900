import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { awsAccount } from "../shared/aws-account";
import { serviceTrustPolicyJson } from "../shared/iam";
import { componentType } from "../shared/naming";

export const POSTGRES_PORT = 5432;
export const DATABASE_NAME = "signal_trading";
export const MASTER_USERNAME = "signal_trading_admin";

export interface PostgresDatabaseArgs {
    vpcId: pulumi.Input<string>;
    /** The isolated database subnets, one per AZ. */
    subnetIds: pulumi.Input<string>[];
    /** The cluster's security group, which every node, host-network pod and (by default) pod carries. */
    clientSecurityGroupId: pulumi.Input<string>;
    /**
     * Admit only a client security group of the database's own, which a SecurityGroupPolicy gives
     * the pods that use the database (pod-security-group.ts), instead of the cluster's.
     */
    podSecurityGroup: boolean;
    engineVersion: string;
    instanceClass: string;
    allocatedStorageGiB: number;
    maxAllocatedStorageGiB: number;
    multiAz: boolean;
    deletionProtection: boolean;
    backupRetentionDays: number;
    performanceInsights: boolean;
    enhancedMonitoringIntervalSeconds: number;
    kmsKeyArn: pulumi.Input<string>;
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** Managed policy set as the permissions boundary of every IAM role this component creates; none leaves them unbounded. */
    permissionsBoundaryArn?: pulumi.Input<string>;
}

/** Parameters of the instance's parameter group; TLS is forced for every connection. */
export function postgresParameters(): { name: string; value: string; applyMethod: string }[] {
    return [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" }, // statements slower than 1 s
        { name: "log_connections", value: "1", applyMethod: "immediate" },
    ];
}

/** `17` or `17.6` → the parameter group family `postgres17`. */
export function parameterGroupFamily(engineVersion: string): string {
    return `postgres${engineVersion.split(".")[0]}`;
}

/** The PostgreSQL log types exported to CloudWatch. */
export const EXPORTED_LOGS = ["postgresql", "upgrade"];

/**
 * The data service's PostgreSQL on Amazon RDS: in the isolated subnets, reachable on 5432 only
 * from its client pods' security group (or, without pod security groups, the cluster's), TLS forced, storage and Performance Insights
 * encrypted with the database key, automated backups with point-in-time recovery (restores
 * to within about five minutes: the database's side of the RPO). The master password is
 * generated and only ever leaves as a secret Output.
 */
export class PostgresDatabase extends pulumi.ComponentResource {
    readonly host: pulumi.Output<string>;
    readonly port: number = POSTGRES_PORT;
    readonly databaseName: string = DATABASE_NAME;
    readonly username: string = MASTER_USERNAME;
    readonly password: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** The group the database admits, for the client pods' SecurityGroupPolicy; unset when it admits the cluster's. */
    readonly clientPodSecurityGroupId?: pulumi.Output<string>;

    constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("database", "PostgresDatabase"), name, {}, opts);
        const { managedPolicy } = awsAccount(this);

        // Only its name forces a new subnet group; subnets and description change in place.
        const subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, {
            name, description: `Isolated subnets of ${name}`, subnetIds: args.subnetIds, tags: { Name: name },
        }, { parent: this });
        // Name and description force a new group (so its description keeps its first wording): a prefix lets the replacement exist beside the old one
        // until the instance has moved to it. Without inline rules the provider removes AWS's default
        // allow-all egress: the database initiates nothing.
        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            namePrefix: `${name}-`, description: `PostgreSQL of ${name}: only the cluster's nodes and pods`, vpcId: args.vpcId, tags: { Name: name },
        }, { parent: this });
        // Without rules of its own, the client group only marks its pods; their egress is the cluster group's.
        const clientGroup = args.podSecurityGroup ? new aws.ec2.SecurityGroup(`${name}-clients-sg`, {
            namePrefix: `${name}-clients-`, description: `Pods allowed to reach PostgreSQL of ${name}`, vpcId: args.vpcId, tags: { Name: `${name}-clients` },
        }, { parent: this }) : undefined;
        const rule = (role: string, referencedSecurityGroupId: pulumi.Input<string>, description: string) => new aws.vpc.SecurityGroupIngressRule(`${name}-${role}`, {
            securityGroupId: securityGroup.id, referencedSecurityGroupId, ipProtocol: "tcp", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT, description,
        }, { parent: this });
        const fromClients = clientGroup
            ? rule("from-client-pods", clientGroup.id, "PostgreSQL from the pods given the client security group")
            : rule("from-cluster", args.clientSecurityGroupId, "PostgreSQL from the EKS cluster security group");

        // A major version's family forces a new group (so do name and description): the new one is
        // created under a new name beside the old, the instance moves to it with the upgrade, then
        // the old one is deleted.
        const family = parameterGroupFamily(args.engineVersion);
        const parameterGroup = new aws.rds.ParameterGroup(`${name}-params`, {
            namePrefix: `${name}-${family}-`, family, description: `TLS-only PostgreSQL of ${name}`,
            parameters: postgresParameters(), tags: { Name: name },
        }, { parent: this });

        // Created first so RDS exports into groups with retention and encryption.
        const logGroups = EXPORTED_LOGS.map((log) => new aws.cloudwatch.LogGroup(`${name}-${log}`, {
            name: `/aws/rds/instance/${name}/${log}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: { Name: `${name}-${log}` },
        }, { parent: this }));

        const monitoringRole = args.enhancedMonitoringIntervalSeconds > 0 ? new aws.iam.Role(`${name}-monitoring`, {
            description: `RDS enhanced monitoring of ${name}`,
            assumeRolePolicy: serviceTrustPolicyJson("monitoring.rds.amazonaws.com", awsAccount(this).accountId),
            tags: { Name: `${name}-monitoring` },
            permissionsBoundary: args.permissionsBoundaryArn,
        }, { parent: this }) : undefined;
        const monitoringPolicy = monitoringRole && new aws.iam.RolePolicyAttachment(`${name}-monitoring`, {
            role: monitoringRole.name, policyArn: managedPolicy("service-role/AmazonRDSEnhancedMonitoringRole"),
        }, { parent: this });

        // A final snapshot name must be new on every deletion (a recreated dev stack is deleted again).
        const snapshotSuffix = new random.RandomId(`${name}-final-snapshot`, { byteLength: 4 }, { parent: this });
        const password = new random.RandomPassword(`${name}-master-password`, {
            length: 32,
            special: true,
            overrideSpecial: "!#%^*-_=+", // RDS refuses / @ " and spaces
        }, { parent: this });

        // No setting reaches an input that forces a new instance (identifier, engine, dbName, username,
        // storageEncrypted, kmsKeyId): every routine change modifies the database in place.
        const instance = new aws.rds.Instance(`${name}-instance`, {
            identifier: name,
            engine: "postgres",
            engineVersion: args.engineVersion,
            instanceClass: args.instanceClass,
            dbName: DATABASE_NAME,
            username: MASTER_USERNAME,
            password: password.result,
            port: POSTGRES_PORT,
            storageType: "gp3",
            allocatedStorage: args.allocatedStorageGiB,
            maxAllocatedStorage: args.maxAllocatedStorageGiB,
            storageEncrypted: true,
            kmsKeyId: args.kmsKeyArn,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [securityGroup.id],
            publiclyAccessible: false,
            parameterGroupName: parameterGroup.name,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            multiAz: args.multiAz,
            deletionProtection: args.deletionProtection,
            backupRetentionPeriod: args.backupRetentionDays,
            backupWindow: "03:30-04:00",
            maintenanceWindow: "sun:04:30-sun:05:30",
            copyTagsToSnapshot: true,
            deleteAutomatedBackups: false, // backups outlive an accidental deletion
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: pulumi.interpolate`${name}-final-${snapshotSuffix.hex}`,
            autoMinorVersionUpgrade: true,
            // Permits what engineVersion asks for: RDS refuses a new major version without it. The
            // instance is modified in place, with the new family's parameter group, in the same call.
            allowMajorVersionUpgrade: true,
            // Changes are made during `pulumi up`, which is the change window, not in the maintenance
            // window: state then shows what runs, and a replaced parameter group is free to delete
            // once the instance has left it. A new class fails over (Multi-AZ) or restarts, a major
            // upgrade takes the database down for its duration: deploy those at a quiet time.
            applyImmediately: true,
            enabledCloudwatchLogsExports: EXPORTED_LOGS,
            performanceInsightsEnabled: args.performanceInsights,
            performanceInsightsKmsKeyId: args.performanceInsights ? args.kmsKeyArn : undefined,
            performanceInsightsRetentionPeriod: args.performanceInsights ? 7 : undefined,
            monitoringInterval: args.enhancedMonitoringIntervalSeconds,
            monitoringRoleArn: monitoringRole?.arn,
            tags: { Name: name },
        }, {
            parent: this,
            // A replaced security group lets the clients in before the instance moves to it.
            dependsOn: [...logGroups, fromClients, ...(monitoringPolicy ? [monitoringPolicy] : [])],
        });

        this.host = instance.address;
        this.password = pulumi.secret(password.result);
        this.securityGroupId = securityGroup.id;
        this.clientPodSecurityGroupId = clientGroup?.id;
        this.registerOutputs({ host: this.host, securityGroupId: this.securityGroupId, clientPodSecurityGroupId: this.clientPodSecurityGroupId });
    }
}
