import { podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, isReplicatedWorkload, namespaceOf, record, selects, spreadTerms, ZONE_KEY } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * Replicas the scheduler is free to place may all land in one zone, and then one AZ outage
 * takes the service down however many replicas it has. A spread term counts only when its
 * selector picks the workload's own pods, an anti-affinity term only when it looks at the
 * pods of the workload's namespace. Whether a selector picks other workloads' pods too needs
 * the whole stack, which stack-workload-require-availability sees. A workload without
 * spec.replicas is scaled by its HPA and so runs several.
 */
export const kubernetesWorkloadRequireZoneSpread: PackResourcePolicy = {
    name: "kubernetes-workload-require-zone-spread",
    description: "Deployments and StatefulSets that run more than one replica (or leave spec.replicas to an HPA) must spread their pods over topology.kubernetes.io/zone with a topologySpreadConstraint or a podAntiAffinity term that selects their own pods.",
    rationale: "Replicas the scheduler may place freely can all land in one zone, and then one AZ outage takes the service down however many there are.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "availability", "kubernetes", "source:PO topologySpreadConstraint"],
    remediationSteps: "Let the workload renderer add topologySpreadConstraints: [{ maxSkew: 1, topologyKey: \"topology.kubernetes.io/zone\", whenUnsatisfiable: \"DoNotSchedule\" (ScheduleAnyway where replicas can be fewer than zones), labelSelector: { matchLabels: <the pod template's app.kubernetes.io/name> } }] to every multi-replica service.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        if (!isReplicatedWorkload(args.type) || isIgnored(args, args.getConfig<Config>().ignoredNamespaces)) return;
        const replicas = args.props.spec?.replicas;
        if (replicas !== undefined && !(typeof replicas === "number" && replicas > 1)) return;
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const runs = replicas === undefined ? "leaves its replicas to an HPA" : `runs ${replicas} replicas`;
        const selectors = spreadTerms(pod.spec, ZONE_KEY, namespaceOf(args.props)).map((term) => term.labelSelector);
        const labels = record(pod.metadata.labels) ?? {};
        if (selectors.length === 0) {
            reportViolation(`${describe(args)} ${runs} without spreading them over zones (no topologySpreadConstraint or podAntiAffinity term on ${ZONE_KEY}), so one zone outage can take every replica.`);
        } else if (!selectors.some((selector) => selects(selector, labels))) {
            reportViolation(`${describe(args)} ${runs} but its terms on ${ZONE_KEY} select none of its own pods (labelSelector does not match the pod template's labels), so nothing spreads them.`);
        }
    },
};
