/**
 * Generates docs/config-reference.md from the config schema, so the reference cannot drift
 * from the code: a test fails when the committed file differs from what this renders.
 *   tsx tools/config-reference.ts          prints the reference
 *   tsx tools/config-reference.ts --write  rewrites docs/config-reference.md
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CONFIG_NAMESPACE, ConfigKey, configSections } from "../stacks/config/schema";

export const CONFIG_REFERENCE_FILE = path.resolve(__dirname, "..", "docs", "config-reference.md");

interface JsonSchema {
    type?: string;
    enum?: unknown[];
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: JsonSchema | boolean;
    items?: JsonSchema;
    anyOf?: JsonSchema[];
    default?: unknown;
    description?: string;
    secret?: boolean;
    minimum?: number;
    maximum?: number;
    pattern?: string;
}

interface Row {
    path: string;
    type: string;
    required: boolean;
    defaultValue?: unknown;
    description: string;
    secret: boolean;
}

function typeOf(schema: JsonSchema): string {
    if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(" | ");
    if (schema.type === "array") return `${schema.items ? typeOf(schema.items) : "value"}[]`;
    if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object" && !schema.properties) {
        return `map of ${typeOf(schema.additionalProperties)}`;
    }
    const range = schema.type === "integer" || schema.type === "number"
        ? [bound("≥", schema.minimum), bound("≤", schema.maximum)].filter(Boolean).join(", ")
        : "";
    return `${schema.type ?? "value"}${range ? ` (${range})` : ""}`;
}

/** A numeric bound worth printing (zod's int() adds ±MAX_SAFE_INTEGER, which says nothing). */
function bound(sign: string, value: number | undefined): string {
    return value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? "" : `${sign} ${value}`;
}

/** Leaf rows of a schema; objects recurse, maps of objects recurse under `<name>`. */
function rows(schema: JsonSchema, at: string, required: boolean, out: Row[]): void {
    const [present, ...others] = (schema.anyOf ?? []).filter((s) => s.type !== "null");
    if (present?.type === "object" && others.length === 0 && schema.anyOf!.length === 2) {
        // A section that may be null (unset): its fields, none required when it is left out.
        rows({ ...present, description: schema.description ?? present.description }, at, false, out);
        return;
    }
    const mapValue = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    if (schema.type === "object" && schema.properties) {
        const entries = Object.entries(schema.properties);
        const same = entries.length > 1 && entries.every(([, s]) => JSON.stringify(s) === JSON.stringify(entries[0][1]));
        if (same) {
            // Identical members (e.g. the four services) are documented once.
            rows(entries[0][1], `${at}.<${entries.map(([k]) => k).join("|")}>`, required && (schema.required ?? []).length > 0, out);
            return;
        }
        if (schema.description) out.push(row(schema, at, required, "object"));
        for (const [key, child] of entries) rows(child, `${at}.${key}`, required && (schema.required ?? []).includes(key), out);
        return;
    }
    if (schema.type === "object" && mapValue?.type === "object" && mapValue.properties) {
        out.push(row(schema, at, required, "map"));
        rows(mapValue, `${at}.<name>`, true, out);
        return;
    }
    if (schema.type === "array" && schema.items?.type === "object" && schema.items.properties) {
        out.push(row(schema, at, required, "list"));
        rows(schema.items, `${at}[]`, true, out);
        return;
    }
    out.push(row(schema, at, required, typeOf(schema)));
}

function row(schema: JsonSchema, at: string, required: boolean, type: string): Row {
    return { path: at, type, required: required && schema.default === undefined, defaultValue: schema.default, description: schema.description ?? "", secret: schema.secret === true };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Rows made, by section and key: the schemas are constants, and converting one to JSON Schema takes long. */
const rowsOf = new WeakMap<z.ZodType, Map<string, { schema: JsonSchema; rows: Row[] }>>();

/** The documented rows of one config key, as the reference lists them; callers must not change them. */
function keyRows(key: string, section: z.ZodType): { schema: JsonSchema; rows: Row[] } {
    const byKey = rowsOf.get(section) ?? new Map<string, { schema: JsonSchema; rows: Row[] }>();
    rowsOf.set(section, byKey);
    const known = byKey.get(key);
    if (known) return known;
    const schema = z.toJSONSchema(section, { io: "input" }) as JsonSchema;
    const out: Row[] = [];
    // A key is required when the schema refuses its absence (defaults make the others optional).
    rows(schema, key, !section.safeParse(undefined).success, out);
    const made = { schema, rows: out };
    byKey.set(key, made);
    return made;
}

/**
 * Every config path (with its type) the reference documents for a set of top-level keys (`services.<gateway|...>.scaling.max`,
 * `backup.schedules[].cron`), so other documents can be checked against the same source.
 */
export function documentedConfigPaths(sections: Record<string, z.ZodType>): { path: string; type: string }[] {
    return Object.entries(sections).flatMap(([key, section]) => keyRows(key, section).rows.map(({ path, type }) => ({ path, type })));
}

export function renderConfigReference(): string {
    const lines = [
        "# Stack config reference",
        "",
        "Generated from `stacks/config/schema.ts` by `npm run docs:config`; do not edit by hand.",
        `Every key lives in the \`${CONFIG_NAMESPACE}\` namespace: set \`${CONFIG_NAMESPACE}:<key>\` in \`Pulumi.<stack>.yaml\`,`,
        "or `pulumi config set --path '<key>.<field>' <value>`. Keys marked secret must be set with",
        "`pulumi config set --secret`. Unknown keys are errors, so a typo cannot go unnoticed.",
        "",
    ];
    for (const key of Object.keys(configSections) as ConfigKey[]) {
        const { schema, rows: out } = keyRows(key, configSections[key]);
        lines.push(`## \`${key}\``, "");
        if (schema.description && schema.type === "object") lines.push(schema.description, "");
        lines.push("| key | type | required | default | description |", "|---|---|---|---|---|");
        for (const r of out) {
            const defaultValue = r.defaultValue === undefined ? "" : `\`${JSON.stringify(r.defaultValue)}\``;
            lines.push(`| \`${cell(r.path)}\` | ${cell(r.type)} | ${r.required ? "yes" : ""} | ${cell(defaultValue)} | ${cell(r.description)}${r.secret ? " **Secret.**" : ""} |`);
        }
        lines.push("");
    }
    lines.push("## Invariants between keys", "", "Checked once the keys they join are valid; each problem names its path:", "");
    lines.push(...INVARIANT_DOCS.map((d) => `- ${d}`), "");
    return lines.join("\n");
}

/** The cross-key rules of schema.ts, in words (kept next to the generator's output, tested by the schema tests). */
const INVARIANT_DOCS = [
    "`network.availabilityZones[].zoneId` are zone IDs of `aws.region`.",
    "prod: at least 3 availability zones, `network.natGateways` = `perAz`, every `services.<name>.scaling.min` ≥ 2, `database.multiAz`, `database.deletionProtection` and `database.performanceInsights` true, `database.enhancedMonitoringIntervalSeconds` > 0, `addons.clusterAutoscaler.replicas`, `addons.metricsServer.replicas` and `addons.nginxIngress.replicas` ≥ 2, `cluster.deletionProtection`, `backup.crossRegionReplication`, `backup.replicationTimeControl` and `backup.protectStorage` true.",
    "`objectives.rpoMinutes` ≥ 5 (RDS point-in-time recovery, which backs the database's RPO, restores to within 5 minutes).",
    "Some schedule in `backup.schedules` with `snapshotVolumes` runs at least every `objectives.rpoMinutes` (its longest gap between runs counts).",
    "`slos.periodDays` ≤ `monitoring.prometheusRetentionDays`; `objectives.availabilityPercent`, where an SLO takes it as its availability objective, obeys the SLO objectives' rule (above 90, below 100, and at least 93.1 so that the 14.4× page can fire).",
    "`addons.verticalPodAutoscaler.updater` needs `addons.verticalPodAutoscaler.admissionController`.",
    "`services.<name>.verticalScaling`: a mode other than `Off` may not control a resource the HPA scales on (cpu always; memory unless `scaling.targetMemoryUtilization` is null), needs `addons.verticalPodAutoscaler.admissionController`, and (except `Initial`) `addons.verticalPodAutoscaler.updater`.",
    "prod: every image is pinned by digest (`services.<name>.image.digest`, `redis.image.digest`, `redis.exporterImage.digest`).",
    "Every API key a service definition uses (stacks/services) is set under `apiKeys`.",
    "An IAM role has one access entry per cluster: a role in `workloadAccess.*.roleArns` is in no other list of it or of `cluster.adminRoleArns` / `cluster.readOnlyRoleArns`.",
    "Within keys: `aws.backupReplicaRegion` ≠ `aws.region`; each subnet fits its fixed slot in `network.cidr` (a /20 or larger), which does not overlap the cluster's service range 172.20.0.0/16; `network.availabilityZones` lists 2 to 4 zones, each zone ID and each slot once, and no zone where EKS refuses cluster subnets (use1-az3, usw1-az2, cac1-az3); node groups have min ≤ desired ≤ max, SPOT groups ≥ 2 instance types and no mix of arm64 and x86_64 types; a `system` ON_DEMAND group exists; no role is listed twice in `cluster.adminRoleArns` and `cluster.readOnlyRoleArns`; scaling min ≤ max; requests ≤ limits; `auth.jwtKeyIds` are unique; backup TTLs ≤ `backup.bucketRetentionDays`; cron expressions are valid; DNS hosts are inside `dns.zoneName`; `tags.extra` neither uses the `aws:` prefix nor overrides the platform's tags.",
    "At preview and deploy time, against the AWS account (stacks/account-checks.ts), before the VPC is created or changed: every `network.availabilityZones[].zoneId` is an available zone of the account; every zone offers every type in `nodeGroups.<name>.instanceTypes`; no deployed subnet would move (a changed `network.cidr`, `network.subnetPrefixLengths.<tier>` or zone `slot`) unless `network.allowSubnetReplacement` is true.",
];

if (require.main === module) {
    const rendered = renderConfigReference();
    if (process.argv.includes("--write")) {
        fs.mkdirSync(path.dirname(CONFIG_REFERENCE_FILE), { recursive: true });
        fs.writeFileSync(CONFIG_REFERENCE_FILE, rendered);
        console.log(`wrote ${path.relative(process.cwd(), CONFIG_REFERENCE_FILE)}`);
    } else {
        process.stdout.write(rendered);
    }
}
