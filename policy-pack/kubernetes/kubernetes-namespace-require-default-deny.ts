import { PolicyResource } from "@pulumi/policy";
import { isKind, objectName, objectNamespace } from "../lib/kubernetes";
import { Direction, policyTypesOf } from "../lib/network-policy";
import { PackStackPolicy } from "../lib/policy";
import { isEmptySelector, list, selects } from "../lib/reliability";
import { describe } from "../lib/resources";

type Labels = Record<string, string>;

interface NetworkPolicyPeer {
    namespaceSelector?: unknown;
    podSelector?: unknown;
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

/** An empty pod selector (`{}`, or empty matchLabels and matchExpressions): the policy applies to every pod of its namespace. */
function selectsAllPods(policy: PolicyResource): boolean {
    const selector = policy.props.spec?.podSelector;
    return selector === undefined || selector === null || isEmptySelector(selector);
}

/** The directions in which `policy` denies every pod all traffic: it selects all pods and allows nothing that way. */
function deniedDirections(policy: PolicyResource): Direction[] {
    const spec = policy.props.spec ?? {};
    if (!selectsAllPods(policy)) return [];
    return policyTypesOf(spec).filter((d) => list(spec[d === "Ingress" ? "ingress" : "egress"]).length === 0);
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
    // A peer without podSelector takes every pod of the namespaces it selects.
    return peers.length === 0 || peers.some((peer) => peer.namespaceSelector !== undefined
        && selects(peer.namespaceSelector, KUBE_SYSTEM_LABELS) && selects(peer.podSelector ?? {}, KUBE_DNS_POD_LABELS));
}

function allowsDns(policy: PolicyResource): boolean {
    const spec = policy.props.spec ?? {};
    return selectsAllPods(policy) && policyTypesOf(spec).includes("Egress") && list<Rule>(spec.egress).some((r) => opensDnsPort(r) && reachesKubeDns(r));
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
