/** Fluent Bit, chart fluent/helm-charts fluent-bit 0.58 (Fluent Bit 5.1). */
import { at, ChartAdapter, chartImage, chartPod, extraContainerImages, flag, list, record, text } from "./view";

/** The hostPaths of the chart's default daemonSetVolumes (values.yaml at 0.58.1), used when the values leave them unset. */
const DEFAULT_DAEMONSET_HOST_PATHS = ["/var/log", "/var/lib/docker/containers", "/etc/machine-id"];

export const fluentBit: ChartAdapter = ({ namespace, values }) => {
    const daemonSet = (text(values.kind) ?? "DaemonSet") === "DaemonSet";
    const volumes = [...(daemonSet ? list(values.daemonSetVolumes ?? null) : []), ...list(values.extraVolumes)];
    const hostPaths = [
        ...(daemonSet && values.daemonSetVolumes === undefined ? DEFAULT_DAEMONSET_HOST_PATHS : []),
        ...volumes.map((v) => text(at(v, "hostPath", "path"))).filter((p): p is string => p !== undefined),
    ];
    const hotReload = flag(at(values, "hotReload", "enabled"), false);
    return {
        images: [
            // The tag defaults to the chart's appVersion.
            chartImage("fluent-bit", values, ["image"], { repository: "cr.fluentbit.io/fluent/fluent-bit" }),
            ...(hotReload ? [chartImage("reloader", values, ["hotReload", "image"], { repository: "ghcr.io/jimmidyson/configmap-reload", tag: "v0.15.0" })] : []),
            ...(typeof values.initContainers === "string" ? [] : extraContainerImages("fluent-bit", values, ["initContainers"])),
            ...(typeof values.extraContainers === "string" ? [] : extraContainerImages("fluent-bit", values, ["extraContainers"])),
            // The chart's `helm test` pod, rendered with the release unless the test framework is off.
            ...(flag(at(values, "testFramework", "enabled"), true) ? [chartImage("test-connection", values, ["testFramework", "image"], { repository: "busybox", tag: "latest" })] : []),
        ],
        pods: [chartPod("fluent-bit", namespace, {
            hostNetwork: flag(values.hostNetwork, false),
            hostPaths,
            containerSecurityContexts: [values.securityContext, ...(hotReload ? [record(at(values, "hotReload", "securityContext"))] : [])],
        })],
        // Its ClusterRole reads namespaces and pods (and with rbac.nodeAccess, nodes): no Secrets, nothing cluster-admin.
        rbac: [],
    };
};
