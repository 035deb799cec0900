/**
 * Fluent Bit as the node log shipper: what it reads, how it parses and enriches, where it
 * buffers and where it sends, as pure data (the chart's values and the Fluent Bit config they
 * carry). The component (fluent-bit.ts) adds the log groups and the IRSA role.
 */
import { Toleration } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { RUNTIME_DEFAULT_SECCOMP } from "../pod-security";
import { AlertRule } from "../velero/values";
import { bufferMiB, LogBuffering, logGroupName, UNLISTED_NAMESPACES_GROUP } from "./log-groups";

export * from "./log-groups";

export const FLUENT_BIT_NAMESPACE = "signal-trading-logging";
export const FLUENT_BIT_RELEASE = "fluent-bit";
/** Created with its IRSA role by the component; the chart only refers to it. */
export const FLUENT_BIT_SERVICE_ACCOUNT = "fluent-bit";
/** The chart's selector labels with release name `fluent-bit` (its fullname is then the release name). */
export const FLUENT_BIT_PODS = { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/instance": FLUENT_BIT_RELEASE };
/** Fluent Bit's HTTP server: health checks and the Prometheus metrics. */
export const METRICS_PORT = 2020;

/** Where the node keeps Fluent Bit's tail positions and its filesystem buffer: survives a pod restart, not the node. */
export const STATE_DIR = "/var/fluent-bit/state";
/** The kubelet's container log links and the files they point to (containerd writes under /var/log/pods). */
export const CONTAINER_LOG_DIRS = ["/var/log/containers", "/var/log/pods"] as const;

/** Memory of the tail input and the chunks held in memory; the container's limit leaves room for the filters and the HTTP clients. */
const MEMORY = { tailBuffer: "16MB", backlog: "16M", chunksUp: 32 } as const;
/** The container's resources: the memory limit is what keeps a log storm from taking a node's memory. */
export const FLUENT_BIT_RESOURCES = { requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "256Mi" } };

export interface FluentBitConfigInputs {
    region: string;
    /** The namespaces with a log group of their own (the platform's and kube-system). */
    namespaces: readonly string[];
    /** The EKS cluster's name, which the log group names carry. */
    clusterName: string;
    buffering: LogBuffering;
}

/** A classic-mode section: `[NAME]` and its indented `key value` lines. */
function section(name: string, entries: [string, string | number][]): string {
    const width = Math.max(...entries.map(([key]) => key.length));
    return [`[${name}]`, ...entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join("\n");
}

/** The tag the tail input gives a container's records: `kube.` and the log file's path with dots. */
const CONTAINER_TAG = "kube.*";
/** A container log file's tag up to and including its namespace: `kube.var.log.containers.<pod>_<namespace>_`. */
const tagOfNamespaces = (alternatives: string) => `^kube\\.var\\.log\\.containers\\.[^_]+_${alternatives}_`;

/**
 * The Fluent Bit config (classic mode), by the chart's config sections. Records are routed by
 * their namespace, read from the tag (the log file's name, `<pod>_<namespace>_<container>-<id>.log`),
 * so that no record reaches CloudWatch for a log group the program did not create (the role may
 * not create groups): the listed namespaces go to their own group, every other namespace to
 * the `unlisted` group.
 */
export function fluentBitConfig(inputs: FluentBitConfigInputs) {
    const listed = `(?:${[...inputs.namespaces].sort().join("|")})`;
    const group = (namespace: string) => logGroupName(inputs.clusterName, namespace);
    const limit = `${bufferMiB(inputs.buffering)}M`;
    const output = (match: string, extra: [string, string | number][]): string => section("OUTPUT", [
        ["Name", "cloudwatch_logs"],
        ["Match_Regex", match],
        ["region", inputs.region],
        ...extra,
        ["log_stream_prefix", "node."],
        // The role may write only to the groups the program created with their retention and key.
        ["auto_create_group", "Off"],
        // Retried until the buffer is full: an outage within the buffer's reach loses nothing.
        ["Retry_Limit", "no_limits"],
        ["storage.total_limit_size", limit],
        ["workers", 1],
    ]);
    return {
        service: section("SERVICE", [
            ["Daemon", "Off"],
            ["Flush", 1],
            ["Log_Level", "info"],
            ["Parsers_File", "/fluent-bit/etc/parsers.conf"],
            ["HTTP_Server", "On"],
            ["HTTP_Listen", "0.0.0.0"],
            ["HTTP_Port", METRICS_PORT],
            ["Health_Check", "On"],
            ["storage.path", `${STATE_DIR}/buffer/`],
            ["storage.sync", "normal"],
            ["storage.checksum", "Off"],
            ["storage.backlog.mem_limit", MEMORY.backlog],
            ["storage.max_chunks_up", MEMORY.chunksUp],
            ["storage.metrics", "On"],
        ]),
        inputs: section("INPUT", [
            ["Name", "tail"],
            ["Tag", CONTAINER_TAG],
            ["Path", `${CONTAINER_LOG_DIRS[0]}/*.log`],
            // The container runtime's framing; partial lines of a long message are joined back.
            ["multiline.parser", "cri, docker"],
            ["DB", `${STATE_DIR}/tail-containers.db`],
            ["DB.locking", "true"],
            ["Refresh_Interval", 5],
            ["Rotate_Wait", 30],
            ["Skip_Long_Lines", "On"],
            ["Buffer_Max_Size", "1MB"],
            ["Mem_Buf_Limit", MEMORY.tailBuffer],
            ["storage.type", "filesystem"],
        ]),
        filters: [
            // Stack traces of Go, Java and Python as one record each; before the kubernetes filter, as the plugin requires.
            section("FILTER", [
                ["Name", "multiline"],
                ["Match", CONTAINER_TAG],
                ["multiline.key_content", "log"],
                ["multiline.parser", "go, java, python"],
                ["emitter_storage.type", "filesystem"],
                ["emitter_mem_buf_limit", MEMORY.tailBuffer],
            ]),
            // JSON lines become top-level fields (trace_id and span_id among them, for Logs Insights);
            // a plain line stays whole in `log`.
            section("FILTER", [
                ["Name", "kubernetes"],
                ["Match", CONTAINER_TAG],
                ["Kube_Tag_Prefix", "kube.var.log.containers."],
                ["Merge_Log", "On"],
                ["Keep_Log", "Off"],
                ["K8S-Logging.Parser", "Off"],
                ["K8S-Logging.Exclude", "Off"],
                ["Labels", "On"],
                ["Annotations", "Off"],
                ["Buffer_Size", "256k"],
            ]),
        ].join("\n\n"),
        outputs: [
            output(tagOfNamespaces(listed), [
                ["log_group_name", group(UNLISTED_NAMESPACES_GROUP)],
                ["log_group_template", group("$kubernetes['namespace_name']")],
            ]),
            output(tagOfNamespaces(`(?!${listed}_)[^_]+`), [["log_group_name", group(UNLISTED_NAMESPACES_GROUP)]]),
        ].join("\n\n"),
    };
}

const RUNBOOK = "docs/addons.md#fluent-bit";

/**
 * Records lost (dropped when the buffer is full or a chunk fails for good), and CloudWatch
 * refusing or unreachable for long enough that the buffer is filling.
 */
export function fluentBitAlertRules(buffering: LogBuffering): AlertRule[] {
    const grace = Math.max(5, Math.min(30, Math.floor(buffering.outageMinutes / 4)));
    return [
        {
            alert: "FluentBitDroppedRecords",
            expr: "sum by (pod, name) (increase(fluentbit_output_dropped_records_total[10m])) > 0 or sum by (pod, name) (increase(fluentbit_output_retries_failed_total[10m])) > 0",
            labels: { severity: "critical" },
            annotations: {
                summary: "Fluent Bit lost log records",
                description: `Fluent Bit {{ $labels.pod }} dropped records or gave up retrying in output {{ $labels.name }} in the last 10 minutes: those container logs are not in CloudWatch (${RUNBOOK}).`,
            },
        },
        {
            alert: "FluentBitOutputRetrying",
            expr: "sum by (pod, name) (rate(fluentbit_output_retries_total[5m])) > 0 and sum by (pod, name) (rate(fluentbit_output_proc_records_total[5m])) == 0",
            for: `${grace}m`,
            labels: { severity: "warning" },
            annotations: {
                summary: "Fluent Bit cannot deliver to CloudWatch Logs",
                description: `Fluent Bit {{ $labels.pod }} has retried output {{ $labels.name }} without delivering for ${grace} minutes; its buffer holds ${buffering.outageMinutes} minutes of logs before it drops records (${RUNBOOK}).`,
            },
        },
    ];
}

export interface FluentBitValuesInputs extends FluentBitConfigInputs {
    /** Tolerations of every node group's taints: the DaemonSet runs on every node. */
    tolerations: Toleration[];
    /** This account's ECR registry host, whose pull-through cache serves the image. */
    registry: string;
}

/** The node's paths the pod mounts: the container logs read-only, the state directory writable. */
export function hostMounts() {
    const logs = CONTAINER_LOG_DIRS.map((path, i) => ({ name: `container-logs-${i}`, path }));
    return {
        volumes: [
            ...logs.map(({ name, path }) => ({ name, hostPath: { path, type: "Directory" } })),
            { name: "state", hostPath: { path: STATE_DIR, type: "DirectoryOrCreate" } },
        ],
        mounts: [
            ...logs.map(({ name, path }) => ({ name, mountPath: path, readOnly: true })),
            { name: "state", mountPath: STATE_DIR },
        ],
    };
}

/**
 * Values of the fluent/helm-charts fluent-bit chart (0.58.1, Fluent Bit 5.1.1): a DaemonSet on
 * every node, with the config above, the chart's ServiceMonitor and alerts, and its ClusterRole
 * (get, list and watch pods and namespaces, for the kubernetes filter).
 */
export function fluentBitValues(inputs: FluentBitValuesInputs) {
    const mounts = hostMounts();
    return {
        kind: "DaemonSet",
        image: { ...chartImage(inputs.registry, CHART_IMAGES.fluentBit), pullPolicy: "IfNotPresent" },
        // Its busybox test pod runs only with `helm test`, which the platform never runs.
        testFramework: { enabled: false },
        serviceAccount: { create: false, name: FLUENT_BIT_SERVICE_ACCOUNT },
        rbac: { create: true, nodeAccess: false, eventsAccess: false },
        // Root reads the root-owned log files without any capability; nothing else of root is kept.
        podSecurityContext: { seccompProfile: RUNTIME_DEFAULT_SECCOMP },
        securityContext: {
            runAsUser: 0,
            runAsGroup: 0,
            runAsNonRoot: false,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
        // Node-critical: a log shipper that is preempted or left pending loses the node's logs.
        priorityClassName: "system-node-critical",
        nodeSelector: { "kubernetes.io/os": "linux" },
        tolerations: inputs.tolerations,
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%" } },
        // Time to flush what is in memory to the filesystem buffer on a node drain.
        terminationGracePeriodSeconds: 30,
        resources: FLUENT_BIT_RESOURCES,
        metricsPort: METRICS_PORT,
        service: { type: "ClusterIP", port: METRICS_PORT },
        // The chart's DaemonSet mounts (all of /var/log read-write, Docker's directory, machine-id) replaced by exactly what is read and written.
        daemonSetVolumes: mounts.volumes,
        daemonSetVolumeMounts: mounts.mounts,
        serviceMonitor: { enabled: true, interval: "30s", scrapeTimeout: "10s" },
        // Prometheus selects every rule of the platform's namespaces (monitoring values: ruleSelector unset, ruleNamespaceSelector on the platform label).
        prometheusRule: { enabled: true, rules: fluentBitAlertRules(inputs.buffering) },
        networkPolicy: { enabled: false },
        hotReload: { enabled: false },
        config: { ...fluentBitConfig(inputs), customParsers: "", extraFiles: {} },
    };
}
