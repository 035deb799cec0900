/**
 * The platform's alert rules as the monitoring layer registers them: a PrometheusRule in the
 * monitoring namespace with one group holding a recording rule and the gateway's ServiceDown
 * alert. Factories return fresh objects, so a test may change one field in place.
 */
import { ResourceUnderTest } from "../../tools/policy/engine";
import { resource } from "./fixtures";

export const PROMETHEUS_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
export const RUNBOOKS = "https://github.com/example-org/signal-trading/blob/main/docs/runbooks.md";

/** The gateway's outage alert, with its severity and runbook. */
export function serviceDownAlert(job = "gateway") {
    return {
        alert: "ServiceDown",
        expr: `absent(up{namespace="signal-trading", job="${job}"} == 1)`,
        for: "2m",
        labels: { severity: "critical", service: job, namespace: "signal-trading" },
        annotations: { summary: `${job} is down`, description: `No ${job} pod answers.`, runbook_url: `${RUNBOOKS}#servicedown` },
    };
}

export function prometheusRule(alerts: Record<string, any>[] = [serviceDownAlert()]): ResourceUnderTest {
    return resource(PROMETHEUS_RULE, "signal-trading-alerts", {
        inputs: {
            apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule",
            metadata: { name: "signal-trading-alerts", namespace: "signal-trading-monitoring", labels: { "app.kubernetes.io/part-of": "signal-trading" } },
            spec: {
                groups: [{
                    name: "signal-trading-availability",
                    rules: [{ record: "job:up:sum", expr: 'sum by (job) (up{namespace="signal-trading"})' }, ...alerts],
                }],
            },
        },
    });
}
