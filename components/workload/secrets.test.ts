import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Registrations, registrationsOf } from "../../test/harness";
import { isSecretWire } from "../../test/outputs";
import {
    apiKeyFiles, apiKeysSecretName, ApplicationSecrets, ApplicationSecretsArgs, CURRENT_KEY_ID_FILE,
    DATABASE_CREDENTIAL_FILES, databaseCredentialFiles, databaseCredentialsSecretName, JWT_SIGNING_KEYS_SECRET, jwtKeyFile,
    jwtSigningKeyFiles, secretObject,
} from "./secrets";

const SECRET_TYPE = "kubernetes:core/v1:Secret";
const BYTES_TYPE = "random:index/randomBytes:RandomBytes";
const NAMESPACE = "signal-trading";
const SHARED_LABELS = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" };
const DATA_LABELS = { ...SHARED_LABELS, "app.kubernetes.io/name": "data", "app.kubernetes.io/instance": "data" };
const DB_HOST = "signal-trading-prod.c0ffee.us-east-1.rds.amazonaws.com";
const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

/** The args of the prod application under mocks: Outputs are created once the mocks are set. */
function args(change: Partial<ApplicationSecretsArgs> = {}): ApplicationSecretsArgs {
    return {
        namespace: NAMESPACE,
        labels: SHARED_LABELS,
        jwtKeyIds: ["2026-11", "2026-05"],
        databases: { data: { host: pulumi.output(DB_HOST), port: 5432, databaseName: "signals", caBundle: CA, username: "data", password: pulumi.secret("database-password") } },
        apiKeys: { marketData: pulumi.secret("market-data-key"), newsFeed: pulumi.secret("news-feed-key") },
        services: [
            { name: "data", labels: DATA_LABELS, apiKeys: ["marketData"] },
            { name: "signal", labels: { ...SHARED_LABELS, "app.kubernetes.io/name": "signal" }, apiKeys: [] },
        ],
        ...change,
    };
}

describe("application secrets", () => {
    describe("as data", () => {
        it("are Opaque, mutable Secrets of files in the namespace, with the given labels", () => {
            assert.deepEqual(secretObject("database-credentials", NAMESPACE, { host: "db" }, SHARED_LABELS), {
                metadata: { name: "database-credentials", namespace: NAMESPACE, labels: SHARED_LABELS },
                type: "Opaque",
                immutable: false,
                stringData: { host: "db" },
            });
        });

        it("name the Secrets and files the services mount", () => {
            assert.equal(JWT_SIGNING_KEYS_SECRET, "jwt-signing-keys");
            assert.equal(databaseCredentialsSecretName("data"), "data-database-credentials");
            assert.equal(apiKeysSecretName("data"), "data-api-keys");
            assert.equal(CURRENT_KEY_ID_FILE, "current-key-id");
            assert.equal(jwtKeyFile("2026-11"), "2026-11.key");
            assert.deepEqual(DATABASE_CREDENTIAL_FILES, { host: "host", port: "port", dbname: "dbname", username: "username", password: "password", ca: "rds-ca.pem" });
        });

        it("hold a file per JWT key and name the first as the signing key", () => {
            assert.deepEqual(jwtSigningKeyFiles([{ keyId: "2026-11", base64: "bmV3" }, { keyId: "2026-05", base64: "b2xk" }]), {
                "2026-11.key": "bmV3", "2026-05.key": "b2xk", "current-key-id": "2026-11",
            });
        });

        it("hold the database's address, name, the service's own login and the CA bundle that verifies the server", () => {
            const password = pulumi.secret("p");
            assert.deepEqual(databaseCredentialFiles({ host: "db.internal", port: 5432, databaseName: "signals", caBundle: CA, username: "data", password }), {
                host: "db.internal", port: "5432", dbname: "signals", username: "data", password, "rds-ca.pem": CA,
            });
        });

        it("give a service only the API keys it lists", () => {
            assert.deepEqual(apiKeyFiles({ name: "data", labels: {}, apiKeys: ["marketData"] }, { marketData: "m", newsFeed: "n" }), { marketData: "m" });
        });
    });

    describe("under the mocks", () => {
        let r: Registrations;
        let secrets: ApplicationSecrets;
        before(async () => {
            r = await registrationsOf(() => {
                secrets = new ApplicationSecrets("prod-app-secrets", args());
            });
        });
        const secret = (role: string) => r.one(SECRET_TYPE, `prod-app-secrets-${role}`);

        it("registers as signal-trading:workload:ApplicationSecrets and parents every child to itself", () => {
            const component = r.one("signal-trading:workload:ApplicationSecrets", "prod-app-secrets");
            const children = r.all.filter((x) => x !== component);
            assert.deepEqual(children.map((x) => x.name).sort(), [
                "prod-app-secrets-data-api-keys", "prod-app-secrets-data-database-credentials",
                "prod-app-secrets-jwt-key-2026-05", "prod-app-secrets-jwt-key-2026-11", "prod-app-secrets-jwt-signing-keys",
            ]);
            for (const child of children) assert.equal(child.parent, component.urn, child.name);
            assert.deepEqual(Object.keys(secrets.apiKeys), ["data"]);
        });

        it("generates 64 random bytes per key id, replaced when the id changes", () => {
            const keys = r.ofType(BYTES_TYPE);
            assert.deepEqual(keys.map((k) => [k.name, r.inputs(k)]), [
                ["prod-app-secrets-jwt-key-2026-11", { length: 64, keepers: { keyId: "2026-11" } }],
                ["prod-app-secrets-jwt-key-2026-05", { length: 64, keepers: { keyId: "2026-05" } }],
            ]);
            for (const key of keys) {
                assert.ok(isSecretWire(key.outputs.base64), `${key.name}'s base64 is not secret`);
                assert.equal(Buffer.from(r.outputs(key).base64, "base64").length, 64);
            }
        });

        it("writes each key, base64-encoded, to its file and names the first key as the signing key", () => {
            const base64 = (keyId: string) => r.outputs(r.one(BYTES_TYPE, `prod-app-secrets-jwt-key-${keyId}`)).base64;
            assert.deepEqual(r.inputs(secret("jwt-signing-keys")), {
                apiVersion: "v1", kind: "Secret",
                metadata: { name: "jwt-signing-keys", namespace: NAMESPACE, labels: SHARED_LABELS },
                type: "Opaque", immutable: false,
                stringData: { "2026-11.key": base64("2026-11"), "2026-05.key": base64("2026-05"), "current-key-id": "2026-11" },
            });
        });

        it("writes each database user's address, login and CA bundle to its own Secret, labelled as its service", () => {
            assert.deepEqual(r.inputs(secret("data-database-credentials")), {
                apiVersion: "v1", kind: "Secret",
                metadata: { name: "data-database-credentials", namespace: NAMESPACE, labels: DATA_LABELS },
                type: "Opaque", immutable: false,
                stringData: { host: DB_HOST, port: "5432", dbname: "signals", username: "data", password: "database-password", "rds-ca.pem": CA },
            });
        });

        it("gives a service with API keys a Secret of exactly those keys, with its labels, and none to a service without", () => {
            assert.deepEqual(r.inputs(secret("data-api-keys")), {
                apiVersion: "v1", kind: "Secret",
                metadata: { name: "data-api-keys", namespace: NAMESPACE, labels: DATA_LABELS },
                type: "Opaque", immutable: false,
                stringData: { marketData: "market-data-key" },
            });
            assert.equal(r.ofType(SECRET_TYPE).filter((s) => s.name.includes("signal")).length, 0);
        });

        it("sends every Secret's files to the engine as a secret", () => {
            for (const s of r.ofType(SECRET_TYPE)) assert.ok(isSecretWire(s.inputs.stringData), `${s.name}'s stringData is sent in the clear`);
        });

        it("creates a key only for the ids listed, so dropping an id deletes its key", async () => {
            const rotated = await registrationsOf(() => new ApplicationSecrets("prod-app-secrets", args({ jwtKeyIds: ["2027-05", "2026-11"] })));
            assert.deepEqual(rotated.ofType(BYTES_TYPE).map((k) => k.name), ["prod-app-secrets-jwt-key-2027-05", "prod-app-secrets-jwt-key-2026-11"]);
            const files = rotated.inputs(rotated.one(SECRET_TYPE, "prod-app-secrets-jwt-signing-keys")).stringData;
            assert.deepEqual(Object.keys(files).sort(), ["2026-11.key", "2027-05.key", "current-key-id"]);
            assert.equal(files["current-key-id"], "2027-05");
        });
    });
});
