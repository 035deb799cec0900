import { ChartPod, noAdapterMessage, releaseView } from "../lib/charts";
import { HELM_TYPES, IGNORED_NAMESPACES_SCHEMA } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { grantedPodSecurityLevels, PodSecurityLevel } from "../lib/pod-security";

interface Config {
    ignoredNamespaces: string[];
}

/** The capabilities the baseline Pod Security Standard lets a container add; restricted allows NET_BIND_SERVICE only. */
const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const RESTRICTED_CAPABILITIES = new Set(["NET_BIND_SERVICE"]);

/** What a pod does that its namespace's level refuses. */
function hostProblems(pod: ChartPod, level: PodSecurityLevel): string[] {
    if (level === "privileged") return [];
    const problems: string[] = [];
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) if (pod[field]) problems.push(`${field}: true`);
    if (pod.privileged) problems.push("a privileged container");
    if (pod.hostPaths.length > 0) problems.push(`hostPath volumes ${pod.hostPaths.join(", ")}`);
    const allowed = level === "baseline" ? BASELINE_CAPABILITIES : RESTRICTED_CAPABILITIES;
    const capabilities = pod.addedCapabilities.filter((c) => !allowed.has(c.toUpperCase().replace(/^CAP_/, "")));
    if (capabilities.length > 0) problems.push(`added capabilities ${capabilities.join(", ")}`);
    return problems;
}

/**
 * The pod gates never see a chart's pods, and Pod Security Admission applies only when they
 * reach the cluster. The namespace baseline already decides where host access is allowed: a
 * namespace at baseline or privileged with its reason written on it (as
 * kubernetes-namespace-require-pod-security requires). A chart's pods get host access only there.
 */
export const kubernetesHelmRestrictChartHostAccess: PackStackPolicy = {
    name: "kubernetes-helm-restrict-chart-host-access",
    description: "Pods a Helm release runs (read from its values and the chart's defaults by the chart's adapter) must not use hostNetwork, hostPID, hostIPC, privileged containers, hostPath volumes or capabilities beyond NET_BIND_SERVICE, unless the stack declares their namespace at the privileged Pod Security level (baseline: its capabilities only) with a written exemption, or it is an ignored namespace; a release of a chart without an adapter fails.",
    rationale: "A chart's pods never reach the pod gates, so host access in a chart must be held to the namespaces whose Pod Security exemption is written down.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "helm", "source:PSS hostNamespaces", "source:PSS hostPathVolumes", "source:PSS privileged", "source:PSS capabilities", "source:GATES chart values adapters"],
    remediationSteps: "Turn the host access off in the add-on's values (components/addons/<addon>/values.ts), e.g. hostNetwork: false, no extra capabilities; a component that needs the node (node-exporter) runs in its own namespace created through the namespace baseline with podSecurity: \"privileged\" and its exemption written, and the chart's namespace override pointing there.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { ignoredNamespaces } = args.getConfig<Config>();
        const levels = grantedPodSecurityLevels(args.resources);
        for (const release of args.resources.filter((r) => HELM_TYPES.includes(r.type))) {
            const { chart, view } = releaseView(release.props);
            if (!view) {
                reportViolation(noAdapterMessage(describe(release), chart, "pods' host access"), release.urn);
                continue;
            }
            for (const pod of view.pods) {
                if (ignoredNamespaces.includes(pod.namespace)) continue;
                const level = levels.get(pod.namespace) ?? "restricted";
                const problems = hostProblems(pod, level);
                if (problems.length > 0) {
                    reportViolation(`${describe(release)} runs ${chart}'s ${pod.component} in namespace ${pod.namespace} with ${problems.join(", ")}, which its namespace's Pod Security level (${level}${levels.has(pod.namespace) ? "" : ", not declared in the stack"}) does not allow.`, release.urn);
                }
            }
        }
    },
};
