import { annotationsOf, isKind } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

interface Config {
    allowedIssuers: string[];
}

interface TlsEntry {
    hosts?: unknown[];
    secretName?: unknown;
}

/** A TLS host covers a rule's host when equal, or as a wildcard for exactly one more label (`*.example.com`). */
function covers(tlsHost: string, host: string): boolean {
    const [pattern, name] = [tlsHost.toLowerCase(), host.toLowerCase()];
    if (pattern === name) return true;
    if (!pattern.startsWith("*.")) return false;
    const dot = name.indexOf(".");
    return dot > 0 && !name.startsWith("*.") && name.slice(dot) === pattern.slice(1);
}

/**
 * Every host the ingress controller serves is reached over HTTPS with a certificate that
 * cert-manager issues and renews from an issuer the platform trusts; a host left out of
 * spec.tls is served in clear text or with the controller's self-signed default
 * certificate. Staging issuers sign with an untrusted root, so an environment that serves
 * real clients allows only the production issuer.
 */
export const kubernetesIngressRequireTls: PackResourcePolicy = {
    name: "kubernetes-ingress-require-tls",
    description: "Ingresses must list every rule's host in spec.tls, give each TLS entry a secretName, and take the certificate from an allowed cert-manager ClusterIssuer (annotation cert-manager.io/cluster-issuer).",
    rationale: "A host left out of spec.tls is served in clear text or with the controller's self-signed certificate, and clients refuse a staging issuer's certificates.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "network", "kubernetes", "source:CIS EKS 5.4.5", "source:PO tlsSettingsMissing"],
    remediationSteps: "Add spec.tls: [{ hosts: [<every host of spec.rules>], secretName: \"<name>-tls\" }] and the annotation cert-manager.io/cluster-issuer: \"letsencrypt-production\" (or another issuer of allowedIssuers), and give every rule a host.",
    configSchema: {
        properties: {
            allowedIssuers: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["letsencrypt-production", "letsencrypt-staging"],
                description: "cert-manager ClusterIssuers an Ingress may name in cert-manager.io/cluster-issuer.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isKind(args.type, "networking.k8s.io", "Ingress")) return;
        const spec = args.props.spec ?? {};
        const tls: TlsEntry[] = Array.isArray(spec.tls) ? spec.tls : [];
        const rules: { host?: unknown }[] = Array.isArray(spec.rules) ? spec.rules : [];
        if (tls.length === 0) {
            reportViolation(`${describe(args)} has no spec.tls, so it is served without a certificate of its own.`);
        }
        for (const [index, entry] of tls.entries()) {
            if (typeof entry?.secretName !== "string" || entry.secretName === "") reportViolation(`${describe(args)} has no secretName in spec.tls[${index}], so no certificate is stored for its hosts.`);
        }
        const tlsHosts = tls.flatMap((entry) => (Array.isArray(entry?.hosts) ? entry.hosts : [])).filter((h): h is string => typeof h === "string");
        for (const [index, rule] of rules.entries()) {
            if (typeof rule?.host !== "string" || rule.host === "") reportViolation(`${describe(args)} has no host in spec.rules[${index}], so no TLS entry can cover it.`);
        }
        const uncovered = rules.map((r) => r?.host).filter((h): h is string => typeof h === "string" && h !== "" && !tlsHosts.some((t) => covers(t, h)));
        if (tls.length > 0 && uncovered.length > 0) {
            reportViolation(`${describe(args)} serves ${[...new Set(uncovered)].join(", ")} without a spec.tls entry for ${uncovered.length === 1 ? "it" : "them"}.`);
        }
        const { allowedIssuers } = args.getConfig<Config>();
        const issuer = annotationsOf(args.props)[ISSUER_ANNOTATION];
        if (typeof issuer !== "string" || issuer === "") {
            reportViolation(`${describe(args)} names no ${ISSUER_ANNOTATION}, so cert-manager issues no certificate for it.`);
        } else if (!allowedIssuers.includes(issuer)) {
            reportViolation(`${describe(args)} takes its certificate from ClusterIssuer ${issuer}, which is not allowed (allowed: ${allowedIssuers.join(", ")}).`);
        }
    },
};
