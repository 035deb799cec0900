/**
 * SLA: each SLO's standing over its period, from the series the SLO rules record
 * (slo-series.ts): compliance against the objective, the share of the error budget left, and
 * how fast the budget burns now and over the alerts' windows.
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { SLO_SERIES, SloWindow } from "../slo-series";
import { buildDashboard, DashboardInputs, namespaceVariable, queryVariable, ratio, statPanel, timeseriesPanel } from "./grafana";

export const SLA_UID = "signal-trading-sla";

/**
 * Burn rates of the multiwindow alerts (Google SRE workbook): 14.4 spends 2 % of a 30-day
 * budget in an hour and pages, 6 spends 5 % in 6 hours, 1 spends it exactly over the period.
 */
const BURN_RATE_STEPS = [{ value: 1, color: "yellow" as const }, { value: 6, color: "orange" as const }, { value: 14.4, color: "red" as const }];

export function slaDashboard(inputs: DashboardInputs): dashboard.Dashboard {
    const slo = 'namespace="$namespace", slo=~"$slo"';
    const availability = ratio(inputs.targets.availabilityPercent);
    // A window's burn rate is its error ratio over the budget; both carry the same SLO labels.
    const burnRate = (window: SloWindow) => ({
        expr: `${SLO_SERIES.errorRatio(window)}{${slo}} / on (slo, sli, service, namespace) ${SLO_SERIES.errorBudget}{${slo}}`,
        legend: `{{slo}} ${window}`,
    });
    const sloVariable = queryVariable("slo", "SLO", `label_values(${SLO_SERIES.objective}{namespace="$namespace"}, slo)`, "All")
        .multi(true).includeAll(true).allValue(".+")
        .current({ selected: true, text: ["All"], value: ["$__all"] });
    return buildDashboard({
        uid: SLA_UID,
        title: "Signal Trading / SLA",
        description: "Each SLO's compliance over its period, error budget left and burn rate.",
        variables: [namespaceVariable(inputs.namespace), sloVariable],
        rows: [
            {
                title: "This period",
                panels: [
                    statPanel({
                        title: "Compliance",
                        description: `Share of good events over the SLO period so far, per SLO; the availability target is ${inputs.targets.availabilityPercent} %.`,
                        unit: "percentunit", width: 8, height: 6,
                        queries: [{ expr: `1 - ${SLO_SERIES.errorRatio("period")}{${slo}}`, legend: "{{slo}}" }],
                        base: "red", steps: [{ value: availability, color: "green" }],
                    }),
                    statPanel({
                        title: "Objective",
                        description: "Each SLO's objective: the share of events that must be good over the period.",
                        unit: "percentunit", width: 4, height: 6, base: "blue",
                        queries: [{ expr: `${SLO_SERIES.objective}{${slo}}`, legend: "{{slo}}" }],
                    }),
                    statPanel({
                        title: "Error budget remaining",
                        description: "Share of the period's error budget not yet spent: at 0 the SLO is missed for this period.",
                        unit: "percentunit", width: 8, height: 6,
                        queries: [{ expr: `${SLO_SERIES.periodErrorBudgetRemaining}{${slo}}`, legend: "{{slo}}" }],
                        base: "red", steps: [{ value: 0, color: "orange" }, { value: 0.25, color: "yellow" }, { value: 0.5, color: "green" }],
                    }),
                    statPanel({
                        title: "Period burn rate",
                        description: "How fast the budget burned over the period so far: above 1 it runs out before the period ends.",
                        unit: "none", width: 4, height: 6,
                        queries: [{ expr: `${SLO_SERIES.periodBurnRate}{${slo}}`, legend: "{{slo}}" }],
                        steps: BURN_RATE_STEPS,
                    }),
                ],
            },
            {
                title: "Over time",
                panels: [
                    timeseriesPanel({
                        title: "Error budget remaining",
                        description: "Share of the period's error budget left, per SLO.",
                        unit: "percentunit", width: 12,
                        queries: [{ expr: `${SLO_SERIES.periodErrorBudgetRemaining}{${slo}}`, legend: "{{slo}}" }],
                        base: "red", steps: [{ value: 0, color: "green" }],
                    }),
                    timeseriesPanel({
                        title: "Burn rate now",
                        description: "The budget's burn rate over the last 5 minutes; the page thresholds are 14.4 (1 h) and 6 (6 h), the ticket ones 3 and 1.",
                        unit: "none", min: 0, width: 12,
                        queries: [{ expr: `${SLO_SERIES.currentBurnRate}{${slo}}`, legend: "{{slo}}" }],
                        steps: BURN_RATE_STEPS,
                    }),
                    timeseriesPanel({
                        title: "Burn rate over the alert windows",
                        description: "The burn rate over each long window of the multiwindow alerts: 1 h and 6 h page, 1 d and 3 d open a ticket.",
                        unit: "none", min: 0, width: 24, height: 10,
                        queries: (["1h", "6h", "1d", "3d"] as const).map(burnRate),
                        steps: BURN_RATE_STEPS,
                    }),
                ],
            },
        ],
    });
}
