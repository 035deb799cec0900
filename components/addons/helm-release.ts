import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentType } from "../shared/naming";

/** Where a chart comes from: a Helm repository and chart name, or an `oci://` reference (then no repo). */
export interface ChartSource {
    chart: string;
    repo?: string;
}

export interface ChartReleaseArgs {
    source: ChartSource;
    /** Exact chart version, from the stack config. */
    version: string;
    /** Helm's release name (the chart's resources are named after it). */
    releaseName: string;
    namespace: string;
    values: pulumi.Input<Record<string, unknown>>;
}

/**
 * Every add-on chart is installed the same way: a helm v3 Release (one resource whose chart,
 * version, repository and values the policy pack and the tests read, in a real preview and
 * offline alike) that rolls back by itself when an upgrade does not become ready (`atomic`).
 * The reasons, chart by chart, are in docs/decisions.md.
 */
export function chartRelease(name: string, args: ChartReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(name, {
        name: args.releaseName,
        namespace: args.namespace,
        chart: args.source.chart,
        version: args.version,
        ...(args.source.repo ? { repositoryOpts: { repo: args.source.repo } } : {}),
        values: args.values,
        atomic: true,
        cleanupOnFail: true,
        maxHistory: 10,
        timeout: 600,
    }, opts);
}

export interface ChartAddonArgs extends ChartReleaseArgs {
    /** The component's type name, e.g. `MetricsServer` for `signal-trading:addons:MetricsServer`. */
    component: string;
}

/** An add-on that is one chart and nothing else. */
export class ChartAddon extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ChartAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("addons", args.component), name, {}, opts);
        this.release = chartRelease(name, args, { parent: this });
        this.registerOutputs({});
    }
}
