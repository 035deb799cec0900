/**
 * Alertmanager's configuration as plain data: where each alert goes and which alerts silence
 * others. Webhook URLs are secrets, so none appears here: Alertmanager reads each from a file,
 * mounted from a Secret the component creates (`alertmanagerSpec.secrets`).
 */

/** A Secret Alertmanager mounts, its key, and the file the operator mounts it at (`/etc/alertmanager/secrets/<secret>/<key>`). */
export interface MountedSecret {
    name: string;
    key: string;
    file: string;
}
const mountedSecret = (name: string, key: string): MountedSecret => ({ name, key, file: `/etc/alertmanager/secrets/${name}/${key}` });

/** The Slack incoming-webhook URL. */
export const SLACK_WEBHOOK = mountedSecret("alertmanager-slack", "webhook-url");
/** The dead man's switch ping URL: the Watchdog heartbeat goes there. */
export const DEAD_MANS_SWITCH = mountedSecret("alertmanager-dead-mans-switch", "url");
export const SLACK_WEBHOOK_SECRET = SLACK_WEBHOOK.name;
export const SLACK_WEBHOOK_KEY = SLACK_WEBHOOK.key;
export const SLACK_WEBHOOK_FILE = SLACK_WEBHOOK.file;

/** The channels by name (`monitoring.slackChannels`): one per routed severity. */
export interface SlackChannels {
    critical: string;
    warning: string;
    ticket: string;
}
export type ChannelName = keyof SlackChannels;
export const CHANNEL_NAMES = ["critical", "warning", "ticket"] as const satisfies readonly ChannelName[];

/** What the stack config says about routing: the channels, and alerts sent to a channel other than their severity's (`monitoring.alertRoutes`). */
export interface AlertRouting {
    slackChannels: SlackChannels;
    /** Alert name → channel name. */
    alertRoutes: Record<string, ChannelName>;
}

/** The always-firing alert of kube-prometheus-stack's default rules (group `general`), the heartbeat. */
export const WATCHDOG_ALERT = "Watchdog";
/** The default rules' helper that fires while info alerts have no warning or critical beside them, to mute them. */
export const INFO_INHIBITOR_ALERT = "InfoInhibitor";
/** Alerts whose route is fixed: `monitoring.alertRoutes` cannot send them elsewhere. */
export const PLATFORM_ROUTED_ALERTS: readonly string[] = [WATCHDOG_ALERT, INFO_INHIBITOR_ALERT];
/** Alerts whose `service` label names one service; a namespace-wide outage silences them all. */
export const NAMESPACE_OUTAGE_ALERT = "ApplicationNamespaceDown";
export const SERVICE_DOWN_ALERT = "ServiceDown";
/**
 * What a service that does not answer also sets off: its error rate and latency, measured at
 * the callers and the ingress, and the burn of its SLOs. Each says less than ServiceDown.
 */
export const SERVICE_DOWN_SYMPTOMS = ["HighErrorRate", "HighResponseTime", "SLOErrorBudgetBurn"] as const;

/** Receivers. `null` drops what it gets. */
export const RECEIVERS = {
    null: "null",
    deadMansSwitch: "dead-mans-switch",
    channel: (name: ChannelName) => `slack-${name}`,
} as const;

// Short Alertmanager templates (Go templates, left for Alertmanager: the chart's tplConfig is off).
const SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const SLACK_TEXT = '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Labels.namespace }}{{ if .Labels.service }}/{{ .Labels.service }}{{ end }}: {{ .Annotations.summary }}{{ if .Annotations.runbook_url }} (<{{ .Annotations.runbook_url }}|runbook>){{ end }}\n{{ end }}';

export interface SlackConfig {
    api_url_file: string;
    channel: string;
    send_resolved: boolean;
    title: string;
    text: string;
}

export interface WebhookConfig {
    url_file: string;
    send_resolved: boolean;
}

export interface Receiver {
    name: string;
    slack_configs?: SlackConfig[];
    webhook_configs?: WebhookConfig[];
}

export interface Route {
    receiver: string;
    matchers?: string[];
    group_by?: string[];
    group_wait?: string;
    group_interval?: string;
    repeat_interval?: string;
    routes?: Route[];
}

export interface InhibitRule {
    source_matchers: string[];
    target_matchers: string[];
    equal: string[];
}

function slackReceiver(name: ChannelName, channel: string): Receiver {
    return {
        name: RECEIVERS.channel(name),
        slack_configs: [{ api_url_file: SLACK_WEBHOOK.file, channel, send_resolved: true, title: SLACK_TITLE, text: SLACK_TEXT }],
    };
}

/** Label values in matchers are quoted; alert names are identifiers, but quoting keeps any value literal. */
const equals = (label: string, value: string) => `${label} = ${JSON.stringify(value)}`;

/**
 * The heartbeat's timing: Alertmanager sends the always-firing Watchdog at once and then every
 * minute, so the dead man's switch service (checking every 5 minutes, docs/observability.md)
 * raises its own alarm within minutes of Prometheus, Alertmanager or their path out going quiet.
 */
export const HEARTBEAT = { group_wait: "0s", group_interval: "1m", repeat_interval: "1m" } as const;

/**
 * The whole `alertmanager.config`. It replaces every key of the chart's default (whose route
 * sends everything to a null receiver):
 * - Watchdog goes to the dead man's switch, every minute; InfoInhibitor (a helper alert) nowhere.
 * - An alert named in `alertRoutes` goes to that channel, whatever its severity.
 * - `critical` pages (the critical channel, repeated every 4 hours), `warning` goes to the alerts
 *   channel, `ticket` to the low-noise channel (batched, repeated daily), `info` nowhere.
 * - Anything else, an alert without a known severity included, goes to the warning channel,
 *   so a mislabelled alert is seen rather than dropped.
 * Alerts are grouped per alert, namespace and service: one notification per service in trouble,
 * not one per pod or route.
 */
export function alertmanagerConfig(routing: AlertRouting) {
    const { slackChannels, alertRoutes } = routing;
    const receivers: Receiver[] = [
        { name: RECEIVERS.null },
        // A ping, not a message: the service only needs the request; resolutions never come (the alert always fires).
        { name: RECEIVERS.deadMansSwitch, webhook_configs: [{ url_file: DEAD_MANS_SWITCH.file, send_resolved: false }] },
        ...CHANNEL_NAMES.map((name) => slackReceiver(name, slackChannels[name])),
    ];
    const routes: Route[] = [
        { receiver: RECEIVERS.deadMansSwitch, matchers: [equals("alertname", WATCHDOG_ALERT)], ...HEARTBEAT },
        { receiver: RECEIVERS.null, matchers: [equals("alertname", INFO_INHIBITOR_ALERT)] },
        ...Object.entries(alertRoutes).sort(([a], [b]) => a.localeCompare(b))
            .map(([alert, channel]) => ({ receiver: RECEIVERS.channel(channel), matchers: [equals("alertname", alert)] })),
        { receiver: RECEIVERS.channel("critical"), matchers: [equals("severity", "critical")], repeat_interval: "4h" },
        { receiver: RECEIVERS.channel("warning"), matchers: [equals("severity", "warning")] },
        // Work for office hours: one message per group at most every 30 minutes, a reminder a day.
        { receiver: RECEIVERS.channel("ticket"), matchers: [equals("severity", "ticket")], group_interval: "30m", repeat_interval: "24h" },
        { receiver: RECEIVERS.null, matchers: [equals("severity", "info")] },
    ];
    const inhibitRules: InhibitRule[] = [
        // The critical alert of a condition says it all; its lower-severity tiers stay quiet. Of the same
        // service and SLO: a page on one SLO's budget must not hide another's ticket (Alertmanager counts
        // a label both alerts lack as equal, so alerts without service or slo compare by name and namespace).
        { source_matchers: [equals("severity", "critical")], target_matchers: ['severity =~ "warning|ticket"'], equal: ["alertname", "namespace", "service", "slo"] },
        { source_matchers: [equals("alertname", INFO_INHIBITOR_ALERT)], target_matchers: [equals("severity", "info")], equal: ["namespace"] },
        // Nothing in the namespace answers: one alert, not one per service.
        { source_matchers: [equals("alertname", NAMESPACE_OUTAGE_ALERT)], target_matchers: ['service =~ ".+"'], equal: ["namespace"] },
        // A service that is down also fails its callers and burns its budget; ServiceDown says why.
        { source_matchers: [equals("alertname", SERVICE_DOWN_ALERT)], target_matchers: [`alertname =~ "${SERVICE_DOWN_SYMPTOMS.join("|")}"`], equal: ["namespace", "service"] },
    ];
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: RECEIVERS.channel("warning"),
            group_by: ["alertname", "namespace", "service"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes,
        } satisfies Route,
        inhibit_rules: inhibitRules,
        receivers,
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}

