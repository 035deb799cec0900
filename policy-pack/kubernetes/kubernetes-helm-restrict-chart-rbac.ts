import { ChartRbacGrant, noAdapterMessage, releaseView } from "../lib/charts";
import { HELM_TYPES } from "../lib/kubernetes";
import { PackResourcePolicy, reasonedList } from "../lib/policy";
import { describe } from "../lib/resources";

interface Allowance {
    chart: string;
    component: string;
    scope: ChartRbacGrant["scope"];
    reason: string;
}

interface Config {
    allowances: Allowance[];
}

const SCOPES: Record<ChartRbacGrant["scope"], string> = {
    "cluster-admin": "cluster-admin rights",
    "cluster-secrets": "access to the Secrets of every namespace",
};

/**
 * A chart's RBAC is rendered by the chart, out of the plan's sight: one values key (or its
 * default) can bind a controller to cluster-admin or give it every namespace's Secrets, which
 * hold database passwords and TLS keys. The chart adapters read those keys.
 */
export const kubernetesHelmRestrictChartRbac: PackResourcePolicy = {
    name: "kubernetes-helm-restrict-chart-rbac",
    description: "Helm releases must not give a chart's components cluster-admin or access to the Secrets of every namespace (a controller watching all namespaces with a ClusterRole on Secrets, a dashboard sidecar searching ALL namespaces, kube-state-metrics collecting secrets), judged from the release's values and the chart's defaults by the chart's adapter; a release of a chart without an adapter fails.",
    rationale: "A chart's RBAC is out of the plan's sight, and one values key or its default can give a controller cluster-admin or every namespace's Secrets.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "rbac", "kubernetes", "helm", "source:CIS EKS 4.1.1", "source:CIS EKS 4.1.2", "source:GATES chart values adapters"],
    remediationSteps: "Scope the component in the add-on's values (components/addons/<addon>/values.ts): velero rbac.clusterAdministrator: false with the chart's namespaced roles; nginx-ingress controller.watchNamespace to the namespaces with Ingresses; grafana rbac.namespaced: true and sidecar.<kind>.searchNamespace to the listed namespaces; kube-state-metrics collectors without secrets; kube-prometheus-stack prometheusOperator.namespaces. A component that needs cluster-wide Secrets by design is listed in allowances as { chart, component, scope, reason }. A new chart needs its adapter in policy-pack/lib/charts first.",
    configSchema: {
        properties: {
            allowances: reasonedList({ chart: "text", component: "text", scope: { type: "string", enum: ["cluster-admin", "cluster-secrets"] } }, "Components (by chart name and the adapter's component name) allowed a cluster-wide grant for a written reason: { chart, component, scope, reason }."),
        },
    },
    validateResource: (args, reportViolation) => {
        if (!HELM_TYPES.includes(args.type)) return;
        const { chart, view } = releaseView(args.props);
        if (!view) {
            reportViolation(noAdapterMessage(describe(args), chart, "RBAC"));
            return;
        }
        const { allowances } = args.getConfig<Config>();
        for (const grant of view.rbac) {
            if (allowances.some((a) => a.chart === chart && a.component === grant.component && a.scope === grant.scope)) continue;
            reportViolation(`${describe(args)} gives ${chart}'s ${grant.component} ${SCOPES[grant.scope]}: ${grant.cause}.`);
        }
    },
};
