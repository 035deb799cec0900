import { strict as assert } from "node:assert";
import { chartDefaultTtlHours, goDurationHours, scheduleIntervalMinutes, schedulesOf, scheduleTtlHours } from "../lib/velero";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { compliantVelero } from "./fixtures-kubernetes";

describe("Velero durations and schedules", () => {
    it("reads Go durations in hours", () => {
        assert.equal(goDurationHours("720h0m0s"), 720);
        assert.equal(goDurationHours("90m"), 1.5);
        assert.equal(goDurationHours("1.5h"), 1.5);
        assert.equal(goDurationHours("1h30m"), 1.5);
        assert.equal(goDurationHours("0"), 0);
    });

    it("refuses what Go's time.ParseDuration refuses", () => {
        for (const text of ["30d", "720", "", "h", "1 h", undefined, 720]) assert.equal(goDurationHours(text), undefined, String(text));
    });

    it("keeps a schedule's backups for its template.ttl, else the chart's defaultBackupTTL, else Velero's 720 hours", () => {
        const velero = compliantVelero();
        const declared = (r: ResourceUnderTest) => ({ ...r, props: r.inputs });
        const [stateful] = schedulesOf(declared(velero.stateful));
        assert.equal(scheduleTtlHours(stateful, undefined), 48);
        delete stateful.template.ttl;
        assert.equal(scheduleTtlHours(stateful, undefined), 720);
        assert.equal(scheduleTtlHours(stateful, 168), 168);
        assert.equal(scheduleTtlHours({ ...stateful, template: { ttl: "2 days" } }, undefined), undefined);
        assert.equal(chartDefaultTtlHours([declared(velero.release)]), undefined);
        velero.release.inputs.values.configuration.defaultBackupTTL = "168h0m0s";
        assert.equal(chartDefaultTtlHours([velero.release, ...velero.schedules].map(declared)), 168);
    });

    it("measures cron, macros and @every, and names what it cannot run", () => {
        assert.equal(scheduleIntervalMinutes("*/15 * * * *"), 15);
        assert.equal(scheduleIntervalMinutes("@daily"), 1440);
        assert.equal(scheduleIntervalMinutes("@every 6h"), 360);
        assert.equal(scheduleIntervalMinutes("TZ=UTC 0 3 * * 0"), 10080);
        assert.deepEqual(scheduleIntervalMinutes(undefined), { error: "is unset" });
        assert.deepEqual(scheduleIntervalMinutes("@every 0s"), { error: "\"@every 0s\" has no positive Go duration after @every" });
        assert.deepEqual(scheduleIntervalMinutes("0 25 * * *"), { error: "\"0 25 * * *\" is not a cron expression: hour \"25\" is outside 0-23" });
    });
});
