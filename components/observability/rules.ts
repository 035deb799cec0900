/**
 * Prometheus rules as typed data, and the PrometheusRule object that carries a set of rule
 * groups to the Prometheus Operator. Rule groups are plain data so that promtool can check and
 * unit-test exactly what is deployed (test/promtool.ts).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Who hears of an alert (Alertmanager routes by this label): `critical` pages whoever is on
 * call, `warning` goes to the alerts channel, `ticket` to a lower-noise channel for work that
 * can wait for office hours, `info` nowhere on its own (it only annotates other alerts).
 */
export type Severity = "critical" | "warning" | "ticket" | "info";

export interface AlertingRule {
    alert: string;
    expr: string;
    /** How long the condition must hold before the alert fires; keeps one bad scrape from paging. */
    for?: string;
    labels: { severity: Severity } & Record<string, string>;
    annotations: { summary: string; description: string; runbook_url: string } & Record<string, string>;
}

export interface RecordingRule {
    record: string;
    expr: string;
    labels?: Record<string, string>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
    name: string;
    /** Evaluation interval; Prometheus's global one (30 s) when unset. */
    interval?: string;
    rules: Rule[];
}

export const isAlertingRule = (rule: Rule): rule is AlertingRule => "alert" in rule;

/** A rule file as Prometheus (and promtool) reads it. */
export function ruleFile(groups: readonly RuleGroup[]): { groups: RuleGroup[] } {
    return { groups: [...groups] };
}

/**
 * The anchor GitHub and most Markdown renderers give a heading: lowercase, punctuation dropped,
 * spaces to hyphens. A runbook_url points at `docs/runbooks.md#<anchor of the alert's heading>`.
 */
export function headingAnchor(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The runbook of an alert: the section of docs/runbooks.md headed `heading`, where the stack publishes it (`monitoring.runbooksUrl`). */
export function runbookUrl(runbooksUrl: string, heading: string): string {
    return `${runbooksUrl}#${headingAnchor(heading)}`;
}

export interface PrometheusRuleArgs {
    namespace: pulumi.Input<string>;
    /** Labels of the object; Prometheus selects rules by namespace, so these only describe it. */
    labels: Record<string, string>;
    groups: readonly RuleGroup[];
}

/** One PrometheusRule object holding `groups`. */
export function prometheusRule(name: string, args: PrometheusRuleArgs, opts?: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(name, {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name, namespace: args.namespace, labels: args.labels },
        spec: ruleFile(args.groups),
    }, opts);
}
