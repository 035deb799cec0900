import { PolicyResource } from "@pulumi/policy";
import { isKind, objectName, objectNamespace } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";

type Direction = "Ingress" | "Egress";
type Labels = Record<string, string>;

interface LabelSelector {
    matchLabels?: Record<string, unknown>;
    matchExpressions?: { key?: string; operator?: string; values?: unknown[] }[];
}

interface NetworkPolicyPeer {
    namespaceSelector?: LabelSelector;
    podSelector?: LabelSelector;
    ipBlock?: unknown;
}

interface NetworkPolicyPort {
    port?: number | string;
    endPort?: number;
    protocol?: string;
}

interface Rule {
    to?: NetworkPolicyPeer[];
    ports?: NetworkPolicyPort[];
}

/** The labels Kubernetes puts on kube-system, and those of the CoreDNS pods behind the kube-dns Service on EKS. */
const KUBE_SYSTEM_LABELS: Labels = { "kubernetes.io/metadata.name": "kube-system" };
const KUBE_DNS_POD_LABELS: Labels = { "k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns" };

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** Whether a label selector selects an object with `labels`; an empty selector selects everything. */
function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
    const matchLabels = Object.entries(selector?.matchLabels ?? {});
    if (!matchLabels.every(([key, value]) => labels[key] === value)) return false;
    return list<NonNullable<LabelSelector["matchExpressions"]>[number]>(selector?.matchExpressions).every(({ key = "", operator, values = [] }) => {
        switch (operator) {
            case "In": return key in labels && values.includes(labels[key]);
            case "NotIn": return !(key in labels) || !values.includes(labels[key]);
            case "Exists": return key in labels;
            case "DoesNotExist": return !(key in labels);
            default: return false;
        }
    });
}

/** An empty pod selector (`{}`, or empty matchLabels and matchExpressions): the policy applies to every pod of its namespace. */
function selectsAllPods(policy: PolicyResource): boolean {
    const selector: LabelSelector | undefined = policy.props.spec?.podSelector;
    return Object.keys(selector?.matchLabels ?? {}).length === 0 && list(selector?.matchExpressions).length === 0;
}

/** The directions a policy restricts: policyTypes, or as Kubernetes defaults it (Ingress, plus Egress when egress rules exist). */
function policyTypes(spec: Record<string, any>): Direction[] {
    if (Array.isArray(spec.policyTypes)) return spec.policyTypes;
    return list(spec.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** The directions in which `policy` denies every pod all traffic: it selects all pods and allows nothing that way. */
function deniedDirections(policy: PolicyResource): Direction[] {
    const spec = policy.props.spec ?? {};
    if (!selectsAllPods(policy)) return [];
    return policyTypes(spec).filter((d) => list(spec[d === "Ingress" ? "ingress" : "egress"]).length === 0);
}

/** UDP 53 is open: every port, or a UDP port entry for 53 (by number, range or the CoreDNS port name). */
function opensDnsPort(rule: Rule): boolean {
    const ports = list<NetworkPolicyPort>(rule.ports);
    return ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "UDP" && (p.port === undefined || p.port === 53 || p.port === "dns"
        || (typeof p.port === "number" && typeof p.endPort === "number" && p.port <= 53 && 53 <= p.endPort)));
}

/** The peers include the kube-dns pods: every destination, or a namespace and pod selector matching them. */
function reachesKubeDns(rule: Rule): boolean {
    const peers = list<NetworkPolicyPeer>(rule.to);
    return peers.length === 0 || peers.some((peer) => peer.namespaceSelector !== undefined
        && selects(peer.namespaceSelector, KUBE_SYSTEM_LABELS) && selects(peer.podSelector, KUBE_DNS_POD_LABELS));
}

function allowsDns(policy: PolicyResource): boolean {
    const spec = policy.props.spec ?? {};
    return selectsAllPods(policy) && policyTypes(spec).includes("Egress") && list<Rule>(spec.egress).some((r) => opensDnsPort(r) && reachesKubeDns(r));
}

/**
 * NetworkPolicies are allow-lists only once something denies by default: without a deny-all
 * policy every pod of the namespace can reach, and be reached from, any pod of the cluster.
 * Once egress is denied, name resolution must be allowed on purpose, or nothing works.
 */
export const kubernetesNamespaceRequireDefaultDeny: PackStackPolicy = {
    name: "kubernetes-namespace-require-default-deny",
    description: "Every Namespace of the stack must hold a default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules) and a NetworkPolicy that lets every pod reach kube-dns on UDP port 53.",
    rationale: "NetworkPolicies are allow-lists only once something denies by default; without it every pod can reach, and be reached from, any pod of the cluster.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "kubernetes", "source:CIS EKS 4.3.2", "source:PO missingNetworkPolicy"],
    remediationSteps: "Create the namespace through the namespace baseline (NamespaceBaseline), which adds default-deny and allow-egress-dns; or add a NetworkPolicy { podSelector: {}, policyTypes: [\"Ingress\", \"Egress\"] } and one with podSelector {} allowing egress to namespaceSelector kubernetes.io/metadata.name: kube-system, podSelector k8s-app: kube-dns on port 53 UDP (and TCP), then allow each needed flow explicitly.",
    validateStack: (args, reportViolation) => {
        const networkPolicies = args.resources.filter((r) => isKind(r.type, "networking.k8s.io", "NetworkPolicy"));
        for (const namespace of args.resources.filter((r) => isKind(r.type, "core", "Namespace"))) {
            const name = objectName(namespace.props);
            if (name === undefined) {
                reportViolation(`${describe(namespace)} has no metadata.name, so no NetworkPolicy can be matched to it; name the namespace.`, namespace.urn);
                continue;
            }
            const inNamespace = networkPolicies.filter((p) => objectNamespace(p.props) === name);
            const denied = new Set(inNamespace.flatMap(deniedDirections));
            const open = (["Ingress", "Egress"] as const).filter((d) => !denied.has(d));
            if (open.length > 0) {
                reportViolation(`${describe(namespace)} has no default-deny NetworkPolicy for ${open.join(" and ")} (podSelector {}, policyTypes [Ingress, Egress], no rules), so ${open.map((d) => (d === "Ingress" ? "any pod of the cluster may connect to its pods" : "its pods may connect anywhere")).join(" and ")}.`, namespace.urn);
            }
            if (!inNamespace.some(allowsDns)) {
                reportViolation(`${describe(namespace)} has no NetworkPolicy that allows every pod egress to kube-dns (kube-system, k8s-app: kube-dns) on UDP port 53.`, namespace.urn);
            }
        }
    },
};
