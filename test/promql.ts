/**
 * PromQL in tests: parses an expression (Prometheus's own grammar, @prometheus-io/lezer-promql)
 * and names the series it reads, so a test can hold every rule, dashboard query and
 * autoscaling metric to the metric contract. Syntax only: promtool (test/promtool.ts) is the
 * check of semantics.
 */
import type { LRParser } from "@lezer/lr";
import { contractSeries } from "../components/workload/metrics";
import { exporterSeries } from "../components/observability/exporter-metrics";
import { SERVICES } from "../stacks/services";

// The package ships CommonJS under `require` but declares only ES module types, which a CommonJS
// file cannot import statically; the type comes from the parser library it is built on.
const { parser } = require("@prometheus-io/lezer-promql") as { parser: LRParser };

export interface ParsedQuery {
    /** The series names the expression selects. */
    series: string[];
    /** Syntax errors, by position; empty when the expression parses. */
    errors: string[];
}

/** Parses `expr`; a selector by `__name__` counts as an error, since it hides which metric it reads. */
export function parseQuery(expr: string): ParsedQuery {
    const series: string[] = [];
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter: (node) => {
            if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 10), node.to + 10))}`);
            else if (node.type.name === "Identifier" && node.node.parent?.type.name === "VectorSelector") series.push(expr.slice(node.from, node.to));
            else if (node.type.name === "LabelName" && expr.slice(node.from, node.to) === "__name__") errors.push(`selects by __name__ at ${node.from}: name the metric`);
        },
    });
    return { series: [...new Set(series)], errors };
}

/** The series a query may read: the services' contract and the platform's exporters. */
export function knownSeries(): Set<string> {
    return new Set([...contractSeries(SERVICES), ...exporterSeries()]);
}

/**
 * Problems of `expr`: syntax errors, and series that are neither known nor `recorded` (the
 * series the rules themselves record). `where` names the rule or panel in each message.
 */
export function queryProblems(where: string, expr: string, recorded: ReadonlySet<string> = new Set(), known: ReadonlySet<string> = knownSeries()): string[] {
    const parsed = parseQuery(expr);
    return [
        ...parsed.errors.map((e) => `${where}: ${e}`),
        ...parsed.series.filter((s) => !known.has(s) && !recorded.has(s)).map((s) => `${where}: ${s} is in neither the metric contract nor an exporter's metrics nor the recorded series`),
    ];
}
