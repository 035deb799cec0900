import { annotationsOf, isKind } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";
import { VELERO_GROUP } from "../lib/velero";

/** The annotation of a BackupStorageLocation that records the last verified restore from it (YYYY-MM-DD, UTC). */
export const RESTORE_DRILL_ANNOTATION = "signal-trading.io/last-restore-drill";

const DAY_MS = 24 * 60 * 60 * 1000;

interface Config {
    maxAgeDays: number;
}

/**
 * Whole days from a drill date (YYYY-MM-DD) to `today` (UTC), or why the value is not a
 * usable date: not a calendar date, or in the future.
 */
export function restoreDrillAgeDays(value: unknown, today: Date): number | { error: string } {
    const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    const date = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || new Date(date).toISOString().slice(0, 10) !== value) return { error: `${JSON.stringify(value)} is not a date (YYYY-MM-DD)` };
    const age = Math.floor((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - date) / DAY_MS);
    return age < 0 ? { error: `${value} is in the future` } : age;
}

/**
 * A backup that was never restored is a hope: only a restore shows that the objects, the
 * volume snapshots, the keys and the runbook all still work. The stack records the date of
 * its last verified restore drill (stack config backup.lastRestoreDrill, which the Velero
 * add-on writes to the annotation signal-trading.io/last-restore-drill of its velero.io/v1
 * BackupStorageLocation "default"), and this policy reports a location with no drill on
 * record or an old one. Locations declared only in the velero chart's values carry no
 * annotations the pack can read; the platform declares its location as an object. Advisory:
 * the evidence ages with the calendar, not with a change under review. `today` gives the
 * date ages are counted to (the pack's clock; tests fix it).
 */
export function restoreDrillPolicy(today: () => Date = () => new Date()): PackResourcePolicy {
    return {
        name: "kubernetes-velero-require-restore-drill",
        description: `Every Velero BackupStorageLocation (velero.io/v1) should record in its annotation ${RESTORE_DRILL_ANNOTATION} the date (YYYY-MM-DD) of the last verified restore from it, no more than maxAgeDays ago.`,
        rationale: "Backups count only once a restore from them has been shown to work, and a drill that is not repeated stops proving it as the platform changes.",
        severity: "medium",
        enforcementLevel: "advisory",
        tags: ["reliability", "backup", "kubernetes", "source:REL09-BP04", "source:GATES restore drill evidence (date of last verified restore)"],
        remediationSteps: `Run the restore drill of docs/backup-and-restore.md, then record its date in the stack config (pulumi config set --path backup.lastRestoreDrill <YYYY-MM-DD>); the Velero add-on writes it to the BackupStorageLocation's annotation ${RESTORE_DRILL_ANNOTATION}.`,
        configSchema: {
            properties: {
                maxAgeDays: {
                    type: "integer", minimum: 1, default: 90,
                    description: "Most days since the last verified restore drill.",
                },
            },
        },
        validateResource: (args, reportViolation) => {
            if (!isKind(args.type, VELERO_GROUP, "BackupStorageLocation")) return;
            const { maxAgeDays } = args.getConfig<Config>();
            const recorded = annotationsOf(args.props)[RESTORE_DRILL_ANNOTATION];
            if (recorded === undefined) {
                reportViolation(`${describe(args)} records no restore drill (annotation ${RESTORE_DRILL_ANNOTATION} is not set), so no restore from its backups has been shown to work.`);
                return;
            }
            const age = restoreDrillAgeDays(recorded, today());
            if (typeof age !== "number") {
                reportViolation(`${describe(args)} has annotation ${RESTORE_DRILL_ANNOTATION} ${age.error}.`);
            } else if (age > maxAgeDays) {
                reportViolation(`${describe(args)} was last restored in a drill on ${String(recorded)}, ${age} days ago, more than ${maxAgeDays} days (maxAgeDays).`);
            }
        },
    };
}

export const kubernetesVeleroRequireRestoreDrill = restoreDrillPolicy();
