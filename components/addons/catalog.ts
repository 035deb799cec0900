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
 * namespace rules name the VPC's addresses (webhooks, kubelets) are built from its CIDR.
 */
export function platformAddons(config: StackConfig): AnyAddon[] {
    const vpcCidr = config.network.cidr;
    return [
        storageAddon,
        clusterAutoscalerAddon,
        metricsServerAddon(vpcCidr),
        verticalPodAutoscalerAddon(vpcCidr),
        prometheusOperatorCrdsAddon,
        nginxIngressAddon(vpcCidr),
        ...(config.addons.externalDns.enabled ? [externalDnsAddon(vpcCidr)] : []),
        certManagerAddon(vpcCidr),
        monitoringAddon(vpcCidr, config.monitoring),
        veleroAddon(vpcCidr),
    ];
}
