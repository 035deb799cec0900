import { PackStackPolicy } from "../lib/policy";
import { declaredObject, hpasOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, isReplicatedWorkload } from "../lib/reliability";
import { describe } from "../lib/resources";

interface Config {
    ignoredNamespaces: string[];
}

/**
 * With an HPA, two writers own one field: every `pulumi up` that touches the workload
 * resets spec.replicas to the declared number, scaling a busy service down (or an idle one
 * up) until the HPA corrects it again. The Kubernetes docs say to leave spec.replicas unset
 * on Deployments and StatefulSets that an HPA scales. The live object always has replicas
 * (the API server defaults it), so this judges the declared one.
 */
export const kubernetesWorkloadRequireHpaOwnedReplicas: PackStackPolicy = {
    name: "kubernetes-workload-require-hpa-owned-replicas",
    description: "A Deployment or StatefulSet that a HorizontalPodAutoscaler scales must leave spec.replicas unset, so the HPA alone owns its replica count.",
    rationale: "With an HPA, a declared spec.replicas makes every `pulumi up` reset the replica count, scaling a busy service down until the HPA corrects it.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["reliability", "scaling", "kubernetes", "source:Kubernetes HPA docs"],
    remediationSteps: "Let the workload renderer omit spec.replicas whenever it renders an HPA for the service (the HPA's minReplicas is the starting count); do not set replicas in stacks/services/<name>.ts for an autoscaled service.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { ignoredNamespaces } = args.getConfig<Config>();
        for (const workload of args.resources.filter((r) => isReplicatedWorkload(r.type) && !isIgnored(r, ignoredNamespaces))) {
            const replicas = declaredObject(workload.props).spec?.replicas;
            const [hpa] = hpasOf(args.resources, workload);
            if (hpa && replicas !== undefined && replicas !== null) {
                reportViolation(`${describe(workload)} sets spec.replicas to ${JSON.stringify(replicas)} although ${describe(hpa)} scales it: every update resets the replica count the HPA chose.`, workload.urn);
            }
        }
    },
};
