import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Registrations, registrationsOf } from "../../test/harness";
import { isSecretWire, valueOf } from "../../test/outputs";
import { replaceForcingInputs } from "../../test/replacement";
import { EXPORTED_LOGS, parameterGroupFamily, PostgresDatabase, PostgresDatabaseArgs, postgresParameters } from "./postgres";


const ARGS: PostgresDatabaseArgs = {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"],
    clientSecurityGroupId: "sg-0c1a55e7c1a55e7c1",
    podSecurityGroup: true,
    engineVersion: "17.6",
    instanceClass: "db.r7g.large",
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 500,
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 14,
    performanceInsights: true,
    enhancedMonitoringIntervalSeconds: 60,
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/database",
    logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
    logRetentionDays: 90,
};

async function build(args: Partial<PostgresDatabaseArgs> = {}) {
    let database!: PostgresDatabase;
    const r = await registrationsOf(() => {
        database = new PostgresDatabase("prod-postgres", { ...ARGS, ...args });
    });
    return { r, database };
}

describe("PostgreSQL parameters", () => {
    it("derives the parameter group family from the major version", () => {
        assert.equal(parameterGroupFamily("17.6"), "postgres17");
        assert.equal(parameterGroupFamily("17"), "postgres17");
        assert.equal(parameterGroupFamily("16.10"), "postgres16");
    });

    it("forces TLS and logs slow statements and connections", () => {
        assert.deepEqual(postgresParameters(), [
            { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
            { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
            { name: "log_connections", value: "1", applyMethod: "immediate" },
        ]);
    });
});

describe("PostgresDatabase component", () => {
    let r: Registrations;
    let database: PostgresDatabase;
    before(async () => {
        ({ r, database } = await build());
    });
    const instance = () => r.one("aws:rds/instance:Instance");

    it("registers as signal-trading:database:PostgresDatabase and parents every child to itself", () => {
        const component = r.one("signal-trading:database:PostgresDatabase", "prod-postgres");
        const children = r.all.filter((x) => x !== component);
        assert.ok(children.length >= 9);
        for (const child of children) assert.equal(child.parent, component.urn, child.name);
    });

    it("attaches a parameter group of the version's family that forces TLS", () => {
        const group = r.one("aws:rds/parameterGroup:ParameterGroup");
        const inputs = r.inputs(group);
        assert.equal(inputs.family, "postgres17");
        assert.equal(inputs.name, undefined);
        assert.equal(inputs.namePrefix, "prod-postgres-postgres17-");
        assert.match(r.outputs(group).name, /^prod-postgres-postgres17-\d{18}[0-9a-f]{8}$/);
        assert.ok(inputs.parameters.some((p: { name: string; value: string }) => p.name === "rds.force_ssl" && p.value === "1"));
        assert.equal(r.inputs(instance()).parameterGroupName, r.outputs(group).name);
    });

    it("keeps the instance private in the isolated subnets, behind its own security group", () => {
        const inputs = r.inputs(instance());
        assert.equal(inputs.publiclyAccessible, false);
        const subnetGroup = r.one("aws:rds/subnetGroup:SubnetGroup");
        assert.deepEqual(r.inputs(subnetGroup).subnetIds, ARGS.subnetIds);
        assert.equal(inputs.dbSubnetGroupName, r.outputs(subnetGroup).name);
        assert.deepEqual(inputs.vpcSecurityGroupIds, [r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg").id]);
        assert.equal(r.inputs(r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg")).vpcId, ARGS.vpcId);
    });

    it("names its security group from a prefix, and moves the instance to it only once it lets the cluster in", () => {
        const group = r.inputs(r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg"));
        assert.deepEqual([group.name, group.namePrefix], [undefined, "prod-postgres-"]);
        assert.ok(instance().dependencies.includes(r.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").urn));
        assert.equal(r.inputs(r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg")).description, "PostgreSQL of prod-postgres: only the cluster's nodes and pods");
    });

    it("lets only its client pods' security group in, on 5432 only, not the cluster's that every node and host-network pod carries", async () => {
        const rules = r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepEqual(rules.map((rule) => rule.name), ["prod-postgres-from-client-pods"]);
        const { description: _, ...rule } = r.inputs(rules[0]);
        const clients = r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-clients-sg");
        assert.deepEqual(rule, {
            securityGroupId: r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg").id,
            referencedSecurityGroupId: clients.id,
            ipProtocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
        });
        assert.notEqual(rule.referencedSecurityGroupId, ARGS.clientSecurityGroupId);
        assert.equal(await valueOf(database.clientPodSecurityGroupId!), clients.id);
        for (const group of r.ofType("aws:ec2/securityGroup:SecurityGroup").map((g) => r.inputs(g))) {
            assert.equal(group.ingress, undefined);
            assert.equal(group.egress, undefined);
        }
        assert.deepEqual([r.inputs(clients).namePrefix, r.inputs(clients).vpcId], ["prod-postgres-clients-", ARGS.vpcId]);
    });

    it("without pod security groups, lets the cluster's security group in, as before them", async () => {
        const { r, database } = await build({ podSecurityGroup: false });
        const rules = r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepEqual(rules.map((rule) => [rule.name, r.inputs(rule).referencedSecurityGroupId]), [["prod-postgres-from-cluster", ARGS.clientSecurityGroupId]]);
        assert.deepEqual(r.ofType("aws:ec2/securityGroup:SecurityGroup").map((g) => g.name), ["prod-postgres-sg"]);
        assert.equal(database.clientPodSecurityGroupId, undefined);
    });

    it("encrypts storage and Performance Insights with the database key", () => {
        const inputs = r.inputs(instance());
        assert.equal(inputs.storageEncrypted, true);
        assert.equal(inputs.kmsKeyId, ARGS.kmsKeyArn);
        assert.equal(inputs.performanceInsightsEnabled, true);
        assert.equal(inputs.performanceInsightsKmsKeyId, ARGS.kmsKeyArn);
    });

    it("keeps a final snapshot and the automated backups when the instance is deleted", () => {
        const inputs = r.inputs(instance());
        assert.equal(inputs.skipFinalSnapshot, false);
        // A fresh suffix per instance, so deleting a recreated stack never collides with an old snapshot.
        const suffix = r.outputs(r.one("random:index/randomId:RandomId", "prod-postgres-final-snapshot")).hex;
        assert.match(suffix, /^[0-9a-f]{8}$/);
        assert.equal(inputs.finalSnapshotIdentifier, `prod-postgres-final-${suffix}`);
        assert.equal(inputs.deleteAutomatedBackups, false);
        assert.equal(inputs.backupRetentionPeriod, 14);
        assert.equal(inputs.deletionProtection, true);
        assert.equal(inputs.multiAz, true);
    });

    it("passes engine, class and storage through", () => {
        const inputs = r.inputs(instance());
        assert.deepEqual(
            [inputs.engine, inputs.engineVersion, inputs.instanceClass, inputs.allocatedStorage, inputs.maxAllocatedStorage, inputs.port],
            ["postgres", "17.6", "db.r7g.large", 100, 500, 5432],
        );
    });

    it("sends the generated password to the instance as a secret and exports it only as a secret", async () => {
        const raw = instance().inputs.password;
        assert.ok(isSecretWire(raw), "the instance's password is sent in the clear");
        const password = r.inputs(instance()).password;
        assert.equal(password.length, 32);
        assert.equal(await pulumi.isSecret(database.password), true);
        assert.equal(await valueOf(database.password), password);
        assert.equal(r.inputs(r.one("random:index/randomPassword:RandomPassword")).length, 32);
    });

    it("creates the exported log groups with retention and the logs key before the instance", () => {
        assert.deepEqual(r.inputs(instance()).enabledCloudwatchLogsExports, EXPORTED_LOGS);
        const groups = r.ofType("aws:cloudwatch/logGroup:LogGroup");
        assert.deepEqual(groups.map((g) => r.inputs(g).name), ["/aws/rds/instance/prod-postgres/postgresql", "/aws/rds/instance/prod-postgres/upgrade"]);
        for (const group of groups) {
            assert.equal(r.inputs(group).retentionInDays, 90);
            assert.equal(r.inputs(group).kmsKeyId, ARGS.logsKeyArn);
            assert.ok(instance().dependencies.includes(group.urn), `the instance does not wait for ${group.name}`);
        }
    });

    it("with enhanced monitoring, gives RDS monitoring a role with its managed policy before the instance", () => {
        const role = r.one("aws:iam/role:Role");
        assert.deepEqual(JSON.parse(r.inputs(role).assumeRolePolicy).Statement[0].Principal, { Service: "monitoring.rds.amazonaws.com" });
        const attachment = r.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.deepEqual(r.inputs(attachment), { role: r.outputs(role).name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" });
        assert.equal(r.inputs(instance()).monitoringInterval, 60);
        assert.equal(r.inputs(instance()).monitoringRoleArn, r.outputs(role).arn);
        assert.ok(instance().dependencies.includes(attachment.urn));
    });

    it("exposes the instance's address and the security group", async () => {
        assert.equal(await valueOf(database.host), r.outputs(instance()).address);
        assert.equal(await valueOf(database.securityGroupId), r.one("aws:ec2/securityGroup:SecurityGroup", "prod-postgres-sg").id);
        assert.deepEqual([database.port, database.databaseName, database.username], [5432, "signal_trading", "signal_trading_admin"]);
    });

    it("without enhanced monitoring or Performance Insights, creates no monitoring role and sets no Performance Insights key", async () => {
        const { r } = await build({ enhancedMonitoringIntervalSeconds: 0, performanceInsights: false });
        assert.equal(r.ofType("aws:iam/role:Role").length, 0);
        assert.equal(r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
        const inputs = r.inputs(r.one("aws:rds/instance:Instance"));
        assert.equal(inputs.monitoringInterval, 0);
        assert.equal(inputs.monitoringRoleArn, undefined);
        assert.equal(inputs.performanceInsightsEnabled, false);
        assert.equal(inputs.performanceInsightsKmsKeyId, undefined);
        assert.equal(inputs.performanceInsightsRetentionPeriod, undefined);
    });
});

const instanceInputs = (x: Registrations) => x.inputs(x.one("aws:rds/instance:Instance"));

describe("PostgresDatabase lifecycle", () => {
    it("changes every routine setting in place: no input that forces a new resource moves", async () => {
        const before = (await build()).r;
        const after = (await build({
            subnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"], instanceClass: "db.r7g.xlarge", allocatedStorageGiB: 200, maxAllocatedStorageGiB: 1000,
            multiAz: false, deletionProtection: false, backupRetentionDays: 7, performanceInsights: false, enhancedMonitoringIntervalSeconds: 0, logRetentionDays: 30,
            engineVersion: "17.7",
        })).r;
        assert.deepEqual(replaceForcingInputs(after), replaceForcingInputs(before));
        assert.equal(instanceInputs(after).instanceClass, "db.r7g.xlarge");
        assert.equal(instanceInputs(after).parameterGroupName, instanceInputs(before).parameterGroupName);
    });

    it("upgrades a major version in place: a group of the new family under a new name, which the instance moves to with the upgrade", async () => {
        const before = (await build({ engineVersion: "16.10" })).r;
        const after = (await build({ engineVersion: "17.6" })).r;
        const { "prod-postgres-params": groupBefore, ...othersBefore } = replaceForcingInputs(before);
        const { "prod-postgres-params": groupAfter, ...othersAfter } = replaceForcingInputs(after);
        assert.deepEqual(othersAfter, othersBefore);
        assert.deepEqual([groupBefore.family, groupBefore.namePrefix], ["postgres16", "prod-postgres-postgres16-"]);
        assert.deepEqual([groupAfter.family, groupAfter.namePrefix], ["postgres17", "prod-postgres-postgres17-"]);
        const group = (x: Registrations) => x.outputs(x.one("aws:rds/parameterGroup:ParameterGroup")).name;
        assert.notEqual(group(after), group(before));
        assert.deepEqual(
            [instanceInputs(after).engineVersion, instanceInputs(after).parameterGroupName, instanceInputs(after).allowMajorVersionUpgrade, instanceInputs(after).applyImmediately],
            ["17.6", group(after), true, true],
        );
    });
});
