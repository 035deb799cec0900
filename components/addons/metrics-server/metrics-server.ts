import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { defineAddon } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { metricsServerNamespace } from "./namespace";
import { METRICS_SERVER_NAMESPACE, METRICS_SERVER_RELEASE, metricsServerValues } from "./values";

export const METRICS_SERVER_CHART: ChartSource = { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server" };

/** What the add-on reads from the stack config: `addons.metricsServer`. */
export interface MetricsServerSettings {
    version: string;
    replicas: number;
}

/**
 * The upstream metrics-server: the `metrics.k8s.io` API (an APIService the chart registers)
 * that HPAs, the VPA recommender and `kubectl top` read node and pod usage from. Its
 * namespace's rules name the VPC, where the control plane and the kubelets are.
 */
export function metricsServerAddon(addresses: ClusterAddresses, settings: MetricsServerSettings) {
    return defineAddon({
        name: "metrics-server",
        dependsOn: [],
        namespaces: [metricsServerNamespace(addresses)],
        provides: ["metrics-api"],
        install: (name, ctx, _deps, opts) => ({
            component: new ChartAddon(name, {
                component: "MetricsServer",
                source: METRICS_SERVER_CHART,
                version: settings.version,
                releaseName: METRICS_SERVER_RELEASE,
                namespace: METRICS_SERVER_NAMESPACE,
                values: cacheRegistryHost(["k8s"], { parent: opts.parent }).apply((registry) => metricsServerValues({ placement: ctx.placement, replicas: settings.replicas, registry })),
            }, opts),
            outputs: {},
        }),
    });
}
