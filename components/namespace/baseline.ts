/**
 * The baseline of every namespace the platform owns, as pure data: Pod Security Admission
 * labels (restricted unless an exemption is written down), container defaults, and network
 * isolation (deny everything, allow DNS, then allow exactly the declared traffic).
 */
import { isDnsLabel } from "../shared/naming";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** A port a rule opens; a bare number is TCP. */
export type TrafficPort = number | { port: number; protocol: "TCP" | "UDP" };

/** The other end of a connection. */
export type TrafficPeer =
    /** Pods of another namespace (all of them when `pods` is unset). */
    | { namespace: string; pods?: Record<string, string> }
    /** Pods of every namespace (all of them when `pods` is unset): for Prometheus and the ingress controller. */
    | { allNamespaces: true; pods?: Record<string, string> }
    /** Pods of this namespace. */
    | { pods: Record<string, string> }
    /** Addresses outside the pod network: the VPC, the control plane, the internet. */
    | { cidr: string; except?: string[] };

/** One allowed flow; its direction is the list it is in. */
export interface TrafficRule {
    /** Names the NetworkPolicy (`allow-<direction>-<name>`) and says what the flow is for. */
    name: string;
    /** Pods of this namespace the rule applies to; all when unset. */
    pods?: Record<string, string>;
    peers: TrafficPeer[];
    /** Ports opened; every port when unset. */
    ports?: TrafficPort[];
}

export interface NamespaceSpec {
    name: string;
    /**
     * The Pod Security Standard enforced. Anything below restricted needs `exemption`: the
     * reason, kept as an annotation on the namespace for auditors.
     */
    podSecurity: PodSecurityLevel;
    exemption?: string;
    ingress: TrafficRule[];
    egress: TrafficRule[];
    labels?: Record<string, string>;
    /** Requests and memory limit of containers that set none (hook jobs, sidecars a chart adds). */
    containerDefaults?: { cpu: string; memory: string; memoryLimit: string };
    /**
     * The namespace's ResourceQuota, for application namespaces: sized by their owner so that
     * every workload can reach its HPA maximum. Add-on namespaces have none: their charts size
     * their pods, and a quota would only fail an upgrade's surge pods.
     */
    quota?: { requestsCpu: string; requestsMemory: string; limitsMemory: string; pods: number };
}

/** Every namespace the platform owns carries these labels; Prometheus watches the namespaces that do. */
export const PLATFORM_NAMESPACE_LABELS = { "app.kubernetes.io/part-of": "signal-trading" };
export const EXEMPTION_ANNOTATION = "signal-trading.io/pod-security-exemption";
const DEFAULT_CONTAINER = { cpu: "50m", memory: "64Mi", memoryLimit: "256Mi" };
const NAME_LABEL = "kubernetes.io/metadata.name";

export function renderResourceQuota(spec: NamespaceSpec & { quota: NonNullable<NamespaceSpec["quota"]> }) {
    const q = spec.quota;
    return {
        metadata: { name: "compute", namespace: spec.name },
        spec: { hard: { "requests.cpu": q.requestsCpu, "requests.memory": q.requestsMemory, "limits.memory": q.limitsMemory, pods: String(q.pods) } },
    };
}

/** A problem with a spec, as a sentence naming the namespace; empty when the spec is sound. */
export function validateNamespaceSpec(spec: NamespaceSpec): string[] {
    const problems: string[] = [];
    if (!isDnsLabel(spec.name)) problems.push(`namespace ${JSON.stringify(spec.name)} is not a valid DNS label`);
    if (spec.podSecurity !== "restricted" && !spec.exemption?.trim()) problems.push(`namespace ${spec.name} enforces ${spec.podSecurity} pod security without a written exemption`);
    if (spec.podSecurity === "restricted" && spec.exemption) problems.push(`namespace ${spec.name} is restricted but carries an exemption`);
    const names = [...spec.ingress.map((r) => `ingress-${r.name}`), ...spec.egress.map((r) => `egress-${r.name}`)];
    for (const duplicate of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`namespace ${spec.name} declares the rule ${duplicate} twice`);
    for (const rule of [...spec.ingress, ...spec.egress]) {
        if (rule.peers.length === 0) problems.push(`namespace ${spec.name}: rule ${rule.name} allows no peer`);
    }
    return problems;
}

export function renderNamespace(spec: NamespaceSpec) {
    return {
        metadata: {
            name: spec.name,
            labels: {
                ...spec.labels,
                ...PLATFORM_NAMESPACE_LABELS,
                "pod-security.kubernetes.io/enforce": spec.podSecurity,
                "pod-security.kubernetes.io/enforce-version": "latest",
                // Warnings and audit events always measure against restricted, so an exemption stays visible.
                "pod-security.kubernetes.io/warn": "restricted",
                "pod-security.kubernetes.io/audit": "restricted",
            },
            ...(spec.exemption ? { annotations: { [EXEMPTION_ANNOTATION]: spec.exemption } } : {}),
        },
    };
}

export function renderLimitRange(spec: NamespaceSpec) {
    const d = spec.containerDefaults ?? DEFAULT_CONTAINER;
    return {
        metadata: { name: "container-defaults", namespace: spec.name },
        spec: { limits: [{ type: "Container", defaultRequest: { cpu: d.cpu, memory: d.memory }, default: { memory: d.memoryLimit } }] },
    };
}

function peer(p: TrafficPeer) {
    if ("cidr" in p) return { ipBlock: { cidr: p.cidr, ...(p.except ? { except: p.except } : {}) } };
    if ("namespace" in p) return { namespaceSelector: { matchLabels: { [NAME_LABEL]: p.namespace } }, podSelector: { matchLabels: p.pods ?? {} } };
    if ("allNamespaces" in p) return { namespaceSelector: {}, podSelector: { matchLabels: p.pods ?? {} } };
    return { podSelector: { matchLabels: p.pods } };
}

function ports(rule: TrafficRule) {
    return rule.ports?.map((p) => (typeof p === "number" ? { port: p, protocol: "TCP" } : { port: p.port, protocol: p.protocol }));
}

/** One rule of a NetworkPolicy: where from (ingress) or to (egress), and on which ports. */
function flow(rule: TrafficRule, direction: "ingress" | "egress"): NetworkPolicyRule {
    const portList = ports(rule);
    return { [direction === "ingress" ? "from" : "to"]: rule.peers.map(peer), ...(portList ? { ports: portList } : {}) };
}

type NetworkPeer = ReturnType<typeof peer>;
type NetworkPolicyRule = { from?: NetworkPeer[]; to?: NetworkPeer[]; ports?: { port: number; protocol: string }[] };

/** A NetworkPolicy object as the Kubernetes API takes it. */
export interface NetworkPolicyObject {
    metadata: { name: string; namespace: string };
    spec: { podSelector: { matchLabels: Record<string, string> }; policyTypes: ("Ingress" | "Egress")[]; ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] };
}

/** The namespace's NetworkPolicies: deny all, allow DNS, then one policy per declared rule. */
export function renderNetworkPolicies(spec: NamespaceSpec): NetworkPolicyObject[] {
    const policy = (name: string, pods: Record<string, string> | undefined, body: Omit<NetworkPolicyObject["spec"], "podSelector">): NetworkPolicyObject =>
        ({ metadata: { name, namespace: spec.name }, spec: { podSelector: { matchLabels: pods ?? {} }, ...body } });
    const rule = (r: TrafficRule, direction: "ingress" | "egress") => policy(`allow-${direction}-${r.name}`, r.pods, {
        policyTypes: [direction === "ingress" ? "Ingress" : "Egress"],
        [direction]: [flow(r, direction)],
    });
    return [
        policy("default-deny", undefined, { policyTypes: ["Ingress", "Egress"] }),
        policy("allow-egress-dns", undefined, {
            policyTypes: ["Egress"],
            egress: [{
                to: [peer({ namespace: "kube-system", pods: { "k8s-app": "kube-dns" } })],
                ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
            }],
        }),
        ...spec.ingress.map((r) => rule(r, "ingress")),
        ...spec.egress.map((r) => rule(r, "egress")),
    ];
}

/**
 * One NetworkPolicy for a workload's pods holding every flow it takes and makes: the
 * namespace's default-deny still applies, so this lists the whole of its traffic in one place.
 * Rules' own `pods` are ignored: the policy selects `pods`.
 */
export function renderWorkloadNetworkPolicy(namespace: string, name: string, pods: Record<string, string>, traffic: { ingress: TrafficRule[]; egress: TrafficRule[] }): NetworkPolicyObject {
    return {
        metadata: { name, namespace },
        spec: {
            podSelector: { matchLabels: pods },
            // Both types always: a workload without callers still gets its ingress denied by this policy alone.
            policyTypes: ["Ingress", "Egress"],
            ingress: traffic.ingress.map((r) => flow(r, "ingress")),
            egress: traffic.egress.map((r) => flow(r, "egress")),
        },
    };
}
