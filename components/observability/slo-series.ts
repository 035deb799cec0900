/**
 * The series the SLO rules record, named as Sloth names them so that dashboards and tools made
 * for Sloth's output read ours: the SLO rules (components/observability/slo) write them, the SLA
 * dashboard and the burn-rate alerts read them. Each carries the labels `slo` (e.g.
 * `gateway-availability`), `sli` (`availability` or `latency`), `service` and `namespace`.
 */

/** The windows the error ratio is recorded over: the multiwindow, multi-burn-rate alerts' long and short windows. */
export const SLO_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

export const SLO_LABELS = ["slo", "sli", "service", "namespace"] as const;

export const SLO_SERIES = {
    /** Share of bad events over `window` (0–1). */
    errorRatio: (window: SloWindow | "period") => `slo:sli_error:ratio_rate${window === "period" ? "_period" : window}`,
    /** The objective as a ratio (0.999). */
    objective: "slo:objective:ratio",
    /** 1 − objective: the share of events allowed to be bad. */
    errorBudget: "slo:error_budget:ratio",
    /** The SLO period in days. */
    timePeriodDays: "slo:time_period:days",
    /** The error budget's burn rate now (the 5 m error ratio over the budget). */
    currentBurnRate: "slo:current_burn_rate:ratio",
    /** The burn rate over the whole period so far. */
    periodBurnRate: "slo:period_burn_rate:ratio",
    /** Share of the period's error budget left (1: untouched, ≤ 0: spent). */
    periodErrorBudgetRemaining: "slo:period_error_budget_remaining:ratio",
} as const;

/** Every series name above, for the query checks of whoever reads them. */
export function sloSeriesNames(): Set<string> {
    return new Set([
        ...SLO_WINDOWS.map((w) => SLO_SERIES.errorRatio(w)), SLO_SERIES.errorRatio("period"),
        SLO_SERIES.objective, SLO_SERIES.errorBudget, SLO_SERIES.timePeriodDays,
        SLO_SERIES.currentBurnRate, SLO_SERIES.periodBurnRate, SLO_SERIES.periodErrorBudgetRemaining,
    ]);
}
