import { clusterAddresses } from "../namespace/traffic";
import { StackConfig } from "../../stacks/config/schema";
import { certManagerAddon } from "./cert-manager/cert-manager";
import { clusterAutoscalerAddon } from "./cluster-autoscaler/cluster-autoscaler";
import { externalDnsAddon } from "./external-dns/external-dns";
import { metricsServerAddon } from "./metrics-server/metrics-server";
import { monitoringAddon } from "./monitoring/monitoring";
import { nginxIngressAddon } from "./nginx-ingress/nginx-ingress";
import { prometheusOperatorCrdsAddon } from "./prometheus-operator-crds/prometheus-operator-crds";
import { AnyAddon } from "./registry";
import { storageAddon } from "./storage/storage-class";
import { veleroAddon } from "./velero/velero";
import { verticalPodAutoscalerAddon } from "./vertical-pod-autoscaler/vertical-pod-autoscaler";

/**
 * The cluster add-ons of a stack; the registry orders them by their dependencies. Add-ons whose
 * namespace rules name the control plane or the nodes are built from the network's addresses.
 */
export function platformAddons(config: StackConfig): AnyAddon[] {
    const addresses = clusterAddresses(config.network);
    return [
        storageAddon,
        clusterAutoscalerAddon,
        metricsServerAddon(addresses),
        verticalPodAutoscalerAddon(addresses),
        prometheusOperatorCrdsAddon,
        nginxIngressAddon(addresses),
        ...(config.addons.externalDns.enabled ? [externalDnsAddon(addresses)] : []),
        certManagerAddon(addresses),
        monitoringAddon(addresses, config.monitoring),
        veleroAddon(addresses),
    ];
}
