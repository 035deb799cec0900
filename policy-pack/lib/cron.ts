/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week, as Velero takes
 * them): validation, and the longest gap between two runs, which recovery-point checks need.
 */
const FIELDS = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12 },
    { name: "day of week", min: 0, max: 7 }, // 0 and 7 are Sunday
] as const;

const MACROS: Record<string, string> = { "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0" };

export type CronResult = { ok: true; fields: Set<number>[]; restricted: boolean[] } | { ok: false; error: string };

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> | string {
    const values = new Set<number>();
    for (const part of text.split(",")) {
        const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!match) return `${field.name} "${part}" is not a number, range, list or step`;
        const from = match[1] === "*" ? field.min : Number(match[2]);
        const to = match[1] === "*" ? field.max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? field.max : from;
        const step = match[4] !== undefined ? Number(match[4]) : 1;
        if (from < field.min || to > field.max || from > to) return `${field.name} "${part}" is outside ${field.min}-${field.max}`;
        if (step < 1) return `${field.name} "${part}" has a zero step`;
        for (let v = from; v <= to; v += step) values.add(field.name === "day of week" && v === 7 ? 0 : v);
    }
    return values;
}

export function parseCron(expression: string): CronResult {
    const fields = (MACROS[expression.trim()] ?? expression).trim().split(/\s+/);
    if (fields.length !== 5) return { ok: false, error: `needs 5 fields (minute hour day-of-month month day-of-week), has ${fields.length}` };
    const parsed: Set<number>[] = [];
    for (const [i, text] of fields.entries()) {
        const values = parseField(text, FIELDS[i]);
        if (typeof values === "string") return { ok: false, error: values };
        parsed.push(values);
    }
    return { ok: true, fields: parsed, restricted: fields.map((f) => f !== "*") };
}

const WEEK_MINUTES = 7 * 24 * 60;

/**
 * The longest time between two consecutive runs, in minutes. Schedules bound by day of month
 * or month run less often than weekly in some stretch; they count as Infinity.
 */
export function maxIntervalMinutes(expression: string): number {
    const cron = parseCron(expression);
    if (!cron.ok || cron.restricted[2] || cron.restricted[3]) return Infinity;
    const [minutes, hours, , , weekdays] = cron.fields;
    const runs: number[] = [];
    for (let m = 0; m < WEEK_MINUTES; m++) {
        if (minutes.has(m % 60) && hours.has(Math.floor(m / 60) % 24) && weekdays.has(Math.floor(m / 1440))) runs.push(m);
    }
    if (runs.length === 0) return Infinity;
    let longest = runs[0] + WEEK_MINUTES - runs[runs.length - 1];
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i] - runs[i - 1]);
    return longest;
}
