/**
 * OpenTelemetry Collector, chart open-telemetry/opentelemetry-collector 0.170 (collector 0.158).
 * One pod (Deployment, DaemonSet or StatefulSet by `mode`). The chart has no image default
 * (`image.repository` is required) and puts `global.imageRegistry` in front of it. Its presets
 * mount host directories (log collection: the pods' and Docker's logs; host metrics: the whole
 * root filesystem; profiling: tracefs, as root with added capabilities unless `securityContext`
 * is set). Its ClusterRole reads pods, nodes and workloads for the presets, never Secrets; only
 * `clusterRole.rules` can add more.
 */
import { at, ChartAdapter, ChartImage, ChartRbacGrant, chartPod, CHART_DEFAULT_TAG, extraContainerImages, flag, list, literalImage, record, text } from "./view";

function collectorImage(values: Record<string, unknown>): ChartImage {
    const image = record(at(values, "image"));
    const registry = text(at(values, "global", "imageRegistry"));
    const repository = `${registry ? `${registry}/` : ""}${text(image.repository) ?? "<unset: the chart requires image.repository>"}`;
    const digest = text(image.digest);
    // With a digest the chart pulls `<repository>@<digest>` and ignores the tag.
    if (digest) return literalImage("collector", "image", `${repository}@${digest}`);
    const tag = text(image.tag);
    return tag ? literalImage("collector", "image", `${repository}:${tag}`) : { component: "collector", valuesPath: "image", image: `${repository}:${CHART_DEFAULT_TAG}` };
}

function hostPaths(values: Record<string, unknown>): string[] {
    const preset = (...path: string[]) => flag(at(values, "presets", ...path), false);
    return [
        ...(preset("logsCollection", "enabled") || preset("annotationDiscovery", "logs", "enabled") ? ["/var/log/pods", "/var/lib/docker/containers"] : []),
        ...((preset("logsCollection", "enabled") || preset("annotationDiscovery", "logs", "enabled")) && preset("logsCollection", "storeCheckpoints") ? ["/var/lib/otelcol"] : []),
        ...(preset("hostMetrics", "enabled") ? ["/"] : []),
        ...(preset("profiling", "enabled") ? ["/sys/kernel/tracing"] : []),
        ...list(at(values, "extraVolumes")).flatMap((volume) => {
            const path = text(at(volume, "hostPath", "path"));
            return path ? [path] : [];
        }),
    ];
}

/** The rights `clusterRole.rules` adds: any rule on Secrets (or every resource) reaches every namespace's Secrets. */
function customRules(values: Record<string, unknown>): ChartRbacGrant[] {
    if (!flag(at(values, "clusterRole", "create"), false)) return [];
    const rules = list(at(values, "clusterRole", "rules")).map(record);
    const names = (rule: Record<string, unknown>, key: string) => list(rule[key]).map(String);
    if (rules.some((r) => ["apiGroups", "resources", "verbs"].every((k) => names(r, k).includes("*")))) {
        return [{ component: "collector", scope: "cluster-admin", cause: "clusterRole.rules grants every verb on every resource" }];
    }
    if (rules.some((r) => names(r, "resources").some((res) => res === "*" || res === "secrets"))) {
        return [{ component: "collector", scope: "cluster-secrets", cause: "clusterRole.rules names secrets (or every resource) in a ClusterRole" }];
    }
    return [];
}

export const openTelemetryCollector: ChartAdapter = ({ namespace, values }) => {
    const profiling = flag(at(values, "presets", "profiling", "enabled"), false);
    const securityContext = record(at(values, "securityContext"));
    // The profiling preset's default container context, used while `securityContext` is empty.
    const profilingDefault = profiling && Object.keys(securityContext).length === 0
        ? { capabilities: { add: ["BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE", "DAC_READ_SEARCH", "SYSLOG", "CHECKPOINT_RESTORE", "IPC_LOCK"] } }
        : undefined;
    return {
        images: [
            collectorImage(values),
            ...extraContainerImages("collector", values, ["initContainers"]),
            ...extraContainerImages("collector", values, ["extraContainers"]),
        ],
        pods: [chartPod("collector", text(at(values, "namespaceOverride")) ?? namespace, {
            hostNetwork: flag(at(values, "hostNetwork"), false),
            hostPID: flag(at(values, "hostPID"), false) || profiling,
            hostPaths: hostPaths(values),
            containerSecurityContexts: [profilingDefault ?? securityContext],
        })],
        rbac: customRules(values),
    };
};
