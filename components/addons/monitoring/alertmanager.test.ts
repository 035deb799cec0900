import { strict as assert } from "node:assert";
import { alertmanagerConfig, SLACK_WEBHOOK_FILE } from "./alertmanager";

describe("Alertmanager config", () => {
    const config = alertmanagerConfig({ critical: "#alerts-critical", warning: "#alerts" });

    it("groups by alert, namespace and severity and routes Watchdog and InfoInhibitor nowhere, critical and warning to their channels, info nowhere", () => {
        assert.deepEqual(config.route, {
            receiver: "slack-warning",
            group_by: ["alertname", "namespace", "severity"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                { receiver: "null", matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
                { receiver: "slack-critical", matchers: ['severity = "critical"'], repeat_interval: "4h" },
                { receiver: "slack-warning", matchers: ['severity = "warning"'] },
                { receiver: "null", matchers: ['severity = "info"'] },
            ],
        });
    });

    it("lets a critical alert silence the warning of the same name and namespace, and InfoInhibitor the info alerts of its namespace", () => {
        assert.deepEqual(config.inhibit_rules, [
            { source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: ["alertname", "namespace"] },
            { source_matchers: ['alertname = "InfoInhibitor"'], target_matchers: ['severity = "info"'], equal: ["namespace"] },
        ]);
    });

    it("posts to Slack with the webhook URL read from the mounted Secret, never the URL itself, and reports resolutions", () => {
        assert.equal(SLACK_WEBHOOK_FILE, "/etc/alertmanager/secrets/alertmanager-slack/webhook-url");
        assert.deepEqual(config.receivers.map((r) => r.name), ["null", "slack-critical", "slack-warning"]);
        assert.deepEqual(config.receivers[0], { name: "null" });
        for (const [receiver, channel] of [[config.receivers[1], "#alerts-critical"], [config.receivers[2], "#alerts"]] as const) {
            assert.equal(receiver.slack_configs?.length, 1);
            const [slack] = receiver.slack_configs!;
            assert.equal(slack.api_url_file, SLACK_WEBHOOK_FILE);
            assert.equal(slack.channel, channel);
            assert.equal(slack.send_resolved, true);
            assert.equal("api_url" in slack, false);
        }
    });

    it("names every receiver a route uses, and replaces every key of the chart's default config", () => {
        const names = new Set(config.receivers.map((r) => r.name));
        for (const route of [config.route, ...config.route.routes]) assert.ok(names.has(route.receiver), `${route.receiver} is not a receiver`);
        assert.deepEqual(Object.keys(config).sort(), ["global", "inhibit_rules", "receivers", "route", "templates"]);
    });
});
