/**
 * A strict reader of Fluent Bit's classic config format, for the config the values render: no
 * fluent-bit binary is available to `--dry-run` it, and Fluent Bit itself stops at the first
 * unknown key or section with only a log line in a crash-looping pod. It checks the layout
 * Fluent Bit's parser needs (a `[SECTION]` header, then `key value` lines indented by the same
 * spaces), the sections and plugins, and each plugin's keys against the options the plugins
 * define (their config maps in Fluent Bit 5.1.1's source) for the plugins the platform uses.
 */

export interface ClassicSection {
    name: string;
    /** Entries in order; a key may repeat where Fluent Bit allows it (Parsers_File). */
    entries: [string, string][];
}

/** Options every input, filter or output takes besides its plugin's own. */
const COMMON: Record<string, string[]> = {
    INPUT: ["name", "tag", "mem_buf_limit", "storage.type", "storage.pause_on_chunks_overlimit", "threaded", "alias", "log_level"],
    FILTER: ["name", "match", "match_regex", "alias", "log_level"],
    OUTPUT: ["name", "match", "match_regex", "retry_limit", "storage.total_limit_size", "workers", "alias", "log_level", "net.keepalive", "net.connect_timeout"],
};

/** Each plugin's own options the platform may set. */
const PLUGIN_KEYS: Record<string, Record<string, string[]>> = {
    INPUT: {
        tail: ["path", "exclude_path", "multiline.parser", "db", "db.locking", "db.sync", "refresh_interval", "rotate_wait", "skip_long_lines", "buffer_chunk_size", "buffer_max_size", "read_from_head", "path_key"],
    },
    FILTER: {
        multiline: ["multiline.key_content", "multiline.parser", "mode", "buffer", "flush_ms", "emitter_name", "emitter_storage.type", "emitter_mem_buf_limit"],
        kubernetes: ["kube_url", "kube_tag_prefix", "merge_log", "merge_log_key", "keep_log", "k8s-logging.parser", "k8s-logging.exclude", "labels", "annotations", "buffer_size", "use_kubelet", "kube_meta_cache_ttl"],
    },
    OUTPUT: {
        cloudwatch_logs: ["region", "log_group_name", "log_group_template", "log_stream_name", "log_stream_prefix", "log_stream_template", "log_key", "log_format", "auto_create_group", "log_retention_days", "role_arn", "endpoint", "sts_endpoint"],
    },
};

const SERVICE_KEYS = ["daemon", "flush", "log_level", "parsers_file", "http_server", "http_listen", "http_port", "health_check", "storage.path", "storage.sync",
    "storage.checksum", "storage.backlog.mem_limit", "storage.max_chunks_up", "storage.metrics", "grace"];

const REPEATABLE = new Set(["parsers_file"]);

/** Parses classic-mode text into sections; throws on the first line Fluent Bit's parser would refuse. */
export function parseClassicConfig(text: string): ClassicSection[] {
    const sections: ClassicSection[] = [];
    let indent: string | undefined;
    text.split("\n").forEach((raw, i) => {
        const line = raw.replace(/\s+$/, "");
        const where = `line ${i + 1}`;
        if (line === "" || line.trimStart().startsWith("#")) return;
        const header = /^\[([A-Z_]+)\]$/.exec(line);
        if (header) {
            sections.push({ name: header[1], entries: [] });
            return;
        }
        if (/^\[/.test(line)) throw new Error(`${where}: malformed section header ${JSON.stringify(line)}`);
        const current = sections[sections.length - 1];
        if (!current) throw new Error(`${where}: entry outside a section`);
        const entry = /^( +)(\S+)\s+(\S.*)$/.exec(line);
        if (!entry) throw new Error(`${where}: expected an indented "key value" line, got ${JSON.stringify(line)}`);
        indent ??= entry[1];
        if (entry[1] !== indent) throw new Error(`${where}: indented by ${entry[1].length} spaces where the file uses ${indent.length}`);
        current.entries.push([entry[2], entry[3]]);
    });
    return sections;
}

/** What Fluent Bit would refuse or misread in these sections; empty when it loads them. */
export function classicConfigProblems(sections: readonly ClassicSection[]): string[] {
    const problems: string[] = [];
    sections.forEach((s, index) => {
        const at = `[${s.name}] #${index + 1}`;
        const keys = s.entries.map(([k]) => k.toLowerCase());
        for (const key of new Set(keys.filter((k, i) => keys.indexOf(k) !== i && !REPEATABLE.has(k)))) problems.push(`${at}: ${key} is set twice`);
        const value = (key: string) => s.entries.find(([k]) => k.toLowerCase() === key)?.[1];
        if (s.name === "SERVICE") {
            for (const key of keys) if (!SERVICE_KEYS.includes(key)) problems.push(`${at}: unknown key ${key}`);
            return;
        }
        if (!(s.name in COMMON)) {
            problems.push(`${at}: unknown section`);
            return;
        }
        const plugin = value("name");
        const own = plugin === undefined ? undefined : PLUGIN_KEYS[s.name][plugin];
        if (!own) {
            problems.push(`${at}: ${plugin === undefined ? "no Name" : `unknown plugin ${plugin}`}`);
            return;
        }
        for (const key of keys) if (!COMMON[s.name].includes(key) && !own.includes(key)) problems.push(`${at} ${plugin}: unknown key ${key}`);
        if (s.name !== "INPUT" && (value("match") === undefined) === (value("match_regex") === undefined)) problems.push(`${at} ${plugin}: needs exactly one of Match and Match_Regex`);
        const regex = value("match_regex");
        if (regex !== undefined) {
            try {
                new RegExp(regex);
            } catch (error) {
                problems.push(`${at} ${plugin}: Match_Regex does not compile: ${(error as Error).message}`);
            }
        }
    });
    if (sections.filter((s) => s.name === "SERVICE").length !== 1) problems.push("needs exactly one [SERVICE] section");
    return problems;
}
