import { PolicyResource } from "@pulumi/policy";
import { PackStackPolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { bucketsOf, replicasOf, settingsOf } from "../lib/s3";
import { bucketOfLocation, chartDefaultTtlHours, locationOfSchedule, schedulesOf, scheduleTtlHours, storageLocationsOf } from "../lib/velero";

/** S3 counts a retention year as 365 days. */
const DAYS_PER_YEAR = 365;

interface Retention {
    days: number;
    from: string;
}

/**
 * Object lock is on when the bucket was created with it, or a lock configuration of the
 * stack enables it; the bucket's inline objectLockConfiguration (deprecated) counts too.
 */
function lockConfigurationsOf(resources: PolicyResource[], bucket: PolicyResource): { enabled: boolean; rules: { rule: any; from: string }[] } {
    const configurations = settingsOf(resources, bucket, "objectLock");
    const inline = bucket.props.objectLockConfiguration;
    const enabled = bucket.props.objectLockEnabled === true || inline?.objectLockEnabled === "Enabled"
        || configurations.some((c) => (c.props.objectLockEnabled ?? "Enabled") === "Enabled");
    const rules = [
        ...configurations.map((c) => ({ rule: c.props.rule, from: describe(c) })),
        ...(inline?.rule ? [{ rule: inline.rule, from: `${describe(bucket)} objectLockConfiguration` }] : []),
    ];
    return { enabled, rules };
}

/** The default retention a lock configuration gives new objects, in days. */
function defaultRetention(rules: { rule: any; from: string }[]): Retention | undefined {
    for (const { rule, from } of rules) {
        const retention = rule?.defaultRetention;
        if (typeof retention?.days === "number" && retention.days > 0) return { days: retention.days, from };
        if (typeof retention?.years === "number" && retention.years > 0) return { days: retention.years * DAYS_PER_YEAR, from };
    }
    return undefined;
}

/**
 * Object lock keeps a backup's objects from being deleted before their retention ends, by a
 * stolen credential or a mistaken cleanup alike. Velero writes its objects without a
 * retention of their own, so only the bucket's default retention locks them. Velero's
 * documentation notes that on S3 with object lock a deleted backup's object versions stay:
 * a default retention longer than the shortest TTL of the schedules stored in the bucket
 * keeps (and bills) backups Velero has already expired, so the retention may not exceed it.
 * The backup buckets are those a Velero storage location names; once one has object lock,
 * the buckets it replicates into must enable it too: S3 replication requires it on the
 * destination of a bucket that has it (an unlocked source is reported on its own). Advisory: object lock can be turned on for an existing bucket but never off,
 * so the platform adopts it deliberately.
 */
export const awsS3RequireObjectLock: PackStackPolicy = {
    name: "aws-s3-require-object-lock",
    description: "Every S3 bucket a Velero backup storage location names should enable object lock with a default retention no longer than the shortest TTL of the Velero schedules stored in it, and every bucket a locked backup bucket replicates into should enable object lock.",
    rationale: "Backups must survive a stolen credential or a mistaken cleanup that deletes them, but a lock longer than Velero's TTL would keep expired backups locked and billed.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["reliability", "backup", "security", "source:SH S3.15", "source:Velero backup reference: backup data immutability"],
    remediationSteps: "Create an aws.s3.BucketObjectLockConfiguration with bucket set to the backup bucket's id, objectLockEnabled \"Enabled\" and rule.defaultRetention { mode: \"GOVERNANCE\" (or \"COMPLIANCE\"), days: <at most the shortest ttlHours of backup.schedules ÷ 24> }, and one with objectLockEnabled \"Enabled\" for the replica bucket; give the replication role s3:GetObjectRetention and s3:GetObjectLegalHold.",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        const locations = args.resources.flatMap((r) => storageLocationsOf(r));
        const backupBuckets = [...new Set(locations.map((l) => bucketOfLocation(l, buckets)).filter((b): b is PolicyResource => b !== undefined))];
        const schedules = args.resources.flatMap((r) => schedulesOf(r));
        const chartTtl = chartDefaultTtlHours(args.resources);

        for (const bucket of backupBuckets) {
            const lock = lockConfigurationsOf(args.resources, bucket);
            if (!lock.enabled) {
                reportViolation(`${describe(bucket)} holds Velero backups without object lock, so anyone allowed to delete objects can delete the backups.`, bucket.urn);
                continue;
            }
            // Replicas are judged only behind a locked source: S3 asks object lock of the destination only then.
            for (const replica of replicasOf(args.resources, bucket).filter((r) => !backupBuckets.includes(r))) {
                if (!lockConfigurationsOf(args.resources, replica).enabled) {
                    reportViolation(`${describe(replica)} receives the replicated backups of ${describe(bucket)} without object lock: S3 replication requires object lock on the destination of a bucket that has it, and the copies there would be unlocked.`, replica.urn);
                }
            }
            const retention = defaultRetention(lock.rules);
            if (!retention) {
                reportViolation(`${describe(bucket)} enables object lock without a default retention, and Velero sets none on its objects, so no backup is locked.`, bucket.urn);
                continue;
            }
            const stored = schedules.filter((s) => {
                const location = locationOfSchedule(s, locations);
                return location !== undefined && bucketOfLocation(location, buckets) === bucket;
            });
            const shortest = stored.map((s) => ({ s, ttl: scheduleTtlHours(s, chartTtl) }))
                .filter((e): e is { s: (typeof stored)[number]; ttl: number } => e.ttl !== undefined)
                .sort((a, b) => a.ttl - b.ttl)[0];
            if (shortest && retention.days * 24 > shortest.ttl) {
                reportViolation(`${retention.from} locks objects of ${describe(bucket)} for ${retention.days} days, longer than the ${+shortest.ttl.toFixed(2)} hours schedule ${shortest.s.name} keeps its backups, so backups Velero has expired stay locked and billed.`, bucket.urn);
            }
        }
    },
};
