import { strict as assert } from "node:assert";
import { goDurationHours, scheduleIntervalMinutes } from "../lib/velero";

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
