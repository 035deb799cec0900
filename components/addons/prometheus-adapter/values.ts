import { Placement } from "../../cluster/placement";
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { MONITORING_RELEASE, PORTS as MONITORING_PORTS } from "../monitoring/values";
import { aggregatedApiServerPods, restrictedContainerAs, restrictedPodSecurity } from "../pod-security";
import { customMetricRules } from "./rules";

/** Helm release name; the chart names its objects (`prometheus-adapter`) and labels its pods after it. */
export const PROMETHEUS_ADAPTER_RELEASE = "prometheus-adapter";
export const PROMETHEUS_ADAPTER_NAMESPACE = "prometheus-adapter";

/** Labels the chart puts on the adapter's pods (its selector labels). */
export const PROMETHEUS_ADAPTER_PODS = { "app.kubernetes.io/name": "prometheus-adapter", "app.kubernetes.io/instance": PROMETHEUS_ADAPTER_RELEASE };

/** Port the adapter serves the custom metrics API on (the chart's `listenPort`, `--secure-port`); the Service's 443 targets it. */
export const PROMETHEUS_ADAPTER_PORT = 6443;

/** kube-prometheus-stack's Prometheus Service (`<release>-prometheus`), which balances over its replicas. */
export const PROMETHEUS_URL = `http://${MONITORING_RELEASE}-prometheus.${MONITORING_NAMESPACE}.svc`;

/** The user the chart's image and default security context run as. */
const ADAPTER_USER = 10001;

export interface PrometheusAdapterValuesInputs {
    placement: Placement;
    /** More than one all serve the API (no leader election), so one can be drained while another answers. */
    replicas: number;
    /** This account's ECR registry host, whose pull-through cache serves the image. */
    registry: string;
}

/** Values of the prometheus-community prometheus-adapter chart, 5.3. */
export function prometheusAdapterValues(inputs: PrometheusAdapterValuesInputs) {
    return {
        image: chartImage(inputs.registry, CHART_IMAGES.prometheusAdapter),
        // HPAs of request-driven services read the custom metrics API: without it they scale on CPU and memory only.
        ...aggregatedApiServerPods(inputs.replicas, PROMETHEUS_ADAPTER_PODS, inputs.placement),
        // One rule over one counter: a small cache of series, a query per HPA every 15 s.
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        podSecurityContext: restrictedPodSecurity({ user: ADAPTER_USER, fsGroup: ADAPTER_USER }),
        securityContext: restrictedContainerAs(ADAPTER_USER),
        listenPort: PROMETHEUS_ADAPTER_PORT,
        prometheus: { url: PROMETHEUS_URL, port: MONITORING_PORTS.prometheus, path: "" },
        // Level 4 logs every request the API server makes (one per HPA every 15 s) into the namespace's log group.
        logLevel: 2,
        // Only the request-rate rule: the chart's default rules would turn every series of every
        // namespace into a custom metric, listed from Prometheus at every relist.
        rules: { default: false, custom: customMetricRules() },
        // The API server verifies the adapter's serving certificate against a CA cert-manager
        // issues in this namespace and injects into the APIService, instead of skipping TLS verification.
        certManager: { enabled: true },
    };
}
