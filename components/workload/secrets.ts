/**
 * The application's Secrets, mounted into the services as read-only files: the JWT signing
 * keys, each database user's credentials and each service's API keys. Values come from
 * @pulumi/random or secret config and stay secret Outputs end to end, so Pulumi's state
 * holds them encrypted; they never appear in environment variables or chart values.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { componentType } from "../shared/naming";

export const JWT_SIGNING_KEYS_SECRET = "jwt-signing-keys";

/** The Secret of a service's own database login (its role, not the master user's). */
export function databaseCredentialsSecretName(service: string): string {
    return `${service}-database-credentials`;
}

/** The file of the JWT signing keys Secret naming the key that signs; the others only verify. */
export const CURRENT_KEY_ID_FILE = "current-key-id";

/** The file holding one JWT key: the key's 64 random bytes, base64-encoded. */
export function jwtKeyFile(keyId: string): string {
    return `${keyId}.key`;
}

/** Files of a database credentials Secret; `rds-ca.pem` is the CA bundle that verifies the server (PGSSLROOTCERT). */
export const DATABASE_CREDENTIAL_FILES = { host: "host", port: "port", dbname: "dbname", username: "username", password: "password", ca: "rds-ca.pem" } as const;

/** The Secret of a service's API keys: one file per key, named as the key is under the `apiKeys` config. */
export function apiKeysSecretName(service: string): string {
    return `${service}-api-keys`;
}

const JWT_KEY_BYTES = 64;

/**
 * An Opaque Secret of files. Not immutable: a rotation adds a key file in place (the cluster's
 * Kubernetes provider updates Secrets instead of replacing them), and the kubelet refreshes
 * mounted files without restarting the pods.
 */
export function secretObject(name: string, namespace: string, files: Record<string, pulumi.Input<string>>, labels: Record<string, string>) {
    return {
        metadata: { name, namespace, labels },
        type: "Opaque",
        immutable: false,
        stringData: files,
    };
}

/** The JWT signing keys' files; the first key signs. */
export function jwtSigningKeyFiles(keys: { keyId: string; base64: pulumi.Input<string> }[]): Record<string, pulumi.Input<string>> {
    return {
        ...Object.fromEntries(keys.map((key) => [jwtKeyFile(key.keyId), key.base64])),
        [CURRENT_KEY_ID_FILE]: keys[0].keyId,
    };
}

/** How a service reaches the platform's PostgreSQL as its own role. */
export interface DatabaseConnection {
    host: pulumi.Input<string>;
    port: number;
    databaseName: string;
    /** The RDS CA certificates (public data) that verify the server. */
    caBundle: string;
    username: string;
    password: pulumi.Output<string>;
}

export function databaseCredentialFiles(database: DatabaseConnection): Record<string, pulumi.Input<string>> {
    return {
        [DATABASE_CREDENTIAL_FILES.host]: database.host,
        [DATABASE_CREDENTIAL_FILES.port]: String(database.port),
        [DATABASE_CREDENTIAL_FILES.dbname]: database.databaseName,
        [DATABASE_CREDENTIAL_FILES.username]: database.username,
        [DATABASE_CREDENTIAL_FILES.password]: database.password,
        [DATABASE_CREDENTIAL_FILES.ca]: database.caBundle,
    };
}

/** A service that reads API keys: its labels and the names of the keys it uses. */
export interface ApiKeyConsumer {
    name: string;
    labels: Record<string, string>;
    apiKeys: string[];
}

/** Only the keys the service lists, so no service can read another's. */
export function apiKeyFiles(service: ApiKeyConsumer, apiKeys: Record<string, pulumi.Input<string>>): Record<string, pulumi.Input<string>> {
    return Object.fromEntries(service.apiKeys.map((key) => [key, apiKeys[key]]));
}

export interface ApplicationSecretsArgs {
    namespace: string;
    /** Labels of the Secrets shared by services (JWT keys). */
    labels: Record<string, string>;
    /** `auth.jwtKeyIds`: the first signs; the others still verify tokens during a rotation. */
    jwtKeyIds: string[];
    /** Each database user's login, by service: one Secret each, labelled as the service. */
    databases: Record<string, DatabaseConnection>;
    /** The secret `apiKeys` config, by name. */
    apiKeys: Record<string, pulumi.Output<string>>;
    /** Services and the API keys each uses; a service without any gets no Secret. */
    services: ApiKeyConsumer[];
}

/**
 * The Secrets of the application's namespace. Each JWT key is 64 random bytes of its own,
 * created and deleted with its id in `auth.jwtKeyIds`: rotation puts a new id first and
 * drops the old one once no token it signed is still valid.
 */
export class ApplicationSecrets extends pulumi.ComponentResource {
    readonly jwtSigningKeys: k8s.core.v1.Secret;
    /** By service name. */
    readonly databaseCredentials: Record<string, k8s.core.v1.Secret>;
    /** By service name. */
    readonly apiKeys: Record<string, k8s.core.v1.Secret>;

    constructor(name: string, args: ApplicationSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("workload", "ApplicationSecrets"), name, {}, opts);
        // Key ids and the API keys services need are checked with the rest of the config (stacks/config/schema.ts).
        const secret = (role: string, secretName: string, files: Record<string, pulumi.Input<string>>, labels: Record<string, string>) =>
            new k8s.core.v1.Secret(`${name}-${role}`, secretObject(secretName, args.namespace, files, labels), { parent: this });

        const keys = args.jwtKeyIds.map((keyId) => ({
            keyId,
            // The provider marks base64 and hex secret.
            base64: new random.RandomBytes(`${name}-jwt-key-${keyId}`, { length: JWT_KEY_BYTES, keepers: { keyId } }, { parent: this }).base64,
        }));
        this.jwtSigningKeys = secret("jwt-signing-keys", JWT_SIGNING_KEYS_SECRET, jwtSigningKeyFiles(keys), args.labels);
        const labelsOf = (name: string) => args.services.find((service) => service.name === name)?.labels ?? args.labels;
        this.databaseCredentials = Object.fromEntries(Object.entries(args.databases).map(([service, database]) => [
            service,
            secret(`${service}-database-credentials`, databaseCredentialsSecretName(service), databaseCredentialFiles(database), labelsOf(service)),
        ]));
        this.apiKeys = Object.fromEntries(args.services.filter((service) => service.apiKeys.length > 0).map((service) => [
            service.name,
            secret(`${service.name}-api-keys`, apiKeysSecretName(service.name), apiKeyFiles(service, args.apiKeys), service.labels),
        ]));
        this.registerOutputs({});
    }
}
