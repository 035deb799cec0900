import { strict as assert } from "node:assert";
import { maxIntervalMinutes, parseCron } from "./cron";

describe("cron expressions", () => {
    it("measures the longest gap between runs", () => {
        assert.equal(maxIntervalMinutes("*/15 * * * *"), 15);
        assert.equal(maxIntervalMinutes("0 2 * * *"), 1440);
        assert.equal(maxIntervalMinutes("0 3 * * 0"), 10080);
        assert.equal(maxIntervalMinutes("0 */6 * * *"), 360);
        assert.equal(maxIntervalMinutes("0,10 * * * *"), 50);
        assert.equal(maxIntervalMinutes("0 9-17 * * 1-5"), 60 * 24 * 2 + 60 * 16); // Friday 17:00 to Monday 09:00
        assert.equal(maxIntervalMinutes("@daily"), 1440);
    });

    it("treats Sunday as 0 or 7", () => {
        assert.equal(maxIntervalMinutes("0 0 * * 7"), maxIntervalMinutes("0 0 * * 0"));
    });

    it("counts schedules bound to days of the month or months as less than weekly", () => {
        assert.equal(maxIntervalMinutes("0 0 1 * *"), Infinity);
        assert.equal(maxIntervalMinutes("0 0 * 1 *"), Infinity);
    });

    it("rejects malformed expressions with the reason", () => {
        assert.deepEqual(parseCron("a b c d e"), { ok: false, error: 'minute "a" is not a number, range, list or step' });
        assert.deepEqual(parseCron("0 24 * * *"), { ok: false, error: 'hour "24" is outside 0-23' });
        assert.deepEqual(parseCron("0 0 * *"), { ok: false, error: "needs 5 fields (minute hour day-of-month month day-of-week), has 4" });
        assert.deepEqual(parseCron("*/0 * * * *"), { ok: false, error: 'minute "*/0" has a zero step' });
        assert.equal(maxIntervalMinutes("not cron"), Infinity);
    });
});
