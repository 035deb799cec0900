import { ResourceValidationArgs } from "@pulumi/policy";
import { annotationsOf, isKind, labelsOf, objectName } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { ENFORCE_LABEL, EXEMPTION_ANNOTATION } from "../lib/pod-security";
import { describe } from "../lib/resources";

const EXEMPTABLE_LEVELS = ["baseline", "privileged"];

interface Config {
    ignoredNamespaces: string[];
}

/** A Namespace this policy judges: not one of the ignored ones. */
function judged(args: ResourceValidationArgs): boolean {
    if (!isKind(args.type, "core", "Namespace")) return false;
    const name = objectName(args.props);
    return name === undefined || !args.getConfig<Config>().ignoredNamespaces.includes(name);
}

/**
 * Pod Security Admission refuses privileged pods only in namespaces that carry the enforce
 * label; an unlabelled namespace admits anything. Restricted is the rule; a weaker level
 * is an exemption that someone wrote down, kept on the namespace for auditors.
 */
export const kubernetesNamespaceRequirePodSecurity: PackResourcePolicy = {
    name: "kubernetes-namespace-require-pod-security",
    description: "Namespaces must enforce Pod Security Standards through the label pod-security.kubernetes.io/enforce: restricted, or baseline/privileged with a written reason in the annotation signal-trading.io/pod-security-exemption.",
    rationale: "Pod Security Admission refuses privileged pods only in namespaces that carry the enforce label; an unlabelled namespace admits anything.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS admission", "source:GATES namespaces labelled pod-security.kubernetes.io/enforce=restricted (documented exemptions)"],
    remediationSteps: "Create the namespace through the namespace baseline (podSecurity: \"restricted\"), or set the label pod-security.kubernetes.io/enforce: \"restricted\"; for a component that cannot run restricted, use baseline (or privileged) with podSecurity and exemption set, which writes the reason to signal-trading.io/pod-security-exemption. Remediation adds enforce=restricted where the label is missing.",
    configSchema: {
        properties: {
            ignoredNamespaces: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["kube-system"],
                description: "Namespaces (metadata.name) this policy skips: system namespaces whose components need host access by design.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!judged(args)) return;
        const level = labelsOf(args.props)[ENFORCE_LABEL];
        if (level === undefined) {
            reportViolation(`${describe(args)} has no ${ENFORCE_LABEL} label, so Pod Security Admission admits any pod.`);
        } else if (typeof level !== "string" || (level !== "restricted" && !EXEMPTABLE_LEVELS.includes(level))) {
            reportViolation(`${describe(args)} sets ${ENFORCE_LABEL} to ${JSON.stringify(level)}, which is not a Pod Security level (restricted, baseline, privileged).`);
        } else if (level !== "restricted") {
            const reason = annotationsOf(args.props)[EXEMPTION_ANNOTATION];
            if (typeof reason !== "string" || reason.trim() === "") {
                reportViolation(`${describe(args)} enforces ${level} pod security without a reason in the ${EXEMPTION_ANNOTATION} annotation.`);
            }
        }
    },
    // Only a missing label is filled in: a weaker level was chosen on purpose and stays for a person to judge.
    remediateResource: (args) => {
        if (!judged(args) || labelsOf(args.props)[ENFORCE_LABEL] !== undefined) return undefined;
        const metadata = args.props.metadata ?? {};
        return { ...args.props, metadata: { ...metadata, labels: { ...labelsOf(args.props), [ENFORCE_LABEL]: "restricted" } } };
    },
};
