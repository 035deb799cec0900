import { PolicyResource } from "@pulumi/policy";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, expirationDays } from "../lib/s3";
import {
    BackupSchedule, bucketOfLocation, chartDefaultTtlHours, isVeleroChart, locationOfSchedule, scheduleIntervalMinutes, schedulesOf, scheduleTtlHours,
    storageLocationsOf,
} from "../lib/velero";

interface Config {
    rpoMinutes: number;
    minRetentionHours: number;
    requireFullBackup: boolean;
}

type Schedule = BackupSchedule<PolicyResource>;

const nonEmpty = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== null && typeof value === "object" && Object.keys(value).length > 0);

/** Volume data is in the backup: snapshots (Velero's default) or file-system backup of every volume. */
const includesVolumes = (s: Schedule) => s.template.snapshotVolumes !== false || s.template.defaultVolumesToFsBackup === true;

/** Every namespace (`*`, or none listed, which Velero reads as all), every resource, cluster-scoped ones included, no selector. */
function isFullBackup(s: Schedule): boolean {
    const t = s.template;
    const all = (list: unknown) => !nonEmpty(list) || (Array.isArray(list) && list.includes("*"));
    return all(t.includedNamespaces) && !nonEmpty(t.excludedNamespaces) && all(t.includedResources) && t.includeClusterResources === true
        && !nonEmpty(t.labelSelector) && !nonEmpty(t.orLabelSelectors);
}

const hoursText = (hours: number) => `${+hours.toFixed(2)} hours`;

/**
 * The stack's recovery promises, checked on the backups Velero will actually take: a volume
 * backup at least as often as the RPO, one kept as long as the retention promise, one that
 * can rebuild the whole cluster, and no backup that outlives its objects in the bucket (the
 * lifecycle rule would delete data Velero still offers for restore).
 */
export const kubernetesVeleroRequireBackupSchedules: PackStackPolicy = {
    name: "kubernetes-velero-require-backup-schedules",
    description: "Velero schedules must back up volume data at least every rpoMinutes, keep some backups minRetentionHours, include a full-cluster backup (when required), and keep no backup longer than the lifecycle of the bucket it is stored in.",
    rationale: "The stack's RPO and retention promises hold only if Velero actually takes backups often enough, keeps them long enough and the bucket does not expire them first.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["reliability", "backup", "kubernetes", "source:REL09-BP03", "source:GATES backups meet the stack's RPO and retention"],
    remediationSteps: "Adjust backup.schedules in the stack config: a schedule with snapshotVolumes whose cron runs at least every objectives.rpoMinutes, a ttlHours of at least minRetentionHours on one schedule, a schedule of includedNamespaces [\"*\"] with includeClusterResources: true, and every ttlHours ≤ backup.bucketRetentionDays × 24.",
    configSchema: {
        properties: {
            rpoMinutes: {
                type: "integer", minimum: 1, default: 15,
                description: "Recovery point objective: the longest gap allowed between two backups that include volume data.",
            },
            minRetentionHours: {
                type: "integer", minimum: 1, default: 2160,
                description: "Some schedule must keep its backups (template.ttl) at least this many hours.",
            },
            requireFullBackup: {
                type: "boolean", default: true,
                description: "Require a schedule of all namespaces (\"*\") with includeClusterResources: true.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { rpoMinutes, minRetentionHours, requireFullBackup } = args.getConfig<Config>();
        const charts = args.resources.filter(isVeleroChart);
        const schedules = args.resources.flatMap((r) => schedulesOf(r));
        if (schedules.length === 0) {
            for (const chart of charts) reportViolation(`${describe(chart)} installs Velero, but the stack declares no backup Schedule, so nothing is backed up.`, chart.urn);
            return;
        }
        const chartTtl = chartDefaultTtlHours(args.resources);
        const ttlHours = new Map<Schedule, number>();
        const intervals = new Map<Schedule, number>();
        for (const schedule of schedules) {
            const interval = scheduleIntervalMinutes(schedule.schedule);
            if (typeof interval === "number") intervals.set(schedule, interval);
            else reportViolation(`${schedule.where} has no schedule Velero can run: spec.schedule ${interval.error}.`, schedule.from.urn);
            const ttl = scheduleTtlHours(schedule, chartTtl);
            if (ttl !== undefined) ttlHours.set(schedule, ttl);
            else reportViolation(`${schedule.where} has template.ttl ${JSON.stringify(schedule.template.ttl)}, which is not a Go duration such as 720h0m0s.`, schedule.from.urn);
        }
        const running = schedules.filter((s) => !s.paused && intervals.has(s));

        const volumeRuns = running.filter(includesVolumes).map((s) => ({ s, every: intervals.get(s)! })).sort((a, b) => a.every - b.every);
        if (!(volumeRuns.length > 0 && volumeRuns[0].every <= rpoMinutes)) {
            const found = volumeRuns.length === 0 ? "no running schedule includes volume data"
                : Number.isFinite(volumeRuns[0].every) ? `the most frequent, ${volumeRuns[0].s.name}, can leave ${volumeRuns[0].every} minutes between runs`
                : "none runs at least weekly";
            reportViolation(`No schedule backs up volume data at least every ${rpoMinutes} minutes (rpoMinutes): ${found}.`);
        }

        const longest = running.filter((s) => ttlHours.has(s)).sort((a, b) => ttlHours.get(b)! - ttlHours.get(a)!)[0];
        if (!(longest && ttlHours.get(longest)! >= minRetentionHours)) {
            const found = longest ? `the longest, ${longest.name}, keeps backups ${hoursText(ttlHours.get(longest)!)}` : "no running schedule has a valid TTL";
            reportViolation(`No schedule keeps its backups at least ${minRetentionHours} hours (minRetentionHours): ${found}.`);
        }

        if (requireFullBackup && !running.some(isFullBackup)) {
            reportViolation("No running schedule backs up the whole cluster (includedNamespaces [\"*\"], includeClusterResources: true, no label selector), so namespaces outside the schedules' lists and cluster-scoped objects cannot be restored.");
        }

        const locations = args.resources.flatMap((r) => storageLocationsOf(r));
        const buckets = bucketsOf(args.resources);
        for (const schedule of schedules) {
            const ttl = ttlHours.get(schedule);
            const location = locationOfSchedule(schedule, locations);
            const bucket = location && bucketOfLocation(location, buckets);
            if (ttl === undefined || !location || !bucket) continue;
            const prefix = typeof location.prefix === "string" && location.prefix !== "" ? `${location.prefix.replace(/\/+$/, "")}/` : "";
            const days = expirationDays(args.resources, bucket, `${prefix}backups/`);
            if (days !== undefined && ttl > days * 24) {
                reportViolation(`${schedule.where} keeps backups ${hoursText(ttl)}, but the lifecycle of bucket ${location.bucket} (location ${location.name}) expires them after ${days} days (${days * 24} hours), so Velero would offer backups whose data is gone.`, schedule.from.urn);
            }
        }
    },
};
