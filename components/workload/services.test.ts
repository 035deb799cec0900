import { strict as assert } from "node:assert";
import { SERVICES } from "../../stacks/services";
import { parsedConfig } from "../../test/addon-fixture";
import { valueOf } from "../../test/outputs";
import { otelEnvironment, pinnedImage, ServiceSpecInputs, serviceSpecs } from "./services";
import { ServiceSpec } from "./spec";

const SPOT = { key: "workload-class", operator: "Equal" as const, value: "interruptible", effect: "NoSchedule" as const };

function inputs(change: (i: ServiceSpecInputs) => void = () => undefined): ServiceSpecInputs {
    const value: ServiceSpecInputs = {
        namespace: "signal-trading",
        config: parsedConfig("prod").services,
        repositories: Object.fromEntries(SERVICES.map((s) => [s.name, `123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/${s.name}`])),
        traffic: Object.fromEntries(SERVICES.map((s) => [s.name, { ingress: [], egress: [] }])),
        interruptible: { tolerations: [SPOT], nodeLabels: { "eks.amazonaws.com/capacityType": "SPOT" } },
        zonalCapacity: true,
        redis: {
            host: "redis.signal-trading.svc.cluster.local", port: 6379, secretName: (service) => `redis-${service}-auth`,
            files: { username: "username", password: "password" }, ca: { secretName: "redis-tls", key: "ca.crt" },
        },
        database: { secretName: (service) => `${service}-database-credentials`, files: { ca: "rds-ca.pem" } },
        jwt: { secretName: "jwt-signing-keys" },
        apiKeysSecretName: (service) => `${service}-api-keys`,
    };
    change(value);
    return value;
}

const byName = (specs: ServiceSpec[], name: string) => specs.find((s) => s.definition.name === name)!;

describe("service specs", () => {
    const specs = serviceSpecs(SERVICES, inputs());

    it("points every service's OpenTelemetry SDK at the collector, naming the service, its version and the environment", () => {
        const traced = serviceSpecs(SERVICES, inputs((i) => { i.tracing = { otlpEndpoint: "http://otel-collector.opentelemetry.svc.cluster.local:4317", environment: "prod" }; }));
        for (const spec of traced) {
            const { OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES } = spec.env;
            assert.deepEqual({ OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES }, {
                OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector.opentelemetry.svc.cluster.local:4317",
                OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
                OTEL_SERVICE_NAME: spec.definition.name,
                OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=prod,service.namespace=signal-trading,service.version=${spec.version}`,
            });
        }
        assert.ok(Object.keys(byName(specs, "gateway").env).every((name) => !name.startsWith("OTEL_")), "a stack without a collector exports spans");
    });

    it("percent-encodes the resource attributes' values, as the SDK reads them", () => {
        assert.equal(otelEnvironment("ml", "1.0.0+build,7", { otlpEndpoint: "http://c:4317", environment: "dev" }).OTEL_RESOURCE_ATTRIBUTES,
            "deployment.environment.name=dev,service.namespace=signal-trading,service.version=1.0.0%2Bbuild%2C7");
    });

    it("pins an image by tag, and by digest when the config has one", () => {
        assert.equal(pinnedImage("repo/gateway", { tag: "1.0.0" }), "repo/gateway:1.0.0");
        assert.equal(pinnedImage("repo/gateway", { tag: "1.0.0", digest: `sha256:${"a".repeat(64)}` }), `repo/gateway:1.0.0@sha256:${"a".repeat(64)}`);
    });

    it("pulls each service from its own repository at the configured tag and digest", async () => {
        assert.equal(await valueOf(byName(specs, "signal").image as any), `123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/signal:1.0.0@sha256:${"0".repeat(64)}`);
        assert.equal(byName(specs, "signal").version, "1.0.0");
    });

    it("mounts the gateway's JWT keys, its own Redis user and password and only the CA certificate of Redis's, and points it at its callees and Redis over TLS", () => {
        const gateway = byName(specs, "gateway");
        assert.deepEqual(gateway.secretMounts, [
            { name: "redis-auth", secretName: "redis-gateway-auth", mountPath: "/var/run/secrets/signal-trading/redis-auth" },
            { name: "redis-ca", secretName: "redis-tls", mountPath: "/var/run/secrets/signal-trading/redis-ca", keys: ["ca.crt"] },
            { name: "jwt-signing-keys", secretName: "jwt-signing-keys", mountPath: "/var/run/secrets/signal-trading/jwt-signing-keys" },
        ]);
        assert.deepEqual(gateway.env, {
            HTTP_PORT: "8080",
            METRICS_PORT: "9090",
            DATA_URL: "http://data.signal-trading.svc.cluster.local:8080",
            SIGNAL_URL: "http://signal.signal-trading.svc.cluster.local:8080",
            ML_URL: "http://ml.signal-trading.svc.cluster.local:8080",
            REDIS_URL: "rediss://redis.signal-trading.svc.cluster.local:6379",
            REDIS_USERNAME_FILE: "/var/run/secrets/signal-trading/redis-auth/username",
            REDIS_PASSWORD_FILE: "/var/run/secrets/signal-trading/redis-auth/password",
            REDIS_CA_FILE: "/var/run/secrets/signal-trading/redis-ca/ca.crt",
            JWT_KEYS_DIR: "/var/run/secrets/signal-trading/jwt-signing-keys",
        });
    });

    it("gives data the database credentials over TLS and only its own API keys", () => {
        const data = byName(specs, "data");
        assert.deepEqual(data.secretMounts.map((m) => m.secretName), ["redis-data-auth", "redis-tls", "data-database-credentials", "data-api-keys"]);
        assert.equal(data.env.DATABASE_CREDENTIALS_DIR, "/var/run/secrets/signal-trading/database-credentials");
        // The server's certificate and name are checked against the RDS CA bundle, not merely encrypted.
        assert.equal(data.env.PGSSLMODE, "verify-full");
        assert.equal(data.env.PGSSLROOTCERT, "/var/run/secrets/signal-trading/database-credentials/rds-ca.pem");
        assert.equal(data.env.API_KEYS_DIR, "/var/run/secrets/signal-trading/api-keys");
    });

    it("puts the trading path on on-demand capacity spread hard over zones, and ml on spot by preference with a soft spread", () => {
        for (const name of ["gateway", "data", "signal"]) {
            const spec = byName(specs, name);
            assert.deepEqual([spec.priorityClassName, spec.zoneSpread, spec.tolerations, spec.preferredNodeLabels], ["signal-trading-critical", "DoNotSchedule", [], {}], name);
        }
        const ml = byName(specs, "ml");
        assert.deepEqual([ml.priorityClassName, ml.zoneSpread, ml.tolerations, ml.preferredNodeLabels], ["signal-trading-standard", "ScheduleAnyway", [SPOT], { "eks.amazonaws.com/capacityType": "SPOT" }]);
    });

    it("spreads softly where the on-demand groups are not zonal, as the autoscaler cannot pick the zone", () => {
        const spread = serviceSpecs(SERVICES, inputs((i) => { i.zonalCapacity = false; })).map((s) => s.zoneSpread);
        assert.deepEqual(spread, ["ScheduleAnyway", "ScheduleAnyway", "ScheduleAnyway", "ScheduleAnyway"]);
    });

    it("refuses a service without config, repository or traffic", () => {
        assert.throws(() => serviceSpecs(SERVICES, inputs((i) => { delete i.repositories.ml; })), /service ml has no config, image repository or traffic/);
    });
});
