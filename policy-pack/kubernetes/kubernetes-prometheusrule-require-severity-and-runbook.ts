import { alertsOf, isPrometheusRule } from "../lib/prometheus-rules";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    severities: string[];
}

/** A runbook a person can open from the notification: an absolute http(s) URL. */
function isRunbookUrl(value: unknown): boolean {
    if (typeof value !== "string") return false;
    try {
        return ["https:", "http:"].includes(new URL(value).protocol);
    } catch {
        return false;
    }
}

/**
 * Alertmanager routes by `severity` (critical pages, warning and ticket go to their channels),
 * so an alert without a known one reaches nobody or the wrong people; and whoever is woken by
 * it needs the runbook that says what to do, one click from the notification.
 */
export const kubernetesPrometheusruleRequireSeverityAndRunbook: PackResourcePolicy = {
    name: "kubernetes-prometheusrule-require-severity-and-runbook",
    description: "Every alerting rule of a PrometheusRule must carry a `severity` label with one of the configured values and a `runbook_url` annotation that is an absolute http(s) URL. Recording rules are not judged; the rules a Helm chart renders itself are opaque to the pack.",
    rationale: "Alertmanager routes alerts by severity, and the person an alert reaches needs its runbook one click away from the notification.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["observability", "alerting", "kubernetes", "source:GATES every PrometheusRule alert has severity and runbook_url"],
    remediationSteps: "Give the alert `labels.severity` (critical, warning, ticket or info: the values Alertmanager routes) and `annotations.runbook_url` pointing at its own section of docs/runbooks.md (components/observability/rules.ts `runbookUrl(config.monitoring.runbooksUrl, \"<AlertName>\")`), and write that section.",
    configSchema: {
        properties: {
            severities: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: ["critical", "warning", "ticket", "info"],
                description: "The severities Alertmanager's routes know; an alert with another goes to the default route only.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isPrometheusRule(args.type)) return;
        const { severities } = args.getConfig<Config>();
        const problems = alertsOf(args.props).flatMap(({ group, alert, labels, annotations }) => {
            const where = `group ${group}, alert ${alert}`;
            const severity = labels.severity;
            return [
                ...(typeof severity === "string" && severities.includes(severity) ? [] : [`${where}: ${severity === undefined ? "has no severity label" : `severity ${JSON.stringify(severity)} is not one of ${severities.join(", ")}`}`]),
                ...(isRunbookUrl(annotations.runbook_url) ? [] : [`${where}: ${annotations.runbook_url === undefined ? "has no runbook_url annotation" : `runbook_url ${JSON.stringify(annotations.runbook_url)} is not an absolute http(s) URL`}`]),
            ];
        });
        if (problems.length > 0) reportViolation(`${describe(args)}: ${problems.join("; ")}.`);
    },
};
