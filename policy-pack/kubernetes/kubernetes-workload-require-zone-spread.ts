import { ResourceValidationPolicy } from "@pulumi/policy";
import { podOf } from "../lib/pods";
import { IGNORED_NAMESPACES_SCHEMA, isIgnored, isReplicatedWorkload, list, record, selects } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

const ZONE = "topology.kubernetes.io/zone";

/** The label selectors of the pod spec's terms on the zone key: topology spread constraints and pod anti-affinity, required or preferred. */
function zoneSelectors(spec: Record<string, any>): unknown[] {
    const antiAffinity = record(spec.affinity?.podAntiAffinity) ?? {};
    const terms = [
        ...list(spec.topologySpreadConstraints),
        ...list(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution),
        ...list(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((weighted) => weighted?.podAffinityTerm),
    ];
    return terms.filter((term) => term?.topologyKey === ZONE).map((term) => term.labelSelector);
}

/**
 * Replicas the scheduler is free to place may all land in one zone, and then one AZ outage
 * takes the service down however many replicas it has. A spread term counts only when its
 * selector picks the workload's own pods. A workload without spec.replicas is scaled by its
 * HPA and so runs several.
 */
export const kubernetesWorkloadRequireZoneSpread: ResourceValidationPolicy = {
    name: "kubernetes-workload-require-zone-spread",
    description: "Deployments and StatefulSets that run more than one replica (or leave spec.replicas to an HPA) must spread their pods over topology.kubernetes.io/zone with a topologySpreadConstraint or a podAntiAffinity term that selects their own pods.",
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
        const selectors = zoneSelectors(pod.spec);
        const labels = record(pod.metadata.labels) ?? {};
        if (selectors.length === 0) {
            reportViolation(`${describe(args)} ${runs} without spreading them over zones (no topologySpreadConstraint or podAntiAffinity term on ${ZONE}), so one zone outage can take every replica.`);
        } else if (!selectors.some((selector) => selects(selector, labels))) {
            reportViolation(`${describe(args)} ${runs} but its terms on ${ZONE} select none of its own pods (labelSelector does not match the pod template's labels), so nothing spreads them.`);
        }
    },
};
