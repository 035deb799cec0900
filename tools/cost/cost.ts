/**
 * The plan's cost estimate (`npm run plan -- --cost`): the budget policy's own estimate
 * (policy-pack/lib/cost.ts, with the assumptions and budget of the stack's policy config), grouped
 * by component and by resource type, desired and maximum sizes side by side, with every figure
 * the price table lacks and what the estimate does not count. docs/cost.md explains how to read it.
 */
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy-pack/policies";
import { CostAssumptions, CostEstimate, CostLine, CostResource, DEFAULT_ASSUMPTIONS, estimateCost, MissingFigure, NOT_COUNTED, Scaled } from "../../policy-pack/lib/cost";
import { PRICES, PriceTable, READ_ON } from "../../policy-pack/lib/prices";
import { stackCostRequireBudget } from "../../policy-pack/stack/stack-cost-require-budget";
import { PolicyConfigFile, resolvePolicyConfig, toPolicyResources } from "../policy/engine";
import { RecordedResource } from "../offline/recorder";
import { toResourceUnderTest, UsageError } from "../plan/plan";

export interface CostGroup {
    name: string;
    /** The component's type token; empty for resource types and for resources outside any component. */
    type: string;
    monthlyUsd: Scaled;
}

export interface CostReport {
    region: string;
    /** The day the price table's figures were read. */
    pricesReadOn: string;
    /** The budget policy's monthlyUsd in the policy config (the stack config's budget.monthlyUsd); 0 when none. */
    budgetUsd: number;
    /** Whether the estimate at the maximum sizes is within the budget (true without a budget). */
    withinBudget: boolean;
    assumptions: CostAssumptions;
    total: Scaled;
    byComponent: CostGroup[];
    byType: CostGroup[];
    lines: (CostLine & { component: string })[];
    missing: MissingFigure[];
    unclassifiedTypes: string[];
    notCounted: string[];
}

const NO_COMPONENT = "(stack)";

/** The outermost component of each resource, by URN, as the plan's "Resources by component" groups them. */
function componentsByUrn(resources: readonly RecordedResource[]): Map<string, { name: string; type: string }> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const result = new Map<string, { name: string; type: string }>();
    for (const r of resources) {
        let current = r.parent ? byUrn.get(r.parent) : undefined;
        while (current?.parent && byUrn.get(current.parent)) current = byUrn.get(current.parent);
        result.set(r.urn, current ? { name: current.name, type: current.type } : { name: NO_COMPONENT, type: "" });
    }
    return result;
}

/** The budget policy's config as the policy config file resolves it (defaults filled in). */
export function budgetConfig(policyConfig: PolicyConfigFile): { monthlyUsd: number; assumptions: CostAssumptions } {
    const resolved = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, policyConfig).find((p) => p.policy.name === stackCostRequireBudget.name);
    const config = (resolved?.config ?? {}) as { monthlyUsd?: number; assumptions?: Partial<CostAssumptions> };
    return { monthlyUsd: config.monthlyUsd ?? 0, assumptions: { ...DEFAULT_ASSUMPTIONS, ...config.assumptions } };
}

/** The resources as the budget policy sees them in a stack policy: outputs, providers, property dependencies. */
export function costResources(resources: readonly RecordedResource[]): CostResource[] {
    return toPolicyResources(resources.map(toResourceUnderTest)) as unknown as CostResource[];
}

function groupBy(lines: readonly (CostLine & { component: string; componentType: string })[], key: (l: CostLine & { component: string; componentType: string }) => [string, string]): CostGroup[] {
    const groups = new Map<string, CostGroup>();
    for (const line of lines) {
        const [name, type] = key(line);
        const group = groups.get(`${name}\u0000${type}`) ?? { name, type, monthlyUsd: { desired: 0, max: 0 } };
        group.monthlyUsd = { desired: group.monthlyUsd.desired + line.monthlyUsd.desired, max: group.monthlyUsd.max + line.monthlyUsd.max };
        groups.set(`${name}\u0000${type}`, group);
    }
    return [...groups.values()].filter((g) => g.monthlyUsd.max > 0 || g.monthlyUsd.desired > 0)
        .sort((a, b) => b.monthlyUsd.max - a.monthlyUsd.max || a.name.localeCompare(b.name));
}

/**
 * The cost report of a plan. A stack in a region the price table lacks is a usage error that
 * names the region and every figure the stack needs there.
 */
export function costReport(resources: readonly RecordedResource[], region: string, policyConfig: PolicyConfigFile, prices: PriceTable = PRICES): CostReport {
    const { monthlyUsd, assumptions } = budgetConfig(policyConfig);
    const estimate: CostEstimate = estimateCost(costResources(resources), assumptions, prices, region);
    if (!Object.hasOwn(prices, region)) {
        const needed = [...new Set(estimate.missing.filter((m) => m.region === region).map((m) => m.price))];
        throw new UsageError(`--cost: the price table (policy-pack/lib/prices.ts) has no region ${region || "(none: the stack file sets no aws.region)"}; `
            + `the stack needs these figures there: ${needed.join(", ") || "none"}. Add the region with each figure, its source and the day it was read.`);
    }
    const components = componentsByUrn(resources);
    const lines = estimate.lines.map((l) => ({ ...l, component: components.get(l.urn)?.name ?? NO_COMPONENT, componentType: components.get(l.urn)?.type ?? "" }));
    return {
        region,
        pricesReadOn: READ_ON,
        budgetUsd: monthlyUsd,
        withinBudget: monthlyUsd === 0 || estimate.total.max <= monthlyUsd,
        assumptions,
        total: estimate.total,
        byComponent: groupBy(lines, (l) => [l.component, l.componentType]),
        byType: groupBy(lines, (l) => [l.resourceType, ""]),
        lines: lines.map(({ componentType: _type, ...l }) => l),
        missing: estimate.missing,
        unclassifiedTypes: estimate.unclassifiedTypes,
        notCounted: NOT_COUNTED,
    };
}

const usd = (n: number) => `$${n.toFixed(2)}`;

function table(rows: [string, string, string][]): string[] {
    const width = Math.max(...rows.map(([a]) => a.length));
    const desired = Math.max(...rows.map(([, b]) => b.length));
    return rows.map(([a, b, c]) => `  ${a.padEnd(width)}  ${b.padStart(desired)}  ${c.padStart(12)}`.trimEnd());
}

/** The estimate as text: totals and budget, by component, by type, then what is missing and what is not counted. */
export function renderCost(report: CostReport): string {
    const head: [string, string, string] = ["", "desired", "maximum"];
    const budget = report.budgetUsd === 0
        ? "no budget configured"
        : `${usd(report.budgetUsd)} (budget.monthlyUsd): ${report.withinBudget ? "the maximum is within it" : `the maximum exceeds it by ${usd(report.total.max - report.budgetUsd)}`}`;
    const out = [
        `Monthly cost estimate (USD, list prices read ${report.pricesReadOn}, region ${report.region}; node groups at their desired and maximum sizes):`,
        ...table([head, ["total", usd(report.total.desired), usd(report.total.max)]]),
        `  budget  ${budget}`,
        "",
        "By component:",
        ...table([head, ...report.byComponent.map((g): [string, string, string] => [`${g.name}${g.type ? ` (${g.type})` : ""}`, usd(g.monthlyUsd.desired), usd(g.monthlyUsd.max)])]),
        "",
        "By resource type:",
        ...table([head, ...report.byType.map((g): [string, string, string] => [g.name, usd(g.monthlyUsd.desired), usd(g.monthlyUsd.max)])]),
    ];
    if (report.missing.length > 0) {
        out.push("", `Not priced (the price table lacks these figures, so the totals are lower bounds):`);
        for (const m of report.missing) out.push(`  ${m.price} in ${m.region}: ${m.reason} (needed by ${m.resources.join(", ")})`);
    }
    if (report.unclassifiedTypes.length > 0) {
        out.push("", "Not estimated (resource types the estimate does not know; classify them in policy-pack/lib/cost.ts):", ...report.unclassifiedTypes.map((t) => `  ${t}`));
    }
    out.push("", "Not counted:", ...report.notCounted.map((n) => `  ${n}`));
    return out.join("\n");
}
