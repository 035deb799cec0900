import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ADDRESSES } from "../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../test/harness";
import { isSecretWire } from "../../test/outputs";
import { DatabaseRoles, DatabaseRolesArgs } from "./database-roles";
import { rdsCaBundle, scramVerifier } from "./roles";

const SECRET = "kubernetes:core/v1:Secret";
const JOB = "kubernetes:batch/v1:Job";
const MASTER_PASSWORD = "Master0Password";
const args = (change: Partial<DatabaseRolesArgs> = {}): DatabaseRolesArgs => ({
    applicationNamespace: "signal-trading",
    addresses: ADDRESSES,
    database: { host: "db.example", port: 5432, databaseName: "signal_trading", masterUsername: "signal_trading_admin", masterPassword: pulumi.secret(MASTER_PASSWORD) },
    region: "us-east-1",
    regionSetting: "signal-trading:aws.region",
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/docker/library/postgres:17.6-alpine",
    priorityClassName: "signal-trading-standard",
    services: ["data"],
    ...change,
});

describe("DatabaseRoles component", () => {
    let r: Registrations;
    let roles: DatabaseRoles;
    before(async () => {
        r = await registrationsOf(() => {
            roles = new DatabaseRoles("prod-roles", args(), { providers: { kubernetes: new k8s.Provider("prod-k8s", {}) } });
        });
    });
    const password = () => r.outputs(r.one("random:index/randomPassword:RandomPassword", "prod-roles-data-password")).result as string;

    it("keeps the master password in its own namespace's Secret, secret on the wire, and in no other resource", () => {
        const master = r.one(SECRET, "prod-roles-master");
        assert.equal(r.inputs(master).metadata.namespace, "signal-trading-database-admin");
        assert.ok(isSecretWire(master.inputs.stringData));
        assert.equal(r.inputs(master).stringData.password, MASTER_PASSWORD);
        for (const resource of r.all.filter((x) => x !== master)) assert.ok(!JSON.stringify(r.inputs(resource)).includes(MASTER_PASSWORD), resource.name);
    });

    it("hands the data service its own role and a generated password, which reaches the database only as its SCRAM verifier", async () => {
        assert.equal(roles.credentials.data.username, "data");
        const script = r.inputs(r.one(SECRET, "prod-roles-script")).stringData["roles.sql"] as string;
        const salt = r.outputs(r.one("random:index/randomBytes:RandomBytes", "prod-roles-data-salt")).base64 as string;
        assert.ok(script.includes(`ALTER ROLE data WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD '${scramVerifier(password(), Buffer.from(salt, "base64"))}';`));
        assert.ok(!script.includes(password()));
        assert.ok(isSecretWire(r.one(SECRET, "prod-roles-script").inputs.stringData));
        assert.equal(roles.caBundle, rdsCaBundle("us-east-1"));
    });

    it("runs the Job in the admin namespace after its namespace baseline and Secrets, named after the script", () => {
        const job = r.one(JOB);
        const inputs = r.inputs(job);
        assert.equal(inputs.metadata.namespace, "signal-trading-database-admin");
        assert.match(inputs.metadata.name, /^database-roles-[0-9a-f]{10}$/);
        for (const name of ["prod-roles-master", "prod-roles-script"]) assert.ok(job.dependencies.includes(r.one(SECRET, name).urn), name);
        // A component in dependsOn stands for its children: the namespace and its default-deny policies.
        assert.ok(job.dependencies.includes(r.one("kubernetes:core/v1:Namespace", "signal-trading-database-admin").urn));
    });

    it("gives the Job's pod the database's client security group when the database admits only its client pods", async () => {
        assert.equal(r.ofType("kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy").length, 0);
        const withGroups = await registrationsOf(() => {
            new DatabaseRoles("prod-roles", args({ podSecurityGroupIds: ["sg-cluster", "sg-clients"] }), { providers: { kubernetes: new k8s.Provider("prod-k8s", {}) } });
        });
        const policy = withGroups.one("kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy");
        assert.deepEqual(withGroups.inputs(policy).spec, {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "database-roles", "app.kubernetes.io/instance": "database-roles" } },
            securityGroups: { groupIds: ["sg-cluster", "sg-clients"] },
        });
        assert.equal(withGroups.inputs(policy).metadata.namespace, "signal-trading-database-admin");
        assert.ok(withGroups.one(JOB).dependencies.includes(policy.urn), "the Job's pod would be admitted without the group");
    });

    it("refuses a region without an RDS CA bundle and a reserved role, naming the setting", async () => {
        await registrationsOf(() => {
            assert.throws(() => new DatabaseRoles("bad", args({ region: "eu-west-3", services: ["pg-admin"] })),
                /^Error: DatabaseRoles bad: service pg-admin: the role pg_admin is reserved by PostgreSQL, RDS or the master user; signal-trading:aws\.region: no RDS CA bundle is kept for "eu-west-3"; add components\/database\/rds-ca\/eu-west-3\.pem/);
        });
    });
});
