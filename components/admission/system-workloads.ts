/**
 * What the platform runs in the namespaces that may hold privileged pods, derived from the
 * add-on set: kube-system (the node agents and controllers of the EKS managed add-ons and the
 * cluster autoscaler) and every add-on namespace whose baseline is privileged.
 */
import { AnyAddon } from "../addons/registry";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from "../addons/cluster-autoscaler/values";
import { FLUENT_BIT_NAMESPACE, FLUENT_BIT_SERVICE_ACCOUNT } from "../addons/fluent-bit/values";
import { MONITORING_RELEASE, NODE_EXPORTER_NAMESPACE } from "../addons/monitoring/values";

export const KUBE_SYSTEM = "kube-system";

/**
 * kube-system's service accounts, as the EKS managed add-ons create them (components/cluster:
 * vpc-cni's aws-node, kube-proxy, coredns, the EBS CSI driver's controller and node plugin),
 * plus those of the add-ons the registry installs there.
 */
const MANAGED_ADDON_SERVICE_ACCOUNTS = ["aws-node", "kube-proxy", "coredns", "ebs-csi-controller-sa", "ebs-csi-node-sa"];
const KUBE_SYSTEM_ADDON_SERVICE_ACCOUNTS: Partial<Record<AnyAddon["name"], string[]>> = {
    "cluster-autoscaler": [CLUSTER_AUTOSCALER_SERVICE_ACCOUNT],
};

/**
 * The service accounts of each privileged add-on namespace. A namespace whose baseline becomes
 * privileged must be listed here, or the program stops: every pod there would be refused.
 */
const PRIVILEGED_NAMESPACE_SERVICE_ACCOUNTS: Record<string, string[]> = {
    // kube-prometheus-stack's node-exporter subchart names its service account after its fullname.
    [NODE_EXPORTER_NAMESPACE]: [`${MONITORING_RELEASE}-prometheus-node-exporter`],
    // Created with its IRSA role by the add-on (the chart only refers to it).
    [FLUENT_BIT_NAMESPACE]: [FLUENT_BIT_SERVICE_ACCOUNT],
};

export interface SystemWorkloads {
    /** kube-system and the add-on namespaces whose baseline is privileged. */
    privilegedNamespaces: string[];
    /** Per privileged namespace, the service accounts its pods run as. */
    serviceAccounts: Record<string, string[]>;
}

export function systemWorkloads(addons: readonly AnyAddon[]): SystemWorkloads {
    const privileged = addons.flatMap((a) => a.namespaces).filter((n) => n.podSecurity === "privileged").map((n) => n.name);
    const unknown = privileged.filter((n) => !(n in PRIVILEGED_NAMESPACE_SERVICE_ACCOUNTS));
    if (unknown.length > 0) throw new Error(`privileged namespaces without expected service accounts: ${unknown.join(", ")}; list who runs there in components/admission/system-workloads.ts`);
    const kubeSystem = [...MANAGED_ADDON_SERVICE_ACCOUNTS, ...addons.flatMap((a) => KUBE_SYSTEM_ADDON_SERVICE_ACCOUNTS[a.name] ?? [])];
    return {
        privilegedNamespaces: [KUBE_SYSTEM, ...privileged],
        serviceAccounts: { [KUBE_SYSTEM]: kubeSystem, ...Object.fromEntries(privileged.map((n) => [n, PRIVILEGED_NAMESPACE_SERVICE_ACCOUNTS[n]])) },
    };
}
