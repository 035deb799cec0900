import { annotationsOf, apiGroupOf, chartValue, isChart, isKind, isTrue } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * Annotation keys and F5 resource fields that paste raw NGINX configuration:
 * nginx.org/server-snippets, nginx.ingress.kubernetes.io/configuration-snippet, VirtualServer's
 * server-snippets and location-snippets, TransportServer's serverSnippets.
 */
const SNIPPET_KEY = /snippets?$/i;

/** The F5 NGINX resources (VirtualServer, VirtualServerRoute, TransportServer, ...). */
const NGINX_GROUP = "k8s.nginx.org";

/** Ingress controller charts and the value that lets objects carry snippets; upstream both default to off. */
const SNIPPET_SWITCHES = [
    { chart: "nginx-ingress", path: ["controller", "enableSnippets"] }, // F5 NGINX Ingress Controller
    { chart: "ingress-nginx", path: ["controller", "allowSnippetAnnotations"] }, // the retired community controller
];

/** Paths of every key under `value` that names a snippet field. */
function snippetFields(value: unknown, path: string): string[] {
    if (Array.isArray(value)) return value.flatMap((item, i) => snippetFields(item, `${path}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, child]) => [
        ...(SNIPPET_KEY.test(key) ? [`${path}.${key}`] : []),
        ...snippetFields(child, `${path}.${key}`),
    ]);
}

/**
 * A snippet is configuration of the shared NGINX process written by whoever can create an
 * Ingress: it can read other tenants' traffic and the controller's credentials
 * (CVE-2021-25742). The controller must refuse snippets, and no object may carry one.
 */
export const kubernetesIngressDisallowSnippets: PackResourcePolicy = {
    name: "kubernetes-ingress-disallow-snippets",
    description: "Ingresses and NGINX VirtualServer/VirtualServerRoute/TransportServer objects must not carry configuration snippets, and NGINX ingress controller charts must not enable them.",
    rationale: "A snippet is configuration of the shared NGINX process written by whoever can create an Ingress, enough to read other tenants' traffic and the controller's credentials (CVE-2021-25742).",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "kubernetes", "source:CKV_K8S_153"],
    remediationSteps: "Remove the snippet annotations (nginx.org/*-snippets, nginx.ingress.kubernetes.io/*-snippet) and snippet fields (server-snippets, location-snippets, ...) and express the behaviour with the controller's supported annotations or Policy resources; leave controller.enableSnippets unset or false in the nginx-ingress chart's values.",
    validateResource: (args, reportViolation) => {
        const switched = SNIPPET_SWITCHES.find((s) => isChart(args.type, args.props, s.chart));
        if (switched) {
            if (isTrue(chartValue(args.props, switched.path))) reportViolation(`${describe(args)} sets values.${switched.path.join(".")} to true, so every Ingress may inject NGINX configuration.`);
            return;
        }
        const isNginxObject = apiGroupOf(args.type) === NGINX_GROUP;
        if (!isKind(args.type, "networking.k8s.io", "Ingress") && !isNginxObject) return;
        const found = [
            ...Object.keys(annotationsOf(args.props)).filter((key) => SNIPPET_KEY.test(key)).map((key) => `annotation ${key}`),
            ...(isNginxObject ? snippetFields(args.props.spec, "spec") : []),
        ];
        if (found.length > 0) reportViolation(`${describe(args)} injects NGINX configuration through ${found.join(", ")}.`);
    },
};
