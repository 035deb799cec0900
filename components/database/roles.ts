/**
 * Per-service PostgreSQL roles, as plain data: the SCRAM verifier of each role's password, the
 * SQL that creates or updates the roles, the RDS CA bundle clients verify the server with, and
 * the Kubernetes objects of the Job that runs the SQL as the master user in a namespace of its
 * own (database-roles.ts instantiates them). Decision: docs/decisions.md, "Per-service database roles".
 */
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_CONTAINER, restrictedPodSecurity } from "../addons/pod-security";
import { NamespaceSpec } from "../namespace/baseline";
import { ClusterAddresses, toDatabase } from "../namespace/traffic";
import { isDnsLabel } from "../shared/naming";

/** Iterations of PostgreSQL's own SCRAM-SHA-256 verifiers (scram_iterations' default). */
export const SCRAM_ITERATIONS = 4096;
/** PostgreSQL's maximum identifier length; the role and its schema share the service's name. */
const MAX_ROLE_NAME = 63;
/** Role names PostgreSQL or RDS reserve (pg_*, rds*) and the master user's. */
const RESERVED_ROLE = /^(pg_|rds)|^(public|postgres|signal_trading_admin)$/;

/** A service's role: its name (also its schema's) and the verifier of its password. */
export interface DatabaseRole {
    name: string;
    /** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (scramVerifier). */
    verifier: string;
}

/** A role name is the service's name with `-` as `_`, a lowercase SQL identifier that needs no quoting. */
export function roleName(service: string): string {
    return service.replace(/-/g, "_");
}

/** Every problem with the roles' names, naming the service. */
export function validateRoleNames(services: readonly string[]): string[] {
    return services.flatMap((service) => {
        const name = roleName(service);
        if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > MAX_ROLE_NAME) return [`service ${service}: ${JSON.stringify(name)} is not a PostgreSQL role name (lowercase letters, digits, _; at most 63)`];
        if (RESERVED_ROLE.test(name)) return [`service ${service}: the role ${name} is reserved by PostgreSQL, RDS or the master user`];
        return [];
    });
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, as
 * PostgreSQL's scram_build_secret): PBKDF2 of the password with the salt, then the client
 * key's hash and the server key. The server checks logins against it; the password itself
 * never reaches the database, its logs or the Job. Passwords are printable ASCII (generated:
 * letters and digits), which SASLprep leaves as they are.
 */
export function scramVerifier(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): string {
    if (!/^[\x20-\x7e]+$/.test(password)) throw new Error("a database role's password must be printable ASCII, which SASLprep leaves unchanged");
    const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();
    const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
    const serverKey = hmac(salted, "Server Key");
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The SQL the Job runs, in one transaction, as the master user; running it again changes
 * nothing but the passwords. Each role may log in to the application's database and nothing
 * else: no superuser, database or role creation, and it owns a schema of its own, first on its
 * search path. The tables the master user created in `public` before roles existed stay there
 * and stay the master's; each role may read and write them (not alter them) until their owner
 * is moved (docs/decisions.md). Nobody else gets the database's default CONNECT or may create
 * objects in `public`.
 */
export function rolesScript(databaseName: string, roles: readonly DatabaseRole[]): string {
    const database = `"${databaseName}"`;
    return [
        "\\set ON_ERROR_STOP on",
        "BEGIN;",
        `REVOKE ALL ON DATABASE ${database} FROM PUBLIC;`,
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        ...roles.flatMap(({ name, verifier }) => [
            `SELECT format('CREATE ROLE %I', ${literal(name)}) WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(name)}) \\gexec`,
            `ALTER ROLE ${name} WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD ${literal(verifier)};`,
            `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${name};`,
            // PostgreSQL lets only a member of a role create a schema it owns: the master joins the role, never the reverse.
            `GRANT ${name} TO CURRENT_USER;`,
            `CREATE SCHEMA IF NOT EXISTS ${name} AUTHORIZATION ${name};`,
            `ALTER ROLE ${name} IN DATABASE ${database} SET search_path = ${name}, public;`,
            `GRANT USAGE ON SCHEMA public TO ${name};`,
            `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name};`,
            `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${name};`,
        ]),
        "COMMIT;",
        "",
    ].join("\n");
}

/**
 * The CA certificates of Amazon RDS in a region: its RSA2048, RSA4096 and ECC384 G1 roots,
 * whichever the instance's caCertIdentifier names. Public certificate data, kept in rds-ca/
 * (where it came from, and how to add a region: rds-ca/README.md); undefined for a region
 * without a file.
 */
export function rdsCaBundle(region: string): string | undefined {
    const file = path.join(__dirname, "rds-ca", `${region}.pem`);
    return /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** The Job's namespace: the application's with `-database-admin`; the master credential lives only here. */
export function databaseAdminNamespace(applicationNamespace: string): string {
    return `${applicationNamespace}-database-admin`;
}

export const ROLES_JOB_PODS = { "app.kubernetes.io/name": "database-roles", "app.kubernetes.io/instance": "database-roles" };
export const ROLES_SERVICE_ACCOUNT = "database-roles";
export const MASTER_SECRET = "database-master";
export const ROLES_SCRIPT_SECRET = "database-roles-script";
/** The files of the master Secret: what psql reads from its PG* variables, the CA bundle and the script. */
export const MASTER_FILES = { password: "password", ca: "rds-ca.pem" } as const;
export const SCRIPT_FILE = "roles.sql";
const SECRETS_DIR = "/var/run/secrets/database";
/** The official alpine image's `postgres` user and group. */
const JOB_USER = 70;

/** The Job's namespace: restricted, nothing in, DNS and PostgreSQL out. */
export function databaseAdminNamespaceSpec(name: string, addresses: ClusterAddresses, port: number): NamespaceSpec {
    return { name, podSecurity: "restricted", ingress: [], egress: [toDatabase(addresses, port, ROLES_JOB_PODS)] };
}

export interface RolesJobSpec {
    namespace: string;
    /** The official postgres image through the account's ECR Public cache (components/shared/images.ts): psql of the server's major version or newer. */
    image: pulumi.Input<string>;
    host: pulumi.Input<string>;
    port: number;
    databaseName: string;
    masterUsername: string;
    /** `database-roles-<digest of the script>`: a changed script (a new role, a new password) is a new Job, which runs it again. */
    jobName: pulumi.Input<string>;
    priorityClassName: string;
}

export function validateRolesJobSpec(spec: Pick<RolesJobSpec, "namespace">): string[] {
    return isDnsLabel(spec.namespace) ? [] : [`namespace ${JSON.stringify(spec.namespace)} is not a DNS label`];
}

/** The Job's own identity, without an API token: it never calls Kubernetes. */
export function renderRolesServiceAccount(namespace: string) {
    return { metadata: { name: ROLES_SERVICE_ACCOUNT, namespace, labels: ROLES_JOB_PODS }, automountServiceAccountToken: false } satisfies k8s.core.v1.ServiceAccountArgs;
}

/**
 * psql with `sslmode=verify-full` against the RDS CA bundle, as the master user, whose password
 * it reads from its file into its own environment (never the pod spec); the script is one
 * transaction. Retried a few times (the instance may still be starting); Pulumi waits for the
 * Job to complete, so a failure fails the `pulumi up`.
 */
export function renderRolesJob(spec: RolesJobSpec) {
    const secretFile = (file: string) => `${SECRETS_DIR}/${file}`;
    return {
        metadata: {
            name: spec.jobName,
            namespace: spec.namespace,
            labels: { ...ROLES_JOB_PODS, "app.kubernetes.io/component": "database-roles", "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" },
        },
        spec: {
            backoffLimit: 4,
            activeDeadlineSeconds: 600,
            template: {
                metadata: { labels: ROLES_JOB_PODS },
                spec: {
                    restartPolicy: "Never",
                    serviceAccountName: ROLES_SERVICE_ACCOUNT,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    priorityClassName: spec.priorityClassName,
                    securityContext: restrictedPodSecurity({ user: JOB_USER, fsGroup: JOB_USER }),
                    containers: [{
                        name: "psql",
                        image: spec.image,
                        command: ["sh", "-c", `PGPASSWORD="$(cat ${secretFile(MASTER_FILES.password)})" exec psql --no-psqlrc --file ${secretFile(SCRIPT_FILE)}`],
                        env: [
                            { name: "PGHOST", value: spec.host },
                            { name: "PGPORT", value: String(spec.port) },
                            { name: "PGDATABASE", value: spec.databaseName },
                            { name: "PGUSER", value: spec.masterUsername },
                            { name: "PGSSLMODE", value: "verify-full" },
                            { name: "PGSSLROOTCERT", value: secretFile(MASTER_FILES.ca) },
                            { name: "PGCONNECT_TIMEOUT", value: "10" },
                        ],
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                        securityContext: RESTRICTED_CONTAINER,
                        volumeMounts: [{ name: "secrets", mountPath: SECRETS_DIR, readOnly: true }],
                    }],
                    volumes: [{
                        name: "secrets",
                        projected: {
                            defaultMode: 0o440,
                            sources: [
                                { secret: { name: MASTER_SECRET, items: [{ key: MASTER_FILES.password, path: MASTER_FILES.password }, { key: MASTER_FILES.ca, path: MASTER_FILES.ca }] } },
                                { secret: { name: ROLES_SCRIPT_SECRET, items: [{ key: SCRIPT_FILE, path: SCRIPT_FILE }] } },
                            ],
                        },
                    }],
                },
            },
        },
    } satisfies k8s.batch.v1.JobArgs;
}
