/**
 * The platform's Grafana dashboards as code, provisioned as ConfigMaps that Grafana's dashboard
 * sidecar loads: in the monitoring namespace (the only one it searches), with the label it
 * watches, and annotated with the folder they are filed in.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GRAFANA_DASHBOARD_SIDECAR } from "../../addons/monitoring/values";
import { PLATFORM_NAMESPACE_LABELS } from "../../namespace/baseline";
import { businessDashboard } from "./business";
import { DashboardInputs } from "./grafana";
import { infrastructureDashboard } from "./infrastructure";
import { serviceDashboard } from "./service";
import { slaDashboard } from "./sla";
import { systemOverviewDashboard } from "./system-overview";

export type { DashboardInputs, SlaTargets } from "./grafana";

/** The Grafana folder the platform's dashboards are filed in. */
export const DASHBOARD_FOLDER = "Signal Trading";

/** Every dashboard, in the order Grafana's folder lists them by title. */
export function renderDashboards(inputs: DashboardInputs): dashboard.Dashboard[] {
    return [systemOverviewDashboard, serviceDashboard, infrastructureDashboard, businessDashboard, slaDashboard].map((render) => render(inputs));
}

/**
 * A dashboard's ConfigMap: named after its uid, the JSON under `<uid>.json` (the file name the
 * sidecar writes). The uid, not the title, is what Grafana keys a provisioned dashboard by, so
 * renaming a dashboard updates it in place.
 */
export function renderDashboardConfigMap(board: dashboard.Dashboard, namespace: string) {
    if (!board.uid) throw new Error(`dashboard ${board.title} has no uid`);
    return {
        metadata: {
            name: board.uid,
            namespace,
            labels: { ...PLATFORM_NAMESPACE_LABELS, "app.kubernetes.io/component": "dashboards", [GRAFANA_DASHBOARD_SIDECAR.label]: GRAFANA_DASHBOARD_SIDECAR.labelValue },
            annotations: { [GRAFANA_DASHBOARD_SIDECAR.folderAnnotation]: DASHBOARD_FOLDER },
        },
        data: { [`${board.uid}.json`]: JSON.stringify(board) },
    };
}

export interface GrafanaDashboardsArgs {
    /** The monitoring namespace, where the sidecar looks. */
    namespace: string;
    inputs: DashboardInputs;
}

/** One ConfigMap per dashboard; their data updates in place (the provider sets enableConfigMapMutable). */
export function grafanaDashboards(name: string, args: GrafanaDashboardsArgs, opts?: pulumi.CustomResourceOptions): k8s.core.v1.ConfigMap[] {
    return renderDashboards(args.inputs).map((board) => new k8s.core.v1.ConfigMap(`${name}-${board.uid}`, renderDashboardConfigMap(board, args.namespace), opts));
}
