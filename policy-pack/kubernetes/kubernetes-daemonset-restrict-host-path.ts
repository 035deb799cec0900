import { IGNORED_NAMESPACES_SCHEMA, isKind } from "../lib/kubernetes";
import { podOf } from "../lib/pods";
import { ENFORCE_LABEL, EXEMPTION_ANNOTATION, grantedPodSecurityLevels } from "../lib/pod-security";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, list, namespaceOf, record } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/** The node paths a pod spec mounts through hostPath volumes, as `<volume> (<path>)`. */
function hostPathVolumes(spec: Record<string, any>): string[] {
    return list(spec.volumes).map(record).flatMap((volume) => {
        const hostPath = record(volume?.hostPath);
        return hostPath ? [`${volume?.name ?? "?"} (${hostPath.path ?? "?"})`] : [];
    });
}

/**
 * A node agent (a log shipper, node-exporter) reads the node through hostPath on every node
 * at once, so one compromised image reads every node's pod logs and kubelet files. The pod
 * gates refuse hostPath outside their ignored namespaces, and an ignored namespace is easy to
 * add to a config list; this gate holds every such DaemonSet to what the namespace itself says:
 * the privileged Pod Security level with the reason written on the Namespace the stack
 * declares. A chart's pods are held to the same rule by kubernetes-helm-restrict-chart-host-access,
 * from the chart adapters' view.
 */
export const kubernetesDaemonsetRestrictHostPath: PackStackPolicy = {
    name: "kubernetes-daemonset-restrict-host-path",
    description: `DaemonSets whose pods mount hostPath volumes must run in a namespace the stack declares with ${ENFORCE_LABEL}: privileged and a written reason in the annotation ${EXEMPTION_ANNOTATION}, or in an ignored namespace.`,
    rationale: "A DaemonSet with hostPath reads the filesystem of every node at once, so it belongs only where a privileged exemption has been written down and reviewed.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS hostPathVolumes", "source:GATES namespaces labelled pod-security.kubernetes.io/enforce=restricted (documented exemptions)"],
    remediationSteps: "Run the node agent in a namespace of its own created through the namespace baseline (components/namespace/baseline.ts) with podSecurity: \"privileged\" and exemption: <why it needs the node's files>, which renders the enforce label and the signal-trading.io/pod-security-exemption annotation; or replace the hostPath volume (emptyDir, a PersistentVolumeClaim, a projected volume).",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { ignoredNamespaces } = args.getConfig<Config>();
        const levels = grantedPodSecurityLevels(args.resources.map(asDeclared));
        for (const resource of args.resources.filter((r) => isKind(r.type, "apps", "DaemonSet"))) {
            const daemonSet = asDeclared(resource);
            const namespace = namespaceOf(daemonSet.props);
            if (ignoredNamespaces.includes(namespace)) continue;
            const mounts = hostPathVolumes(podOf(daemonSet.type, daemonSet.props)?.spec ?? {});
            if (mounts.length === 0) continue;
            const level = levels.get(namespace);
            if (level === "privileged") continue;
            const why = level === undefined
                ? "the stack does not declare that namespace, so no exemption is written for it"
                : `the namespace is granted ${level} (privileged with a reason in ${EXEMPTION_ANNOTATION} is required)`;
            reportViolation(`${describe(resource)} mounts hostPath volumes ${mounts.join(", ")} in namespace ${namespace}, but ${why}.`, resource.urn);
        }
    },
};
