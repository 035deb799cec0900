/**
 * Joins a plan's PrometheusRules to what reads them: the Prometheus object kube-prometheus-stack
 * renders from its values (which namespaces and labels it takes rules from), and the runbooks
 * their alerts link to (docs/runbooks.md). Each returns the problems it finds, so a test can
 * show the whole list.
 */
import { selects } from "../policy-pack/lib/reliability";
import { headingAnchor } from "../components/observability/rules";

export interface PlannedObject {
    name: string;
    labels: Record<string, string>;
}

export interface PlannedRule extends PlannedObject {
    namespace: string;
    groups: { name: string; rules: Record<string, any>[] }[];
}

/**
 * The rule selector the chart writes into its Prometheus object (templates/prometheus/prometheus.yaml):
 * `prometheusSpec.ruleSelector` when set; else, with `ruleSelectorNilUsesHelmValues` (true by
 * default), only rules labelled `release: <release>`; else `{}`, every rule.
 */
export function chartRuleSelector(prometheusSpec: Record<string, any>, release: string): Record<string, any> {
    if (prometheusSpec.ruleSelector && Object.keys(prometheusSpec.ruleSelector).length > 0) return prometheusSpec.ruleSelector;
    if (prometheusSpec.ruleSelectorNilUsesHelmValues ?? true) return { matchLabels: { release } };
    return {};
}

/** The chart's ruleNamespaceSelector: the value when set, else `{}`, which the operator reads as every namespace. */
export function chartRuleNamespaceSelector(prometheusSpec: Record<string, any>): Record<string, any> {
    const selector = prometheusSpec.ruleNamespaceSelector;
    return selector && Object.keys(selector).length > 0 ? selector : {};
}

/** Rules Prometheus would not load: outside the namespaces its ruleNamespaceSelector selects, or without the labels its ruleSelector needs. */
export function unselectedRules(rules: readonly PlannedRule[], namespaces: readonly PlannedObject[], values: Record<string, any>, release: string): string[] {
    const spec = values.prometheus?.prometheusSpec ?? {};
    const ruleSelector = chartRuleSelector(spec, release);
    const namespaceSelector = chartRuleNamespaceSelector(spec);
    return rules.flatMap((rule) => {
        const problems: string[] = [];
        const namespace = namespaces.find((n) => n.name === rule.namespace);
        if (!namespace || !selects(namespaceSelector, namespace.labels)) {
            problems.push(`PrometheusRule ${rule.name}: namespace ${rule.namespace} is not selected by ruleNamespaceSelector ${JSON.stringify(namespaceSelector)}${namespace ? ` (its labels: ${JSON.stringify(namespace.labels)})` : " (no such Namespace in the plan)"}`);
        }
        if (!selects(ruleSelector, rule.labels)) problems.push(`PrometheusRule ${rule.name}: labels ${JSON.stringify(rule.labels)} are not selected by ruleSelector ${JSON.stringify(ruleSelector)}`);
        return problems;
    });
}

/** The anchors of every heading of a Markdown document. */
export function headingAnchors(markdown: string): Set<string> {
    return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1])));
}

/** Alerts whose runbook_url is not `<runbooksUrl>#<anchor of a heading of the runbooks>`. */
export function runbookProblems(rules: readonly PlannedRule[], runbooksUrl: string, runbooks: string): string[] {
    const anchors = headingAnchors(runbooks);
    return rules.flatMap((rule) => rule.groups.flatMap((group) => group.rules.filter((r) => typeof r.alert === "string").flatMap((r) => {
        const where = `PrometheusRule ${rule.name}, group ${group.name}, alert ${r.alert}`;
        const url: unknown = r.annotations?.runbook_url;
        if (typeof url !== "string" || !url.startsWith(`${runbooksUrl}#`)) return [`${where}: runbook_url ${JSON.stringify(url)} is not ${runbooksUrl}#<heading>`];
        const anchor = url.slice(runbooksUrl.length + 1);
        return anchors.has(anchor) ? [] : [`${where}: docs/runbooks.md has no heading with anchor #${anchor}`];
    })));
}
