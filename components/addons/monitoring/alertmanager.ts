/**
 * Alertmanager's configuration as plain data: where each alert goes and which alerts silence
 * others. The Slack webhook URL is a secret, so it never appears here: Alertmanager reads it
 * from a file, mounted from a Secret the component creates (`alertmanagerSpec.secrets`).
 */

/** The Secret holding the Slack incoming-webhook URL, and its key. */
export const SLACK_WEBHOOK_SECRET = "alertmanager-slack";
export const SLACK_WEBHOOK_KEY = "webhook-url";
/** Where the operator mounts each Secret listed in `alertmanagerSpec.secrets`. */
export const SLACK_WEBHOOK_FILE = `/etc/alertmanager/secrets/${SLACK_WEBHOOK_SECRET}/${SLACK_WEBHOOK_KEY}`;

export interface SlackChannels {
    critical: string;
    warning: string;
}

/** The receiver that drops what it gets. */
const NULL_RECEIVER = "null";

// Short Alertmanager templates (Go templates, left for Alertmanager: the chart's tplConfig is off).
const SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const SLACK_TEXT = '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Labels.namespace }}: {{ .Annotations.summary }}\n{{ end }}';

export interface SlackConfig {
    api_url_file: string;
    channel: string;
    send_resolved: boolean;
    title: string;
    text: string;
}

export interface Receiver {
    name: string;
    slack_configs?: SlackConfig[];
}

function slackReceiver(name: string, channel: string): Receiver {
    return {
        name,
        slack_configs: [{
            api_url_file: SLACK_WEBHOOK_FILE,
            channel,
            send_resolved: true,
            title: SLACK_TITLE,
            text: SLACK_TEXT,
        }],
    };
}

/**
 * The whole `alertmanager.config`. It replaces every key of the chart's default (whose route
 * sends everything to a null receiver):
 * - Watchdog (the always-firing dead man's switch) and InfoInhibitor (a helper alert) go
 *   nowhere; critical and warning alerts go to their channels; info alerts go nowhere.
 * - Anything else, an alert without a known severity included, goes to the warning channel,
 *   so a mislabelled alert is seen rather than dropped.
 * - A critical alert silences the warning of the same name in the same namespace, and
 *   InfoInhibitor silences info alerts in its namespace.
 */
export function alertmanagerConfig(channels: SlackChannels) {
    const receivers: Receiver[] = [
        { name: NULL_RECEIVER },
        slackReceiver("slack-critical", channels.critical),
        slackReceiver("slack-warning", channels.warning),
    ];
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: "slack-warning",
            group_by: ["alertname", "namespace", "severity"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                { receiver: NULL_RECEIVER, matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
                { receiver: "slack-critical", matchers: ['severity = "critical"'], repeat_interval: "4h" },
                { receiver: "slack-warning", matchers: ['severity = "warning"'] },
                { receiver: NULL_RECEIVER, matchers: ['severity = "info"'] },
            ],
        },
        inhibit_rules: [
            { source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ["alertname", "namespace"] },
            { source_matchers: ['alertname = "InfoInhibitor"'], target_matchers: ['severity = "info"'], equal: ["namespace"] },
        ],
        receivers,
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}
