/**
 * The collector's pipeline configuration as data, and its strict check. Helm renders the
 * configuration into a ConfigMap that nothing here can run, and the collector refuses a broken
 * one only when its pods start (the release then rolls back, and traces stop meanwhile); the
 * check refuses the same mistakes at preview: a component a pipeline names but nobody defines,
 * one defined but unused (the collector ignores it silently), an unknown component type or
 * setting, a connector that does not join two pipelines, a pipeline of the wrong signal.
 */

export type Signal = "traces" | "metrics" | "logs";
export type ComponentKind = "receivers" | "processors" | "exporters" | "connectors" | "extensions";

interface ComponentType {
    /** Top-level settings the component reads (its config struct at the pinned collector version). */
    settings: readonly string[];
    /** Signals it handles; a connector's are the pipelines it receives from, `emits` those it feeds. */
    signals: readonly Signal[];
    emits?: readonly Signal[];
}

/**
 * The component types the platform's configuration may use, each present in the contrib
 * distribution at the pinned image (0.158), with the long-standing top-level settings of each
 * (read from the components' config structs; a narrower list than the collector accepts, never
 * a wider one). A type or setting outside the table is refused: a misspelt key would otherwise
 * be caught only when the collector starts, and a component outside the image never runs.
 */
export const KNOWN_COMPONENTS: Record<ComponentKind, Record<string, ComponentType>> = {
    receivers: {
        otlp: { settings: ["protocols"], signals: ["traces", "metrics", "logs"] },
    },
    processors: {
        memory_limiter: { settings: ["check_interval", "limit_mib", "spike_limit_mib", "limit_percentage", "spike_limit_percentage"], signals: ["traces", "metrics", "logs"] },
        batch: { settings: ["timeout", "send_batch_size", "send_batch_max_size", "metadata_keys", "metadata_cardinality_limit"], signals: ["traces", "metrics", "logs"] },
        tail_sampling: { settings: ["decision_wait", "num_traces", "expected_new_traces_per_sec", "decision_cache", "policies"], signals: ["traces"] },
    },
    exporters: {
        awsxray: {
            settings: ["region", "endpoint", "role_arn", "num_workers", "max_retries", "request_timeout_seconds", "indexed_attributes", "index_all_attributes", "telemetry", "aws_log_groups"],
            signals: ["traces"],
        },
        loadbalancing: { settings: ["routing_key", "protocol", "resolver", "timeout", "retry_on_failure", "sending_queue"], signals: ["traces", "metrics", "logs"] },
        prometheus: {
            settings: ["endpoint", "namespace", "const_labels", "send_timestamps", "metric_expiration", "resource_to_telemetry_conversion", "enable_open_metrics"],
            signals: ["metrics"],
        },
    },
    connectors: {
        spanmetrics: {
            settings: ["histogram", "dimensions", "dimensions_cache_size", "aggregation_temporality", "metrics_flush_interval", "namespace", "exemplars"],
            signals: ["traces"],
            emits: ["metrics"],
        },
    },
    extensions: {
        health_check: { settings: ["endpoint", "path"], signals: [] },
    },
};

export interface Pipeline {
    receivers: string[];
    processors?: string[];
    exporters: string[];
}

export interface CollectorConfig {
    receivers: Record<string, Record<string, unknown>>;
    processors: Record<string, Record<string, unknown>>;
    exporters: Record<string, Record<string, unknown>>;
    connectors: Record<string, Record<string, unknown>>;
    extensions: Record<string, Record<string, unknown>>;
    service: {
        extensions: string[];
        pipelines: Record<string, Pipeline>;
        telemetry?: Record<string, unknown>;
    };
}

const KINDS: ComponentKind[] = ["receivers", "processors", "exporters", "connectors", "extensions"];
const SIGNALS: readonly string[] = ["traces", "metrics", "logs"];
/** `type` or `type/name`, as the collector parses a component ID. */
const COMPONENT_ID = /^([a-z][a-z0-9_]*)(\/[^/\s]+)?$/;

const typeOf = (id: string) => id.split("/")[0];

/** Every problem of a collector configuration, each naming where it is; empty when the collector would accept it. */
export function validateCollectorConfig(config: CollectorConfig): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(config)) {
        if (![...KINDS, "service"].includes(key)) problems.push(`${key}: not a section of the collector's configuration`);
    }
    for (const kind of KINDS) {
        for (const [id, settings] of Object.entries(config[kind] ?? {})) {
            const known = COMPONENT_ID.test(id) ? KNOWN_COMPONENTS[kind][typeOf(id)] : undefined;
            if (!known) {
                problems.push(`${kind}.${id}: not a known ${kind.slice(0, -1)} type (known: ${Object.keys(KNOWN_COMPONENTS[kind]).join(", ")})`);
                continue;
            }
            for (const setting of Object.keys(settings ?? {})) {
                if (!known.settings.includes(setting)) problems.push(`${kind}.${id}.${setting}: not a setting of ${typeOf(id)}`);
            }
        }
    }

    const defined = (kind: ComponentKind, id: string) => Object.hasOwn(config[kind] ?? {}, id);
    for (const id of config.service.extensions) {
        if (!defined("extensions", id)) problems.push(`service.extensions: ${id} is not defined under extensions`);
    }
    for (const id of Object.keys(config.extensions ?? {})) {
        if (!config.service.extensions.includes(id)) problems.push(`extensions.${id}: defined but not enabled in service.extensions`);
    }

    const used = new Set<string>();
    const connectorUse = new Map<string, { asExporter: Signal[]; asReceiver: Signal[] }>();
    for (const [pipelineId, pipeline] of Object.entries(config.service.pipelines)) {
        const where = `service.pipelines.${pipelineId}`;
        const signal = pipelineId.split("/")[0];
        if (!SIGNALS.includes(signal)) {
            problems.push(`${where}: a pipeline's ID starts with traces, metrics or logs`);
            continue;
        }
        if (pipeline.receivers.length === 0) problems.push(`${where}.receivers: a pipeline needs at least one receiver`);
        if (pipeline.exporters.length === 0) problems.push(`${where}.exporters: a pipeline needs at least one exporter`);
        const role = (list: "receivers" | "processors" | "exporters", id: string) => {
            const connector = list !== "processors" && defined("connectors", id);
            const kind: ComponentKind = connector ? "connectors" : list;
            if (!defined(kind, id)) {
                problems.push(`${where}.${list}: ${id} is not defined under ${list}${list === "processors" ? "" : " or connectors"}`);
                return;
            }
            used.add(`${kind}.${id}`);
            const type = KNOWN_COMPONENTS[kind][typeOf(id)];
            if (!type) return;
            if (connector) {
                const use = connectorUse.get(id) ?? { asExporter: [], asReceiver: [] };
                if (list === "exporters") {
                    use.asExporter.push(signal as Signal);
                    if (!type.signals.includes(signal as Signal)) problems.push(`${where}.exporters: connector ${id} does not consume ${signal}`);
                } else {
                    use.asReceiver.push(signal as Signal);
                    if (!(type.emits ?? []).includes(signal as Signal)) problems.push(`${where}.receivers: connector ${id} does not emit ${signal}`);
                }
                connectorUse.set(id, use);
            } else if (!type.signals.includes(signal as Signal)) {
                problems.push(`${where}.${list}: ${id} does not handle ${signal}`);
            }
        };
        for (const id of pipeline.receivers) role("receivers", id);
        for (const id of pipeline.processors ?? []) role("processors", id);
        for (const id of pipeline.exporters) role("exporters", id);
        const processors = pipeline.processors ?? [];
        for (const duplicate of new Set(processors.filter((p, i) => processors.indexOf(p) !== i))) problems.push(`${where}.processors: ${duplicate} is listed twice`);
        // The limiter refuses data before anything else holds it; after another processor it protects nothing.
        const limiter = processors.findIndex((p) => typeOf(p) === "memory_limiter");
        if (processors.length > 0 && limiter !== 0) problems.push(`${where}.processors: memory_limiter must come first`);
    }
    for (const [id, use] of connectorUse) {
        if (use.asExporter.length === 0) problems.push(`connectors.${id}: no pipeline exports to it, so the pipelines it feeds get nothing`);
        if (use.asReceiver.length === 0) problems.push(`connectors.${id}: no pipeline receives from it, so what it produces is lost`);
    }
    for (const kind of ["receivers", "processors", "exporters", "connectors"] as const) {
        for (const id of Object.keys(config[kind] ?? {})) {
            if (!used.has(`${kind}.${id}`)) problems.push(`${kind}.${id}: defined but used by no pipeline`);
        }
    }
    return problems;
}
