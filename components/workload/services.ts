/**
 * Joins the services' definitions with a stack's config and the platform into ServiceSpecs:
 * the image reference, sizing, placement, the settings and secret files each service reads,
 * and its network flows. Pure: the workload layer passes the platform's outputs in.
 */
import * as pulumi from "@pulumi/pulumi";
import { Toleration } from "../cluster/placement";
import { PRIORITY_CLASS_NAMES } from "./priority-classes";
import { ServiceTraffic } from "./traffic";
import { ResourceRequirements, Scaling, SecretMount, ServiceDefinition, ServiceSpec, VerticalScaling } from "./spec";

/** A service's block under `services:` in the stack file. */
export interface ServiceConfig {
    image: { tag: string; digest?: string };
    scaling: Scaling;
    resources: ResourceRequirements;
    verticalScaling: VerticalScaling;
}

/** Where the services' secret files are mounted: one directory per Secret. */
export const SECRETS_ROOT = "/var/run/secrets/signal-trading";

export interface ServiceSpecInputs {
    namespace: string;
    config: Record<string, ServiceConfig>;
    /** ECR repository URL per service. */
    repositories: Record<string, pulumi.Input<string>>;
    traffic: Record<string, ServiceTraffic>;
    /** Tolerations of the interruptible (spot) node groups, and the node labels interruptible services prefer. */
    interruptible: { tolerations: Toleration[]; nodeLabels: Record<string, string> };
    /** The on-demand node groups are zonal, so the autoscaler can add a node in the zone a pending replica needs. */
    zonalCapacity: boolean;
    /** Redis's address, each service's Secret (its user and password) and the CA certificate that verifies Redis. */
    redis: {
        host: string;
        port: number;
        secretName: (service: string) => string;
        files: { username: string; password: string };
        ca: { secretName: string; key: string };
    };
    /** Each service's database credentials Secret (its own role) and the file names in it. */
    database: { secretName: (service: string) => string; files: { ca: string } };
    jwt: { secretName: string };
    /** Name of the Secret with a service's API keys. */
    apiKeysSecretName: (service: string) => string;
    /** Where the services send their spans (OTLP over gRPC), and the environment their resource names; unset, they export none. */
    tracing?: { otlpEndpoint: string; environment: string };
}

/** `<repository>:<tag>`, and `@<digest>` when the config pins one. */
export function pinnedImage(repository: string, image: ServiceConfig["image"]): string {
    return `${repository}:${image.tag}${image.digest ? `@${image.digest}` : ""}`;
}

const envName = (service: string) => service.toUpperCase().replace(/-/g, "_");

/** The Secrets a service reads, as mounts, and the settings that point it at them and at its peers. */
function settingsOf(definition: ServiceDefinition, version: string, inputs: ServiceSpecInputs, services: Map<string, ServiceDefinition>) {
    const mounts: SecretMount[] = [];
    const mount = (volume: string, secretName: string, keys?: string[]) => {
        mounts.push({ name: volume, secretName, mountPath: `${SECRETS_ROOT}/${volume}`, ...(keys ? { keys } : {}) });
        return `${SECRETS_ROOT}/${volume}`;
    };
    const env: Record<string, string> = {
        HTTP_PORT: String(definition.port),
        METRICS_PORT: String(definition.metricsPort),
    };
    for (const name of definition.calls) {
        const target = services.get(name);
        if (!target) throw new Error(`service ${definition.name} calls ${JSON.stringify(name)}, which is not a service`);
        env[`${envName(name)}_URL`] = `http://${name}.${inputs.namespace}.svc.cluster.local:${target.port}`;
    }
    if (definition.uses.redis) {
        const { host, port, files, ca } = inputs.redis;
        // rediss: Redis accepts TLS only; clients verify its certificate against the mounted CA.
        env.REDIS_URL = `rediss://${host}:${port}`;
        const auth = mount("redis-auth", inputs.redis.secretName(definition.name));
        env.REDIS_USERNAME_FILE = `${auth}/${files.username}`;
        env.REDIS_PASSWORD_FILE = `${auth}/${files.password}`;
        // Only the CA certificate of cert-manager's Secret: Redis's private key stays out of the services' pods.
        env.REDIS_CA_FILE = `${mount("redis-ca", ca.secretName, [ca.key])}/${ca.key}`;
    }
    if (definition.uses.database) {
        const dir = mount("database-credentials", inputs.database.secretName(definition.name));
        env.DATABASE_CREDENTIALS_DIR = dir;
        // TLS with the server's certificate and host name checked against the RDS CA bundle of the Secret.
        env.PGSSLMODE = "verify-full";
        env.PGSSLROOTCERT = `${dir}/${inputs.database.files.ca}`;
    }
    if (definition.uses.jwt) env.JWT_KEYS_DIR = mount("jwt-signing-keys", inputs.jwt.secretName);
    if (definition.uses.apiKeys.length > 0) env.API_KEYS_DIR = mount("api-keys", inputs.apiKeysSecretName(definition.name));
    if (inputs.tracing) Object.assign(env, otelEnvironment(definition.name, version, inputs.tracing));
    return { env, mounts };
}

/**
 * The OpenTelemetry SDK's standard variables: where to export, over which protocol, and the
 * resource every span carries (the service, its version, the environment), by which traces
 * and span metrics are grouped. The SDK reads OTEL_RESOURCE_ATTRIBUTES as `key=value` pairs
 * with percent-encoded values.
 */
export function otelEnvironment(service: string, version: string, tracing: NonNullable<ServiceSpecInputs["tracing"]>): Record<string, string> {
    const attributes = { "deployment.environment.name": tracing.environment, "service.namespace": "signal-trading", "service.version": version };
    return {
        OTEL_EXPORTER_OTLP_ENDPOINT: tracing.otlpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_SERVICE_NAME: service,
        OTEL_RESOURCE_ATTRIBUTES: Object.entries(attributes).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join(","),
    };
}

export function serviceSpecs(services: readonly ServiceDefinition[], inputs: ServiceSpecInputs): ServiceSpec[] {
    const byName = new Map(services.map((s) => [s.name, s]));
    return services.map((definition) => {
        const config = inputs.config[definition.name];
        const repository = inputs.repositories[definition.name];
        const traffic = inputs.traffic[definition.name];
        if (!config || !repository || !traffic) throw new Error(`service ${definition.name} has no config, image repository or traffic`);
        const { env, mounts } = settingsOf(definition, config.image.tag, inputs, byName);
        return {
            definition,
            namespace: inputs.namespace,
            image: pulumi.output(repository).apply((url) => pinnedImage(url, config.image)),
            version: config.image.tag,
            scaling: config.scaling,
            resources: config.resources,
            verticalScaling: config.verticalScaling,
            priorityClassName: PRIORITY_CLASS_NAMES[definition.priority],
            tolerations: definition.interruptible ? inputs.interruptible.tolerations : [],
            preferredNodeLabels: definition.interruptible ? inputs.interruptible.nodeLabels : {},
            // Spot capacity comes and goes per zone, and a non-zonal group may add its node in any zone:
            // there a pending replica would be worse than a skewed one.
            zoneSpread: !definition.interruptible && inputs.zonalCapacity ? "DoNotSchedule" : "ScheduleAnyway",
            env,
            secretMounts: mounts,
            traffic,
        };
    });
}
