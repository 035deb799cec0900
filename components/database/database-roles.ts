import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { NamespaceBaseline } from "../namespace/namespace-baseline";
import { ClusterAddresses } from "../namespace/traffic";
import { componentType } from "../shared/naming";
import { renderDatabaseClientPolicy } from "./pod-security-group";
import {
    databaseAdminNamespace, databaseAdminNamespaceSpec, MASTER_FILES, ROLES_JOB_PODS, MASTER_SECRET, rdsCaBundle, renderRolesJob, renderRolesServiceAccount, roleName, rolesScript, ROLES_SCRIPT_SECRET,
    scramVerifier, SCRIPT_FILE, validateRoleNames, validateRolesJobSpec,
} from "./roles";

export interface DatabaseRolesArgs {
    /** The application's namespace; the Job runs in `<it>-database-admin`. */
    applicationNamespace: string;
    addresses: ClusterAddresses;
    database: { host: pulumi.Input<string>; port: number; databaseName: string; masterUsername: string; masterPassword: pulumi.Output<string> };
    /** The database's region, whose RDS CA bundle clients verify the server with. */
    region: string;
    /** Where the region is configured, for the error when no bundle is kept for it. */
    regionSetting: string;
    /** The official postgres image whose psql runs the script, as the account's cache serves it. */
    image: pulumi.Input<string>;
    priorityClassName: string;
    /** The services that use the database: one role each. */
    services: string[];
    /** The security groups the Job's pod gets (the cluster's and the database's client group), when the database admits only its client pods. */
    podSecurityGroupIds?: pulumi.Input<string>[];
}

/** A service's login: its role and generated password. */
export interface RoleCredentials {
    username: string;
    password: pulumi.Output<string>;
}

/** Letters and digits only, as SCRAM's SASLprep and every client's connection string take them unescaped. */
const PASSWORD = { length: 32, special: false };
const SALT_BYTES = 16;

/**
 * Per-service PostgreSQL roles, created by a Job that runs as the RDS master user in a
 * namespace of its own: the master credential lives only there, where no application pod can
 * mount it (a pod mounts Secrets of its own namespace only). Each role's password is generated
 * here and reaches the database only as its SCRAM verifier.
 */
export class DatabaseRoles extends pulumi.ComponentResource {
    /** By service name. */
    readonly credentials: Record<string, RoleCredentials>;
    /** The RDS CA certificates clients verify the server with (`sslmode=verify-full`). */
    readonly caBundle: string;
    readonly job: k8s.batch.v1.Job;

    constructor(name: string, args: DatabaseRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("database", "DatabaseRoles"), name, {}, opts);
        const namespace = databaseAdminNamespace(args.applicationNamespace);
        const caBundle = rdsCaBundle(args.region);
        const problems = [
            ...validateRoleNames(args.services),
            ...validateRolesJobSpec({ namespace }),
            ...(caBundle ? [] : [`${args.regionSetting}: no RDS CA bundle is kept for ${JSON.stringify(args.region)}; add components/database/rds-ca/${args.region}.pem (components/database/rds-ca/README.md)`]),
        ];
        if (problems.length > 0) throw new Error(`DatabaseRoles ${name}: ${problems.join("; ")}`);
        this.caBundle = caBundle!;
        const child = { parent: this };

        const baseline = new NamespaceBaseline(namespace, { spec: databaseAdminNamespaceSpec(namespace, args.addresses, args.database.port) }, child);
        const roles = args.services.map((service) => {
            const password = new random.RandomPassword(`${name}-${service}-password`, PASSWORD, child).result;
            const salt = new random.RandomBytes(`${name}-${service}-salt`, { length: SALT_BYTES }, child).base64;
            const verifier = pulumi.all([password, salt]).apply(([plain, bytes]) => scramVerifier(plain, Buffer.from(bytes, "base64")));
            return { service, name: roleName(service), password, verifier };
        });
        this.credentials = Object.fromEntries(roles.map((role) => [role.service, { username: role.name, password: pulumi.secret(role.password) }]));

        const script = pulumi.all(roles.map((role) => role.verifier)).apply((verifiers) =>
            rolesScript(args.database.databaseName, roles.map((role, index) => ({ name: role.name, verifier: verifiers[index] }))));
        const inNamespace = { parent: this, dependsOn: [baseline] };
        const labels = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" };
        const podInputs = [
            new k8s.core.v1.ServiceAccount(`${name}-service-account`, renderRolesServiceAccount(namespace), inNamespace),
            ...(args.podSecurityGroupIds ? [new k8s.apiextensions.CustomResource(`${name}-security-group-policy`,
                renderDatabaseClientPolicy(namespace, "database-roles", ROLES_JOB_PODS, args.podSecurityGroupIds), inNamespace)] : []),
            new k8s.core.v1.Secret(`${name}-master`, {
                metadata: { name: MASTER_SECRET, namespace, labels },
                type: "Opaque",
                immutable: false,
                stringData: { [MASTER_FILES.password]: args.database.masterPassword, [MASTER_FILES.ca]: this.caBundle },
            }, inNamespace),
            new k8s.core.v1.Secret(`${name}-script`, {
                metadata: { name: ROLES_SCRIPT_SECRET, namespace, labels },
                type: "Opaque",
                immutable: false,
                stringData: { [SCRIPT_FILE]: pulumi.secret(script) },
            }, inNamespace),
        ];
        // The digest of a script of verifiers tells nothing about the passwords: it may name the Job in the clear.
        const digest = pulumi.unsecret(script.apply((text) => createHash("sha256").update(text).digest("hex").slice(0, 10)));
        this.job = new k8s.batch.v1.Job(`${name}-job`, renderRolesJob({
            namespace,
            image: args.image,
            host: args.database.host,
            port: args.database.port,
            databaseName: args.database.databaseName,
            masterUsername: args.database.masterUsername,
            jobName: pulumi.interpolate`database-roles-${digest}`,
            priorityClassName: args.priorityClassName,
        }), { parent: this, dependsOn: [baseline, ...podInputs] });
        this.registerOutputs({});
    }
}
