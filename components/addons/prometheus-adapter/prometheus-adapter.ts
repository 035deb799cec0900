import { ClusterAddresses } from "../../namespace/traffic";
import { cacheRegistryHost } from "../../shared/images";
import { defineAddon } from "../addon";
import { ChartAddon, ChartSource } from "../helm-release";
import { prometheusAdapterNamespace } from "./namespace";
import { PROMETHEUS_ADAPTER_NAMESPACE, PROMETHEUS_ADAPTER_RELEASE, prometheusAdapterValues } from "./values";

export const PROMETHEUS_ADAPTER_CHART: ChartSource = { chart: "prometheus-adapter", repo: "https://prometheus-community.github.io/helm-charts" };

/** What the add-on reads from the stack config: `addons.prometheusAdapter`. */
export interface PrometheusAdapterSettings {
    version: string;
    replicas: number;
}

/**
 * prometheus-adapter: the `custom.metrics.k8s.io` API (an APIService the chart registers) from
 * which HPAs read each pod's request rate, computed by Prometheus from the services' request
 * counter. It comes after cert-manager, which issues the API's serving certificate, and after
 * the monitoring add-on, whose Prometheus it queries. No AWS access: it talks to the API server
 * and Prometheus only.
 */
export function prometheusAdapterAddon(addresses: ClusterAddresses, settings: PrometheusAdapterSettings) {
    return defineAddon({
        name: "prometheus-adapter",
        dependsOn: ["cert-manager", "monitoring"],
        namespaces: [prometheusAdapterNamespace(addresses)],
        provides: ["custom-metrics-api"],
        install: (name, ctx, _deps, opts) => ({
            component: new ChartAddon(name, {
                component: "PrometheusAdapter",
                source: PROMETHEUS_ADAPTER_CHART,
                version: settings.version,
                releaseName: PROMETHEUS_ADAPTER_RELEASE,
                namespace: PROMETHEUS_ADAPTER_NAMESPACE,
                values: cacheRegistryHost(["k8s"], { parent: opts.parent }).apply((registry) => prometheusAdapterValues({ placement: ctx.placement, replicas: settings.replicas, registry })),
            }, opts),
            outputs: {},
        }),
    });
}
