/**
 * The flows that platform pods commonly need, named once so every namespace says them the
 * same way.
 */
import { planSubnets, SERVICE_CIDR, SubnetTier, ZoneSlot } from "../network/subnet-plan";
import { TrafficPort, TrafficRule } from "./baseline";

/** Where the cluster's infrastructure sits, as network policies name it. */
export interface ClusterAddresses {
    /**
     * The VPC: the nodes (kubelets, host-network pods). With the VPC CNI pods have VPC
     * addresses too, so a rule naming this range also matches pods (decision 18).
     */
    vpcCidr: string;
    /** The subnets of the EKS control plane's interfaces: the API server and its calls to webhooks. */
    controlPlaneCidrs: string[];
    /** The database subnets, where PostgreSQL's interfaces live (primary and standby). */
    databaseCidrs: string[];
}

/** The addresses of a stack's network config, from the same plan the Network component builds. */
export function clusterAddresses(network: { cidr: string; availabilityZones: ZoneSlot[]; subnetPrefixLengths: Record<SubnetTier, number> }): ClusterAddresses {
    const result = planSubnets(network.cidr, network.availabilityZones, network.subnetPrefixLengths);
    if (!result.ok) throw new Error(`the network config has no subnet plan: ${result.problems.map((p) => p.message).join("; ")}`);
    const tier = (name: SubnetTier) => result.plan.subnets.filter((s) => s.tier === name).map((s) => s.cidr);
    return { vpcCidr: network.cidr, controlPlaneCidrs: tier("controlPlane"), databaseCidrs: tier("database") };
}

const controlPlane = (addresses: ClusterAddresses) => addresses.controlPlaneCidrs.map((cidr) => ({ cidr }));

/** The Kubernetes API: its Service address and, after the CNI translates it, the control plane's interfaces. */
export function toApiServer(addresses: ClusterAddresses, pods?: Record<string, string>): TrafficRule {
    return { name: "api-server", pods, peers: [...controlPlane(addresses), { cidr: SERVICE_CIDR }], ports: [443] };
}

/** Calls from the control plane: admission webhooks, aggregated APIs. */
export function fromControlPlane(name: string, addresses: ClusterAddresses, ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name, pods, peers: controlPlane(addresses), ports };
}

/** Calls to the nodes: kubelets, host-network exporters. */
export function toNodes(name: string, addresses: ClusterAddresses, ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name, pods, peers: [{ cidr: addresses.vpcCidr }], ports };
}

/**
 * IPv4 ranges that are not the public internet (RFC 6890's special-purpose registry): private
 * networks (the VPC, peered networks, pods), carrier-grade NAT (EKS pods' secondary CIDRs),
 * link-local (the instance metadata service at 169.254.169.254, the VPC's DNS and time
 * addresses), loopback and "this network", the IETF and documentation ranges, benchmarking,
 * multicast and the reserved block with the broadcast address. A rule to "public" addresses
 * excludes all of them, so it opens no path to the node's credentials or other pods.
 */
export const NON_PUBLIC_IPV4 = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
] as const;

/**
 * Public internet addresses on the given ports, which the caller must name: a rule without
 * ports would open every port. Non-public ranges (NON_PUBLIC_IPV4) are excluded.
 */
export function toPublicAddresses(name: string, ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    if (ports.length === 0) throw new Error(`egress rule ${name}: name the ports public addresses are reached on; none would open every port`);
    return { name, pods, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports };
}

/** HTTPS (443) to public endpoints: AWS APIs (the VPC has no interface endpoints), ACME, Slack, external providers. */
export function toPublicHttps(name: string, pods?: Record<string, string>): TrafficRule {
    return toPublicAddresses(name, [443], pods);
}

/** The seed's monitoring namespace: Prometheus, Alertmanager and Grafana. */
export const MONITORING_NAMESPACE = "signal-trading-monitoring";
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" };

/** Prometheus scraping the given metrics ports. */
export function fromPrometheus(ports: TrafficPort[], pods?: Record<string, string>): TrafficRule {
    return { name: "prometheus-scrape", pods, peers: [{ namespace: MONITORING_NAMESPACE, pods: PROMETHEUS_POD_LABELS }], ports };
}

/** PostgreSQL in the database subnets. */
export function toDatabase(addresses: ClusterAddresses, port: number, pods?: Record<string, string>): TrafficRule {
    return { name: "database", pods, peers: addresses.databaseCidrs.map((cidr) => ({ cidr })), ports: [port] };
}
