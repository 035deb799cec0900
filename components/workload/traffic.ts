/**
 * Who may talk to whom in the application namespace, from the services' definitions: each
 * call a definition declares opens egress on the caller and ingress on the callee, and
 * nothing else is open. The namespace's default-deny and DNS rules apply on top.
 */
import { fromNginxIngress } from "../addons/nginx-ingress/namespace";
import { TrafficRule } from "../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer, toDatabase, toPublicHttps } from "../namespace/traffic";
import { selectorLabels } from "./render/labels";
import { callsKubernetesApi } from "./render/service-account";
import { RedisClient } from "./redis/acl";
import { ServiceDefinition } from "./spec";

/** The Redis the services share, as their rules name it. */
export interface RedisEndpoint {
    pods: Record<string, string>;
    port: number;
}

/** The trace collector's pods and the OTLP ports the services send spans to. */
export interface TraceCollectorEndpoint {
    namespace: string;
    pods: Record<string, string>;
    ports: number[];
}

export interface TrafficInputs {
    addresses: ClusterAddresses;
    redis: RedisEndpoint;
    databasePort: number;
    /** Every service sends its spans there, when the stack runs a collector. */
    traceCollector?: TraceCollectorEndpoint;
}

function reachesPublicHttps(service: ServiceDefinition): boolean {
    return (service.uses.aws?.length ?? 0) > 0 || (service.uses.externalApis?.length ?? 0) > 0;
}

function toTraceCollector(collector: TraceCollectorEndpoint): TrafficRule {
    return { name: "otlp", peers: [{ namespace: collector.namespace, pods: collector.pods }], ports: collector.ports };
}

export type ServiceTraffic = { ingress: TrafficRule[]; egress: TrafficRule[] };

/** Every service's flows, keyed by service name. */
export function serviceTraffic(services: readonly ServiceDefinition[], inputs: TrafficInputs): Record<string, ServiceTraffic> {
    const byName = new Map(services.map((s) => [s.name, s]));
    const callee = (name: string) => {
        const service = byName.get(name);
        if (!service) throw new Error(`unknown service ${JSON.stringify(name)}`);
        return service;
    };
    return Object.fromEntries(services.map((service) => {
        const callers = services.filter((other) => other.calls.includes(service.name));
        const ingress: TrafficRule[] = [
            ...callers.map((caller) => ({ name: `from-${caller.name}`, peers: [{ pods: selectorLabels(caller) }], ports: [service.port] })),
            ...(service.ingress ? [fromNginxIngress([service.port])] : []),
            fromPrometheus([service.metricsPort]),
        ];
        const egress: TrafficRule[] = [
            ...service.calls.map(callee).map((target) => ({ name: `to-${target.name}`, peers: [{ pods: selectorLabels(target) }], ports: [target.port] })),
            ...(service.uses.redis ? [{ name: "to-redis", peers: [{ pods: inputs.redis.pods }], ports: [inputs.redis.port] }] : []),
            ...(service.uses.database ? [toDatabase(inputs.addresses, inputs.databasePort)] : []),
            ...(callsKubernetesApi(service) ? [toApiServer(inputs.addresses)] : []),
            // AWS APIs (no VPC endpoints) and external providers are public HTTPS endpoints, reached through the NAT gateways.
            ...(reachesPublicHttps(service) ? [toPublicHttps("public-https")] : []),
            ...(inputs.traceCollector ? [toTraceCollector(inputs.traceCollector)] : []),
        ];
        return [service.name, { ingress, egress }];
    }));
}

/** The services that use Redis, with their rights: each gets its own Redis user, and Redis's NetworkPolicy lets exactly their pods in. */
export function redisClients(services: readonly ServiceDefinition[]): RedisClient[] {
    return services.flatMap((s) => (s.uses.redis ? [{ name: s.name, pods: selectorLabels(s), access: s.uses.redis }] : []));
}
