/** Helm release name of the CRDs chart; its release record lives in kube-system. */
export const PROMETHEUS_OPERATOR_CRDS_RELEASE = "prometheus-operator-crds";
export const PROMETHEUS_OPERATOR_CRDS_NAMESPACE = "kube-system";

/**
 * Values of the prometheus-operator-crds chart (31.x, operator v0.93.1). The chart renders the
 * monitoring.coreos.com CRDs as templates (charts/crds/templates), not from a `crds/`
 * directory, so every chart upgrade upgrades them too. Uninstalling the chart would delete
 * the CRDs and with them every ServiceMonitor, PrometheusRule, Prometheus and Alertmanager in
 * the cluster; Helm's keep policy leaves them in place instead.
 */
export function prometheusOperatorCrdsValues() {
    return {
        crds: {
            annotations: { "helm.sh/resource-policy": "keep" },
        },
    };
}
