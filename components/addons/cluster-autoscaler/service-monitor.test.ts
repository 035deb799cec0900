import { strict as assert } from "node:assert";
import { renderNamespace } from "../../namespace/baseline";
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { monitoringNamespace } from "../monitoring/namespace";
import { kubePrometheusStackValues } from "../monitoring/values";
import { clusterAutoscalerServiceMonitor } from "./service-monitor";

describe("the cluster autoscaler's ServiceMonitor", () => {
    const monitor = clusterAutoscalerServiceMonitor(MONITORING_NAMESPACE);

    it("selects the chart's Service in kube-system by its instance and name labels, on its port named http", () => {
        // cluster-autoscaler chart 9.59.0: templates/service.yaml labels the Service with `cluster-autoscaler.instance-name`
        // (instance = the release, name = <cloudProvider>-cluster-autoscaler) and names its port `service.portName`.
        assert.deepEqual(monitor.spec.selector, { matchLabels: { "app.kubernetes.io/instance": "cluster-autoscaler", "app.kubernetes.io/name": "aws-cluster-autoscaler" } });
        assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ["kube-system"] });
        assert.deepEqual(monitor.spec.endpoints, [{ port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }]);
    });

    it("lives in a namespace Prometheus takes ServiceMonitors from", () => {
        const values = kubePrometheusStackValues({
            environment: "prod", placement: { nodeSelector: {}, tolerations: [] }, storageClassName: "gp3", prometheusStorageGiB: 50, prometheusRetentionDays: 15,
            slackChannels: { critical: "#c", warning: "#w", ticket: "#t" }, alertRoutes: {}, grafanaSso: null, registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        });
        const addresses = { vpcCidr: "10.0.0.0/16", controlPlaneCidrs: ["10.0.0.0/28"], databaseCidrs: ["10.0.1.0/28"] };
        const namespace = renderNamespace(monitoringNamespace(addresses, { grafanaExposure: "none", grafanaSso: null }, []));
        assert.equal(namespace.metadata.name, monitor.metadata.namespace);
        for (const [key, value] of Object.entries(values.prometheus.prometheusSpec.serviceMonitorNamespaceSelector.matchLabels)) {
            assert.equal((namespace.metadata.labels as Record<string, string>)[key], value, key);
        }
    });
});
