/**
 * Velero's backup storage locations and schedules, wherever the program declares them: as
 * velero.io/v1 CustomResources (`{ apiVersion, kind, metadata, spec }`) or in the values of
 * the velero chart, which renders `configuration.backupStorageLocation` and `schedules`
 * into the same objects. Resource policies pass inputs, stack policies outputs; both read
 * the same fields.
 */
import { maxIntervalMinutes, parseCron } from "./cron";
import { chartValue, isChart, isKind, isTrue, objectName } from "./kubernetes";
import { describe } from "./resources";

export const VELERO_GROUP = "velero.io";

/** The TTL of a backup whose schedule sets none: the server's --default-backup-ttl, unless the chart changes it. */
export const VELERO_DEFAULT_TTL_HOURS = 720;

/** The object storage providers of the AWS plugin. */
export const AWS_PROVIDERS = ["aws", "velero.io/aws"];

interface Declared {
    type: string;
    name: string;
    props: Record<string, any>;
}

export interface StorageLocation<T extends Declared> {
    /** Names the declaration in messages. */
    where: string;
    /** The location's object name, which a schedule's template.storageLocation refers to. */
    name: string;
    provider: unknown;
    bucket: unknown;
    prefix: unknown;
    kmsKeyId: unknown;
    isDefault: boolean;
    from: T;
}

export interface BackupSchedule<T extends Declared> {
    where: string;
    name: string;
    schedule: unknown;
    paused: boolean;
    /** The Backup spec each run creates: ttl, includedNamespaces, snapshotVolumes, storageLocation, ... */
    template: Record<string, any>;
    from: T;
}

export function isVeleroChart(r: Declared): boolean {
    return isChart(r.type, r.props, "velero");
}

const asObject = (value: unknown): Record<string, any> =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : {};

/** The chart takes one location as an object (charts before 2.x) or a list of them. */
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** The backup storage locations `r` declares: itself when it is one, the entries of its values when it is the velero chart. */
export function storageLocationsOf<T extends Declared>(r: T): StorageLocation<T>[] {
    if (isKind(r.type, VELERO_GROUP, "BackupStorageLocation")) {
        const spec = asObject(r.props.spec);
        return [{
            where: describe(r), name: objectName(r.props) ?? r.name, provider: spec.provider, bucket: spec.objectStorage?.bucket,
            prefix: spec.objectStorage?.prefix, kmsKeyId: spec.config?.kmsKeyId, isDefault: spec.default === true, from: r,
        }];
    }
    if (!isVeleroChart(r) || chartValue(r.props, ["backupsEnabled"]) === false) return [];
    const configuration = asObject(chartValue(r.props, ["configuration"]));
    return asList(configuration.backupStorageLocation).map((item, index) => {
        const entry = asObject(item);
        return {
            where: `${describe(r)} values.configuration.backupStorageLocation[${index}]`, name: typeof entry.name === "string" && entry.name !== "" ? entry.name : "default",
            provider: entry.provider ?? configuration.provider, bucket: entry.bucket, prefix: entry.prefix, kmsKeyId: entry.config?.kmsKeyId,
            isDefault: isTrue(entry.default), from: r,
        };
    });
}

/** The schedules `r` declares: itself when it is a Schedule, the enabled entries of `schedules` when it is the velero chart. */
export function schedulesOf<T extends Declared>(r: T): BackupSchedule<T>[] {
    if (isKind(r.type, VELERO_GROUP, "Schedule")) {
        const spec = asObject(r.props.spec);
        return [{ where: describe(r), name: objectName(r.props) ?? r.name, schedule: spec.schedule, paused: spec.paused === true, template: asObject(spec.template), from: r }];
    }
    if (!isVeleroChart(r)) return [];
    return Object.entries(asObject(chartValue(r.props, ["schedules"])))
        .filter(([, entry]) => !isTrue(asObject(entry).disabled))
        .map(([key, entry]) => {
            const schedule = asObject(entry);
            return { where: `${describe(r)} values.schedules.${key}`, name: key, schedule: schedule.schedule, paused: isTrue(schedule.paused), template: asObject(schedule.template), from: r };
        });
}

/** The location a schedule's backups go to: the one it names, else the default one. */
export function locationOfSchedule<T extends Declared>(schedule: BackupSchedule<Declared>, locations: StorageLocation<T>[]): StorageLocation<T> | undefined {
    const named = schedule.template.storageLocation;
    if (typeof named === "string" && named !== "") return locations.find((l) => l.name === named);
    return locations.find((l) => l.isDefault) ?? locations.find((l) => l.name === "default");
}

/** The bucket of the stack a location stores its backups in, matched by the bucket's name. */
export function bucketOfLocation<B extends Declared>(location: StorageLocation<Declared>, buckets: B[]): B | undefined {
    return typeof location.bucket === "string" ? buckets.find((b) => b.props.bucket === location.bucket) : undefined;
}

/** The TTL the velero chart gives backups whose schedule sets none (configuration.defaultBackupTTL), when a chart sets one. */
export function chartDefaultTtlHours(resources: Declared[]): number | undefined {
    return resources.filter(isVeleroChart).map((c) => goDurationHours(chartValue(c.props, ["configuration", "defaultBackupTTL"]))).find((h) => h !== undefined);
}

/**
 * How many hours a schedule's backups are kept: its template.ttl, else the server's default
 * (the chart's, else Velero's); undefined when template.ttl is not a Go duration.
 */
export function scheduleTtlHours(schedule: BackupSchedule<Declared>, chartTtlHours: number | undefined): number | undefined {
    return schedule.template.ttl === undefined ? chartTtlHours ?? VELERO_DEFAULT_TTL_HOURS : goDurationHours(schedule.template.ttl);
}

const GO_DURATION_UNIT_HOURS: Record<string, number> = { ns: 1 / 3.6e12, us: 1 / 3.6e9, "µs": 1 / 3.6e9, ms: 1 / 3.6e6, s: 1 / 3600, m: 1 / 60, h: 1 };

/** A Go duration (`720h0m0s`, `90m`, `1.5h`) in hours, or undefined when `text` is not one. */
export function goDurationHours(text: unknown): number | undefined {
    if (typeof text !== "string") return undefined;
    if (text === "0") return 0;
    if (!/^([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
    let hours = 0;
    for (const [, amount, unit] of text.matchAll(/([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g)) hours += Number(amount) * GO_DURATION_UNIT_HOURS[unit];
    return hours;
}

/**
 * The longest time between two runs of a Velero schedule, in minutes, or the reason the
 * expression is not one Velero runs. Velero takes five-field cron, the cron macros and
 * `@every <Go duration>`, optionally after a `CRON_TZ=`/`TZ=` zone (which moves runs, not gaps).
 */
export function scheduleIntervalMinutes(schedule: unknown): number | { error: string } {
    if (typeof schedule !== "string" || schedule.trim() === "") return { error: "is unset" };
    const expression = schedule.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, "");
    const every = /^@every\s+(\S+)$/.exec(expression);
    if (every) {
        const hours = goDurationHours(every[1]);
        return hours !== undefined && hours > 0 ? hours * 60 : { error: `"${schedule}" has no positive Go duration after @every` };
    }
    const parsed = parseCron(expression);
    return parsed.ok ? maxIntervalMinutes(expression) : { error: `"${schedule}" is not a cron expression: ${parsed.error}` };
}
