import { strict as assert } from "node:assert";
import { createHash, createHmac, X509Certificate } from "node:crypto";
import { ADDRESSES } from "../../test/addon-fixture";
import {
    databaseAdminNamespace, databaseAdminNamespaceSpec, rdsCaBundle, renderRolesJob, roleName, rolesScript, scramVerifier, validateRoleNames, validateRolesJobSpec,
} from "./roles";

/** RFC 7677's SCRAM-SHA-256 exchange: user "user", password "pencil". */
const RFC7677 = {
    password: "pencil",
    salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
    authMessage: "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
    clientProof: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    serverSignature: "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

const JOB = {
    namespace: "signal-trading-database-admin",
    image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/docker/library/postgres:17.6-alpine@sha256:${"c".repeat(64)}`,
    host: "signal-trading-prod.c0ffee.us-east-1.rds.amazonaws.com",
    port: 5432,
    databaseName: "signal_trading",
    masterUsername: "signal_trading_admin",
    jobName: "database-roles-0123456789",
    priorityClassName: "signal-trading-standard",
};

describe("database roles", () => {
    describe("SCRAM verifier", () => {
        it("is what a PostgreSQL server checks RFC 7677's login against: the client's proof passes and the server's signature matches", () => {
            const verifier = scramVerifier(RFC7677.password, Buffer.from(RFC7677.salt, "base64"));
            const match = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
            assert.ok(match, verifier);
            assert.equal(match[1], RFC7677.salt);
            const [storedKey, serverKey] = [Buffer.from(match[2], "base64"), Buffer.from(match[3], "base64")];
            // The server's check (RFC 5802 §3): ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must be StoredKey.
            const signature = createHmac("sha256", storedKey).update(RFC7677.authMessage).digest();
            const clientKey = Buffer.from(RFC7677.clientProof, "base64").map((byte, i) => byte ^ signature[i]);
            assert.deepEqual(createHash("sha256").update(clientKey).digest(), storedKey);
            assert.equal(createHmac("sha256", serverKey).update(RFC7677.authMessage).digest("base64"), RFC7677.serverSignature);
        });

        it("refuses a password SASLprep would change", () => {
            assert.throws(() => scramVerifier("pässword", Buffer.alloc(16)), /printable ASCII/);
            assert.throws(() => scramVerifier("pass\u00a0word", Buffer.alloc(16)), /printable ASCII/);
        });
    });

    describe("SQL", () => {
        const script = rolesScript("signal_trading", [{ name: "data", verifier: "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy" }]);

        it("creates the role only when missing, then sets its login, verifier and rights in one transaction that stops at the first error", () => {
            assert.equal(script, [
                "\\set ON_ERROR_STOP on",
                "BEGIN;",
                'REVOKE ALL ON DATABASE "signal_trading" FROM PUBLIC;',
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
                "SELECT format('CREATE ROLE %I', 'data') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'data') \\gexec",
                "ALTER ROLE data WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy';",
                'GRANT CONNECT, TEMPORARY ON DATABASE "signal_trading" TO data;',
                "GRANT data TO CURRENT_USER;",
                "CREATE SCHEMA IF NOT EXISTS data AUTHORIZATION data;",
                'ALTER ROLE data IN DATABASE "signal_trading" SET search_path = data, public;',
                "GRANT USAGE ON SCHEMA public TO data;",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO data;",
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO data;",
                "COMMIT;",
                "",
            ].join("\n"));
        });

        it("grants no superuser, role or database creation, and no membership of the master's roles", () => {
            assert.doesNotMatch(script, /SUPERUSER|(?<!NO)CREATEROLE|(?<!NO)CREATEDB|REPLICATION|BYPASSRLS|GRANT rds_|GRANT signal_trading_admin/);
        });

        it("names roles after services in SQL's spelling and refuses reserved or unquotable names", () => {
            assert.equal(roleName("market-data"), "market_data");
            assert.deepEqual(validateRoleNames(["data", "pg-monitor", "rdsadmin", "Data", "x".repeat(64)]), [
                "service pg-monitor: the role pg_monitor is reserved by PostgreSQL, RDS or the master user",
                "service rdsadmin: the role rdsadmin is reserved by PostgreSQL, RDS or the master user",
                'service Data: "Data" is not a PostgreSQL role name (lowercase letters, digits, _; at most 63)',
                `service ${"x".repeat(64)}: "${"x".repeat(64)}" is not a PostgreSQL role name (lowercase letters, digits, _; at most 63)`,
            ]);
        });
    });

    describe("RDS CA bundle", () => {
        for (const region of ["us-east-1", "us-east-2"]) {
            it(`holds ${region}'s three G1 root CAs, self-signed and valid now`, () => {
                const bundle = rdsCaBundle(region);
                assert.ok(bundle);
                const pems = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
                const certificates = pems.map((pem) => new X509Certificate(pem));
                assert.deepEqual(certificates.map((c) => /CN=([^\n]+)/.exec(c.subject)?.[1]),
                    ["RSA2048", "RSA4096", "ECC384"].map((kind) => `Amazon RDS ${region} Root CA ${kind} G1`));
                for (const certificate of certificates) {
                    assert.ok(certificate.ca, certificate.subject);
                    assert.ok(certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey), `${certificate.subject} is not self-signed`);
                    assert.ok(new Date(certificate.validTo) > new Date() && new Date(certificate.validFrom) < new Date(), `${certificate.subject} is not valid now`);
                }
            });
        }

        it("has none for a region without a file, or a name that is not a region", () => {
            assert.equal(rdsCaBundle("eu-west-3"), undefined);
            assert.equal(rdsCaBundle("../roles"), undefined);
        });
    });

    describe("Job", () => {
        const job = renderRolesJob(JOB);
        const container = job.spec.template.spec.containers[0];

        it("runs psql as the master user with verify-full against the RDS CA bundle, the password read from its file", () => {
            assert.deepEqual(Object.fromEntries(container.env.map((e) => [e.name, e.value])), {
                PGHOST: JOB.host, PGPORT: "5432", PGDATABASE: "signal_trading", PGUSER: "signal_trading_admin",
                PGSSLMODE: "verify-full", PGSSLROOTCERT: "/var/run/secrets/database/rds-ca.pem", PGCONNECT_TIMEOUT: "10",
            });
            assert.deepEqual(container.command, ["sh", "-c", 'PGPASSWORD="$(cat /var/run/secrets/database/password)" exec psql --no-psqlrc --file /var/run/secrets/database/roles.sql']);
            assert.doesNotMatch(JSON.stringify(job), /secretKeyRef|envFrom/);
        });

        it("mounts only the master password, the CA bundle and the script, read-only", () => {
            assert.deepEqual(job.spec.template.spec.volumes[0].projected.sources, [
                { secret: { name: "database-master", items: [{ key: "password", path: "password" }, { key: "rds-ca.pem", path: "rds-ca.pem" }] } },
                { secret: { name: "database-roles-script", items: [{ key: "roles.sql", path: "roles.sql" }] } },
            ]);
            assert.deepEqual(container.volumeMounts, [{ name: "secrets", mountPath: "/var/run/secrets/database", readOnly: true }]);
        });

        it("runs restricted, without a token, once, and gives up after a few retries or ten minutes", () => {
            const pod = job.spec.template.spec;
            assert.equal(pod.automountServiceAccountToken, false);
            assert.equal(pod.serviceAccountName, "database-roles");
            assert.equal(pod.restartPolicy, "Never");
            assert.equal(pod.securityContext.runAsNonRoot, true);
            assert.deepEqual([job.spec.backoffLimit, job.spec.activeDeadlineSeconds], [4, 600]);
            assert.equal(job.metadata.name, "database-roles-0123456789");
        });

        it("refuses a namespace that is not a DNS label", () => {
            assert.deepEqual(validateRolesJobSpec({ namespace: JOB.namespace }), []);
            assert.deepEqual(validateRolesJobSpec({ namespace: "Database_Admin" }), ['namespace "Database_Admin" is not a DNS label']);
        });

        it("validates against the Kubernetes schema", async () => {
            const { Job } = await import("kubernetes-models/batch/v1/Job");
            assert.doesNotThrow(() => new Job(job as never).validate());
        });
    });

    describe("namespace", () => {
        it("keeps the master credential out of the application's namespace, in a restricted one whose pods reach only PostgreSQL", () => {
            assert.equal(databaseAdminNamespace("signal-trading"), "signal-trading-database-admin");
            const spec = databaseAdminNamespaceSpec("signal-trading-database-admin", ADDRESSES, 5432);
            assert.equal(spec.podSecurity, "restricted");
            assert.deepEqual(spec.ingress, []);
            assert.deepEqual(spec.egress, [{ name: "database", pods: { "app.kubernetes.io/name": "database-roles", "app.kubernetes.io/instance": "database-roles" }, peers: ADDRESSES.databaseCidrs.map((cidr) => ({ cidr })), ports: [5432] }]);
        });
    });
});
