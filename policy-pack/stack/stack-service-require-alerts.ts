import { PolicyResource } from "@pulumi/policy";
import { applicationNamespacesSchema, isKind, labelsOf, objectName } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { alertsOf, isPrometheusRule, jobSelector } from "../lib/prometheus-rules";
import { asDeclared, list, namespaceOf } from "../lib/reliability";
import { describe } from "../lib/resources";
import { endpointScrapes, monitorsOf } from "../lib/services";

interface Config {
    namespaces: string[];
}

const nameOf = (o: PolicyResource) => objectName(o.props) ?? o.name;

/**
 * The job Prometheus gives a Service's targets: the value of the Service's label named by the
 * ServiceMonitor's `jobLabel`, else the Service's name (the operator's relabelling keeps the
 * name when the label is missing or empty).
 */
export function jobOf(monitor: PolicyResource, service: PolicyResource): string {
    const jobLabel = monitor.props.spec?.jobLabel;
    const value = typeof jobLabel === "string" && jobLabel !== "" ? labelsOf(service.props)[jobLabel] : undefined;
    return typeof value === "string" && value !== "" ? value : nameOf(service);
}

/**
 * A Service Prometheus scrapes is a promise that someone hears when it stops answering or
 * misbehaves; the promise holds only if an alert of the stack selects the Service's job.
 * Joined as Prometheus joins them: a ServiceMonitor watching the namespace, selecting the
 * Service's labels with an endpoint on one of its ports, gives the job; an alert's
 * expression names it by a `job` matcher (equality, or a regex matching it whole).
 */
export const stackServiceRequireAlerts: PackStackPolicy = {
    name: "stack-service-require-alerts",
    description: "Every Service in an application namespace that a ServiceMonitor scrapes (the monitor watches the namespace, selects the Service's labels and has an endpoint on one of its ports) must have at least one PrometheusRule alert in the stack whose expression selects its job (the Service's name, or its label named by the monitor's jobLabel) with a `job=\"...\"` or matching `job=~\"...\"` matcher.",
    rationale: "A scraped service that no alert watches can fail without anyone hearing of it, however complete its metrics are.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["observability", "alerting", "kubernetes", "source:GATES every application Service with a ServiceMonitor has at least one alert that names its job"],
    remediationSteps: "Add an alert for the service to the stack's PrometheusRules, selecting its job by name (for a trading service: components/observability/alerts/service-alerts.ts, which generates ServiceDown and the other per-service alerts for every service of stacks/services; for another workload, a rule such as `absent(up{namespace=\"<ns>\", job=\"<service>\"} == 1)`), with its severity, runbook_url and runbook section.",
    configSchema: {
        properties: {
            namespaces: applicationNamespacesSchema("Application namespaces whose scraped Services must be watched by an alert; Services elsewhere (add-ons, whose charts bring their own rules) are not judged."),
        },
    },
    validateStack: (args, reportViolation) => {
        const { namespaces } = args.getConfig<Config>();
        const objects = args.resources.map(asDeclared);
        const alerted = jobSelector(objects.filter((o) => isPrometheusRule(o.type)).flatMap((rule) => alertsOf(rule.props).map((alert) => alert.expr)));
        for (const service of objects.filter((o) => isKind(o.type, "core", "Service") && namespaces.includes(namespaceOf(o.props)))) {
            const scrapers = monitorsOf(objects, service)
                .filter((monitor) => list(monitor.props.spec?.endpoints).some((endpoint) => endpointScrapes(endpoint, service, undefined)));
            for (const job of new Set(scrapers.map((monitor) => jobOf(monitor, service)))) {
                if (alerted(job)) continue;
                const by = scrapers.filter((monitor) => jobOf(monitor, service) === job).map(nameOf).join(", ");
                reportViolation(`${describe(service)} in namespace ${namespaceOf(service.props)} is scraped as job "${job}" (ServiceMonitor ${by}), but no PrometheusRule alert of the stack selects job "${job}".`, service.urn);
            }
        }
    },
};
