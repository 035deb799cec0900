/**
 * The cluster add-ons of a stack: the one place that knows the whole stack config hands each
 * add-on the settings it reads; the registry (components/addons/registry.ts) orders them by
 * their dependencies.
 */
import { certManagerAddon } from "../components/addons/cert-manager/cert-manager";
import { clusterAutoscalerAddon } from "../components/addons/cluster-autoscaler/cluster-autoscaler";
import { externalDnsAddon } from "../components/addons/external-dns/external-dns";
import { metricsServerAddon } from "../components/addons/metrics-server/metrics-server";
import { monitoringAddon } from "../components/addons/monitoring/monitoring";
import { nginxIngressAddon } from "../components/addons/nginx-ingress/nginx-ingress";
import { prometheusOperatorCrdsAddon } from "../components/addons/prometheus-operator-crds/prometheus-operator-crds";
import { AnyAddon } from "../components/addons/registry";
import { storageAddon } from "../components/addons/storage/storage-class";
import { veleroAddon } from "../components/addons/velero/velero";
import { verticalPodAutoscalerAddon } from "../components/addons/vertical-pod-autoscaler/vertical-pod-autoscaler";
import { clusterAddresses } from "../components/namespace/traffic";
import { StackConfig } from "./config/schema";

/** Add-ons whose namespace rules name the control plane or the nodes are built from the network's addresses. */
export function platformAddons(config: StackConfig): AnyAddon[] {
    const addresses = clusterAddresses(config.network);
    const { environment, addons, dns } = config;
    const region = config.aws.region;
    return [
        storageAddon,
        clusterAutoscalerAddon({ region, ...addons.clusterAutoscaler }),
        metricsServerAddon(addresses, addons.metricsServer),
        verticalPodAutoscalerAddon(addresses, { environment, ...addons.verticalPodAutoscaler }),
        prometheusOperatorCrdsAddon(addons.kubePrometheusStack),
        nginxIngressAddon(addresses, addons.nginxIngress),
        ...(addons.externalDns.enabled ? [externalDnsAddon(addresses, { region, version: addons.externalDns.version, dns })] : []),
        certManagerAddon(addresses, { environment, ...addons.certManager, dns }),
        monitoringAddon(addresses, {
            environment,
            version: addons.kubePrometheusStack.version,
            monitoring: config.monitoring,
            slackWebhookUrl: config.slackWebhookUrl,
            grafanaHost: dns.grafanaHost,
        }),
        veleroAddon(addresses, { region, ...addons.velero, backup: config.backup, rpoMinutes: config.objectives.rpoMinutes }),
    ];
}
