/**
 * The Prometheus operator's writes of workloads and credentials, held to the monitoring
 * namespace by admission (write-fence.ts). kube-prometheus-stack 88.5.3 renders only a
 * ClusterRole for the operator (`*` on StatefulSets, Secrets and ConfigMaps in every
 * namespace); the `*InstanceNamespaces` values keep it from wanting to write elsewhere. Its
 * writes of the kubelet Service and Endpoints in kube-system are not matched.
 */
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { WriteFence } from "../write-fence";
import { MONITORING_RELEASE } from "./values";

export const OPERATOR_FENCE: WriteFence = {
    name: "prometheus-operator-in-monitoring-namespace",
    // The chart's `<release>-operator`.
    serviceAccount: { namespace: MONITORING_NAMESPACE, name: `${MONITORING_RELEASE}-operator` },
    resources: [{ apiGroup: "apps", resources: ["statefulsets"] }, { apiGroup: "", resources: ["secrets", "configmaps"] }],
    namespaces: [MONITORING_NAMESPACE],
    who: "the Prometheus operator",
};
