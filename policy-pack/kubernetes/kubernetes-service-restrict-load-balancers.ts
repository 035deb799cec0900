import { namespaceOf } from "../lib/access";
import { isKind, objectName } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    allowedServices: string[];
}

const EXPOSED_TYPES = ["LoadBalancer", "NodePort"];

/** An allow-list entry `<namespace>/<name>` matches that Service; `<namespace>/*` every Service of the namespace. */
function allows(entry: string, namespace: string, name: string | undefined): boolean {
    return entry === `${namespace}/*` || (name !== undefined && entry === `${namespace}/${name}`);
}

/**
 * Traffic from outside the cluster enters through the ingress controller, where TLS, hosts
 * and rate limits are enforced; a LoadBalancer or NodePort Service of its own opens a port
 * past all of that (a NodePort on every node).
 */
export const kubernetesServiceRestrictLoadBalancers: PackResourcePolicy = {
    name: "kubernetes-service-restrict-load-balancers",
    description: "Services of type LoadBalancer or NodePort are allowed only when their <namespace>/<name> is listed in allowedServices (by default the ingress controller's namespace).",
    rationale: "A LoadBalancer or NodePort Service opens a port past the ingress controller, where TLS, hosts and rate limits are enforced.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "kubernetes", "source:KL exposed-services"],
    remediationSteps: "Make the Service type ClusterIP (the default) and publish it through an Ingress (ingressClassName nginx, with TLS from a cert-manager ClusterIssuer); a component that must have its own load balancer is listed in allowedServices in the policy config as \"<namespace>/<name>\" after review.",
    configSchema: {
        properties: {
            allowedServices: {
                type: "array",
                items: { type: "string", pattern: "^[^/]+/[^/]+$" },
                default: ["nginx-ingress/*"],
                description: "Services that may be of type LoadBalancer or NodePort, as \"<namespace>/<name>\", or \"<namespace>/*\" for every Service of a namespace.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isKind(args.type, "core", "Service")) return;
        const type = args.props.spec?.type;
        if (!EXPOSED_TYPES.includes(type)) return;
        const namespace = namespaceOf(args.props);
        const name = objectName(args.props);
        if (args.getConfig<Config>().allowedServices.some((entry) => allows(entry, namespace, name))) return;
        reportViolation(`${describe(args)} is a ${type} Service (${namespace}/${name ?? "?"}), which opens a port outside the cluster past the ingress controller, and is not in allowedServices.`);
    },
};
