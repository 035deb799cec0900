/**
 * YACE (yet-another-cloudwatch-exporter), chart prometheus-community/prometheus-yet-another-cloudwatch-exporter
 * 0.47 (YACE v0.67). One Deployment; `image.registry` goes in front of `image.repository`, the tag
 * defaults to the appVersion. No host access and no RBAC: the chart renders no Role or ClusterRole.
 */
import { at, ChartAdapter, chartImage, chartPod } from "./view";

export const yace: ChartAdapter = ({ namespace, values }) => ({
    images: [chartImage("exporter", values, ["image"], { registry: "quay.io", repository: "prometheuscommunity/yet-another-cloudwatch-exporter" })],
    pods: [chartPod("exporter", namespace, { containerSecurityContexts: [at(values, "securityContext")] })],
    rbac: [],
});
