/**
 * A microservice as data. A `ServiceDefinition` (one file per service in stacks/services)
 * says what the service is and needs; the workload layer joins it with the stack's config
 * into a `ServiceSpec`, which pure renderers (render/) expand into Kubernetes objects.
 */
import * as pulumi from "@pulumi/pulumi";
import { TrafficRule } from "../namespace/baseline";
import { Toleration } from "../cluster/placement";
import { MetricDefinition } from "./metrics";

/** A rule of a namespaced Role, as the Kubernetes RBAC API spells it. */
export interface RbacRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

/**
 * What a service may do in Redis, as Redis ACL rules name it: its own user sees only the keys
 * and pub/sub channels under its prefixes and runs only the commands listed here (plus the
 * handshake every client library sends: PING, HELLO, CLIENT SETNAME/SETINFO). The contract for
 * service teams is in docs/workloads.md; components/workload/redis/acl.ts checks and renders it.
 */
export interface RedisAccess {
    /** Key prefixes the service owns, each granting `~<prefix>:*`; no two services share one. */
    keyPrefixes: string[];
    /** Pub/sub channel prefixes it publishes or subscribes to, each granting `&<prefix>:*`. */
    channelPrefixes: string[];
    /** Commands it runs, lowercase, `command` or `command|subcommand`, e.g. `get`, `set`, `publish`. */
    commands: string[];
    /**
     * Why a command outside the safe set is needed, by command as listed in `commands`: a
     * category (`@read`), or one that reaches beyond the service's own keys or the server
     * (KEYS, SCAN, FLUSH*, EVAL*, SCRIPT, FUNCTION, CONFIG, DEBUG, INFO ...). Without a reason
     * such a command is refused.
     */
    justifications?: Record<string, string>;
}

/**
 * How much a service matters when capacity runs short. `trading`: the path from a client's
 * request to a signal; `analytics`: work that may wait (model inference, backfills).
 */
export type ServicePriority = "trading" | "analytics";

/** What a service is and what it needs; the same for every stack. */
export interface ServiceDefinition {
    /** DNS label: the name of its Deployment, Service, ServiceAccount and ECR repository. */
    name: string;
    /** One sentence for the service catalog. */
    description: string;
    /** `app.kubernetes.io/component`, e.g. `api-gateway`. */
    component: string;
    /** The container's HTTP port (named `http`); the Service exposes the same port. */
    port: number;
    /** Port serving Prometheus metrics at `/metrics` (named `metrics`), kept off the request path. */
    metricsPort: number;
    /** What it exposes there beyond the HTTP server metrics every service has (components/workload/metrics.ts). */
    metrics: MetricDefinition[];
    probes: {
        /** Answers 200 when the service can take traffic (its dependencies reachable). */
        readinessPath: string;
        /** Answers 200 while the process is healthy; must not check dependencies. */
        livenessPath: string;
        /** Seconds the service may take to start before liveness applies (a startup probe); unset for fast starters. */
        startupSeconds?: number;
    };
    priority: ServicePriority;
    /** Runs on spot capacity when it can (tolerates the interruptible node groups, prefers them). */
    interruptible: boolean;
    /** Services it calls over HTTP (their `port`). */
    calls: string[];
    uses: {
        /** Its Redis user's rights; unset: it has no Redis user and cannot reach Redis. */
        redis?: RedisAccess;
        /** The PostgreSQL database of the platform; its credentials are mounted as files. */
        database: boolean;
        /** `sign`: holds the JWT signing keys; `verify`: holds them only to verify tokens. */
        jwt?: "sign" | "verify";
        /** API keys (names under the `apiKeys` config key) mounted as files. */
        apiKeys: string[];
        /** Kubernetes API access: one Role in its namespace with these rules; its pods then get a token. */
        kubernetesApi?: RbacRule[];
        /** AWS access: the inline IAM policy statements of its IRSA role; its pods may then reach AWS APIs over HTTPS. */
        aws?: { Effect: "Allow"; Action: string[]; Resource: string[] }[];
        /** External APIs it calls over HTTPS (names for the catalog); its pods may then reach public addresses on 443. */
        externalApis?: string[];
    };
    /** Served to the internet through the NGINX ingress controller on `dns.apiHost`. */
    ingress?: {
        /** Requests per second one client may make, and the burst above it. */
        rateLimit: { ratePerSecond: number; burst: number };
        /** Largest request body, as NGINX spells sizes (`1m`). */
        maxBodySize: string;
    };
    /** Directories the process writes to; each is an emptyDir, since the root filesystem is read-only. */
    writablePaths: string[];
    /** Seconds between SIGTERM and SIGKILL: long enough to finish in-flight requests. */
    terminationGracePeriodSeconds: number;
}

/** Container requests and limits; no CPU limit lets pods burst on idle CPU. */
export interface ResourceRequirements {
    requests: { cpu: string; memory: string };
    limits: { cpu?: string; memory: string };
}

export interface Scaling {
    min: number;
    max: number;
    targetCpuUtilization: number;
    /** Null: the HPA does not scale on memory (a VPA may then control memory). */
    targetMemoryUtilization: number | null;
    /** HTTP requests per second per pod; null: the service's load is not request-driven, the HPA does not scale on it. */
    targetRequestsPerSecond: number | null;
}

/** VPA update modes; anything but Off changes pods' requests. */
export type VerticalScalingMode = "Off" | "Initial" | "Recreate" | "InPlaceOrRecreate";

export interface VerticalScaling {
    mode: VerticalScalingMode;
    /** Resources the VPA may set when its mode is not Off. */
    controlledResources: ("cpu" | "memory")[];
}

/** A Secret mounted into the service's containers as read-only files. */
export interface SecretMount {
    /** The volume's name. */
    name: string;
    secretName: string;
    mountPath: string;
    /** Only these keys of the Secret become files; all of them when unset. */
    keys?: string[];
}

/** A service as one stack runs it: its definition joined with the stack's config and the platform. */
export interface ServiceSpec {
    definition: ServiceDefinition;
    namespace: string;
    /** Full image reference: `<ECR repository>:<tag>` or `<ECR repository>:<tag>@sha256:<digest>`. */
    image: pulumi.Input<string>;
    /** The image tag: the `app.kubernetes.io/version` label. */
    version: string;
    scaling: Scaling;
    resources: ResourceRequirements;
    verticalScaling: VerticalScaling;
    /** PriorityClass of its pods. */
    priorityClassName: string;
    /** Tolerations of interruptible capacity, when the definition is interruptible. */
    tolerations: Toleration[];
    /** Labels of the interruptible nodes it prefers, when interruptible. */
    preferredNodeLabels: Record<string, string>;
    /** Zone spread: DoNotSchedule where the autoscaler can add a node in every zone for it, ScheduleAnyway otherwise. */
    zoneSpread: "DoNotSchedule" | "ScheduleAnyway";
    /** Annotations of its pods, whose change rolls them (e.g. the security groups a SecurityGroupPolicy gives them at admission). */
    podAnnotations?: Record<string, pulumi.Input<string>>;
    /** Non-secret settings: addresses of the services, Redis and the database it uses, paths of its secret files. */
    env: Record<string, pulumi.Input<string>>;
    secretMounts: SecretMount[];
    /** The NetworkPolicy's flows for its pods; the namespace's default-deny and DNS rules apply too. */
    traffic: { ingress: TrafficRule[]; egress: TrafficRule[] };
}
