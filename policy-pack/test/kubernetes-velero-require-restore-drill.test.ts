import { strict as assert } from "node:assert";
import { kubernetesVeleroRequireRestoreDrill, RESTORE_DRILL_ANNOTATION, restoreDrillAgeDays, restoreDrillPolicy } from "../kubernetes/kubernetes-velero-require-restore-drill";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { violations } from "./fixtures";
import { compliantVelero } from "./fixtures-kubernetes";

/** The pack's clock, fixed late in the day so that a boundary case cannot move with midnight. */
const TODAY = new Date("2026-11-27T23:59:30Z");
const policy = restoreDrillPolicy(() => TODAY);

/** The UTC date `days` before TODAY, as the stack config records it. */
const daysAgo = (days: number) => new Date(TODAY.getTime() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** Prod's storage location with the drill date the program writes from backup.lastRestoreDrill. */
function location(drill?: string): ResourceUnderTest {
    const bsl = compliantVelero().location;
    if (drill !== undefined) bsl.inputs.metadata.annotations = { [RESTORE_DRILL_ANNOTATION]: drill };
    return bsl;
}

/** The one violation's detail after the description. */
function problemOf(resources: ResourceUnderTest[], properties: Record<string, unknown> = {}): string {
    const found = violations(policy, resources, properties, "advisory");
    assert.deepEqual(found.map((v) => [v.urn, v.enforcementLevel]), [[resources[0].urn, "advisory"]]);
    return found[0].message.slice(policy.description.length + 1);
}

describe("kubernetes-velero-require-restore-drill", () => {
    it("passes a storage location whose last drill was within maxAgeDays", () => {
        assert.deepEqual(violations(policy, [location(daysAgo(10))]), []);
        assert.deepEqual(violations(policy, [location(daysAgo(90))]), []);
    });

    it("reports a storage location with no drill on record", () => {
        assert.equal(problemOf([location()]), `default (kubernetes:velero.io/v1:BackupStorageLocation) records no restore drill (annotation ${RESTORE_DRILL_ANNOTATION} is not set), so no restore from its backups has been shown to work.`);
    });

    it("reports a drill older than maxAgeDays, from the config", () => {
        const old = daysAgo(91);
        assert.equal(problemOf([location(old)]), `default (kubernetes:velero.io/v1:BackupStorageLocation) was last restored in a drill on ${old}, 91 days ago, more than 90 days (maxAgeDays).`);
        assert.match(problemOf([location(daysAgo(46))], { maxAgeDays: 45 }), /46 days ago, more than 45 days \(maxAgeDays\)\.$/);
    });

    it("reports a drill date that is not a date or lies in the future", () => {
        assert.equal(problemOf([location("2026-13-01")]), `default (kubernetes:velero.io/v1:BackupStorageLocation) has annotation ${RESTORE_DRILL_ANNOTATION} "2026-13-01" is not a date (YYYY-MM-DD).`);
        const tomorrow = daysAgo(-1);
        assert.match(problemOf([location(tomorrow)]), new RegExp(`has annotation ${RESTORE_DRILL_ANNOTATION} ${tomorrow} is in the future\\.$`));
    });

    it("counts the age to the real date when nothing fixes the clock", () => {
        assert.deepEqual(violations(kubernetesVeleroRequireRestoreDrill, [location(new Date().toISOString().slice(0, 10))]), []);
        assert.match(violations(kubernetesVeleroRequireRestoreDrill, [location("2000-01-01")], {}, "advisory")[0].message, /was last restored in a drill on 2000-01-01, \d+ days ago, more than 90 days/);
    });

    it("judges only BackupStorageLocations", () => {
        const velero = compliantVelero();
        assert.deepEqual(violations(policy, [velero.release, ...velero.schedules]).map((v) => v.urn), []);
    });

    describe("restoreDrillAgeDays", () => {
        const today = new Date("2026-11-27T23:30:00Z");

        it("counts whole UTC days up to today", () => {
            assert.equal(restoreDrillAgeDays("2026-11-27", today), 0);
            assert.equal(restoreDrillAgeDays("2026-10-28", today), 30);
            assert.equal(restoreDrillAgeDays("2025-11-27", today), 365);
        });

        it("refuses what is not a calendar date, and dates after today", () => {
            for (const value of ["2026-02-30", "2026-1-05", "27.11.2026", "", 20261127, undefined]) {
                assert.deepEqual(restoreDrillAgeDays(value, today), { error: `${JSON.stringify(value)} is not a date (YYYY-MM-DD)` }, String(value));
            }
            assert.deepEqual(restoreDrillAgeDays("2026-11-28", today), { error: "2026-11-28 is in the future" });
        });
    });
});
