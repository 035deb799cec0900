import { strict as assert } from "node:assert";
import { amtoolPath, checkConfig, forAmtool025, routeReceivers } from "../../../test/amtool";
import { alertmanagerConfig, DEAD_MANS_SWITCH, InhibitRule, SERVICE_DOWN_SYMPTOMS, SLACK_WEBHOOK_FILE } from "./alertmanager";

const CHANNELS = { critical: "#alerts-critical", warning: "#alerts", ticket: "#tickets" };

/**
 * Alertmanager's inhibition semantics (inhibit/inhibit.go): a firing source alert matching
 * `source_matchers` mutes a target matching `target_matchers` when every label in `equal` has
 * the same value on both (absent counts as empty); an alert never mutes itself. amtool cannot evaluate inhibitions, so this models the three matcher operators used.
 */
function matches(matcher: string, labels: Record<string, string>): boolean {
    const parsed = /^(\w+) (=~|!=|=) "(.*)"$/.exec(matcher);
    assert.ok(parsed, `matcher ${matcher} is not of the form label op "value"`);
    const [, label, op, value] = parsed;
    const actual = labels[label] ?? "";
    if (op === "=") return actual === value;
    if (op === "!=") return actual !== value;
    return new RegExp(`^(?:${value})$`).test(actual);
}
function inhibited(rules: InhibitRule[], target: Record<string, string>, firing: Record<string, string>[]): boolean {
    return rules.some((rule) => rule.target_matchers.every((m) => matches(m, target))
        && firing.some((source) => source !== target
            && rule.source_matchers.every((m) => matches(m, source))
            && rule.equal.every((label) => (source[label] ?? "") === (target[label] ?? ""))));
}

describe("Alertmanager config", () => {
    const config = alertmanagerConfig({ slackChannels: CHANNELS, alertRoutes: {} });

    it("is a config Alertmanager loads (amtool check-config), and amtool refuses a broken one", () => {
        checkConfig(config);
        assert.throws(() => checkConfig({ ...config, route: { ...config.route, receiver: "nobody" } }), /amtool check-config .*failed:[\s\S]*nobody/);
    });

    it("says how to install amtool when it is missing, rather than skipping", () => {
        assert.throws(() => amtoolPath("/nonexistent"), /amtool is not installed: apt-get update && apt-get install -y --no-install-recommends prometheus-alertmanager/);
    });

    describe("routes, as amtool's router finds them", () => {
        const cases: [string, Record<string, string>, string[]][] = [
            ["critical pages through the critical channel", { alertname: "ServiceDown", severity: "critical", namespace: "signal-trading", service: "gateway" }, ["slack-critical"]],
            ["warning goes to the alerts channel", { alertname: "HighCPUUsage", severity: "warning", namespace: "signal-trading", service: "ml" }, ["slack-warning"]],
            ["ticket goes to the low-noise channel", { alertname: "LowCacheHitRate", severity: "ticket", namespace: "signal-trading" }, ["slack-ticket"]],
            ["info goes nowhere", { alertname: "SomethingToKnow", severity: "info", namespace: "signal-trading" }, ["null"]],
            ["Watchdog goes to the dead man's switch, whatever its severity", { alertname: "Watchdog", severity: "none" }, ["dead-mans-switch"]],
            ["InfoInhibitor goes nowhere", { alertname: "InfoInhibitor", severity: "none", namespace: "signal-trading" }, ["null"]],
            ["an unknown severity is seen in the alerts channel rather than dropped", { alertname: "Mislabelled", severity: "page" }, ["slack-warning"]],
            ["no severity at all is seen in the alerts channel too", { alertname: "Unlabelled" }, ["slack-warning"]],
        ];
        for (const [title, labels, receivers] of cases) {
            it(title, () => assert.deepEqual(routeReceivers(config, labels), receivers));
        }

        it("sends an alert named in alertRoutes to that channel, whatever its severity, and leaves the others to their severity", () => {
            const routed = alertmanagerConfig({ slackChannels: CHANNELS, alertRoutes: { HighCPUUsage: "ticket", DatabaseFailure: "critical" } });
            checkConfig(routed);
            assert.deepEqual(routeReceivers(routed, { alertname: "HighCPUUsage", severity: "warning" }), ["slack-ticket"]);
            assert.deepEqual(routeReceivers(routed, { alertname: "DatabaseFailure", severity: "warning" }), ["slack-critical"]);
            assert.deepEqual(routeReceivers(routed, { alertname: "HighErrorRate", severity: "warning" }), ["slack-warning"]);
            assert.deepEqual(routeReceivers(routed, { alertname: "Watchdog", severity: "none" }), ["dead-mans-switch"]);
        });
    });

    it("groups by alert, namespace and service, and beats the heartbeat every minute", () => {
        assert.deepEqual(config.route.group_by, ["alertname", "namespace", "service"]);
        assert.deepEqual(config.route.routes[0], {
            receiver: "dead-mans-switch", matchers: ['alertname = "Watchdog"'], group_wait: "0s", group_interval: "1m", repeat_interval: "1m",
        });
        const bySeverity = Object.fromEntries(config.route.routes.filter((r) => r.matchers?.[0]?.startsWith("severity")).map((r) => [r.matchers![0], r]));
        assert.equal(bySeverity['severity = "critical"'].repeat_interval, "4h");
        assert.deepEqual([bySeverity['severity = "ticket"'].group_interval, bySeverity['severity = "ticket"'].repeat_interval], ["30m", "24h"]);
    });

    describe("inhibitions (on the rendered rules: amtool cannot test them)", () => {
        const rules = config.inhibit_rules;
        const ns = "signal-trading";
        const gatewayDown = { alertname: "ServiceDown", severity: "critical", namespace: ns, service: "gateway" };

        it("a namespace-wide outage mutes every per-service alert of that namespace, and nothing elsewhere", () => {
            const outage = { alertname: "ApplicationNamespaceDown", severity: "critical", namespace: ns };
            for (const target of [gatewayDown, { alertname: "HighErrorRate", severity: "critical", namespace: ns, service: "ml" }, { alertname: "TradingFailures", severity: "warning", namespace: ns, service: "gateway" }]) {
                assert.equal(inhibited(rules, target, [outage, target]), true, `${target.alertname} is not muted`);
            }
            assert.equal(inhibited(rules, { ...gatewayDown, namespace: "signal-trading-dev" }, [outage]), false);
            assert.equal(inhibited(rules, { alertname: "DatabaseFailure", severity: "critical", namespace: ns }, [outage]), false);
            assert.equal(inhibited(rules, outage, [outage]), false);
        });

        it("ServiceDown mutes the symptoms of the same service in the same namespace only", () => {
            for (const alertname of SERVICE_DOWN_SYMPTOMS) {
                const symptom = { alertname, severity: "critical", namespace: ns, service: "gateway" };
                assert.equal(inhibited(rules, symptom, [gatewayDown]), true, `${alertname} is not muted`);
                assert.equal(inhibited(rules, { ...symptom, service: "ml" }, [gatewayDown]), false, `${alertname} of another service is muted`);
                assert.equal(inhibited(rules, { ...symptom, namespace: "signal-trading-dev" }, [gatewayDown]), false, `${alertname} of another namespace is muted`);
            }
            assert.equal(inhibited(rules, { alertname: "TradingFailures", severity: "critical", namespace: ns, service: "gateway" }, [gatewayDown]), false);
        });

        it("a critical alert mutes the warning and ticket tiers of the same alert, service and SLO in its namespace, and InfoInhibitor the info alerts", () => {
            const critical = { alertname: "HighCPUUsage", severity: "critical", namespace: ns, service: "ml" };
            assert.equal(inhibited(rules, { ...critical, severity: "warning" }, [critical]), true);
            assert.equal(inhibited(rules, { ...critical, severity: "ticket" }, [critical]), true);
            assert.equal(inhibited(rules, { ...critical, severity: "warning", namespace: "other" }, [critical]), false);
            assert.equal(inhibited(rules, { ...critical, alertname: "HighResponseTime", severity: "warning" }, [critical]), false);
            assert.equal(inhibited(rules, { ...critical, severity: "warning", service: "gateway" }, [critical]), false, "another service's warning is muted");
            const burn = { alertname: "SLOErrorBudgetBurn", severity: "critical", namespace: ns, service: "gateway", slo: "gateway-availability" };
            assert.equal(inhibited(rules, { ...burn, severity: "ticket" }, [burn]), true);
            assert.equal(inhibited(rules, { ...burn, severity: "ticket", slo: "gateway-latency" }, [burn]), false, "another SLO's ticket is muted");
            const storage = { alertname: "DatabaseStorageLow", namespace: ns };
            assert.equal(inhibited(rules, { ...storage, severity: "warning" }, [{ ...storage, severity: "critical" }]), true);
            assert.equal(inhibited(rules, { alertname: "X", severity: "info", namespace: ns }, [{ alertname: "InfoInhibitor", severity: "none", namespace: ns }]), true);
        });

        it("never mutes the heartbeat", () => {
            const watchdog = { alertname: "Watchdog", severity: "none" };
            assert.equal(inhibited(rules, watchdog, [gatewayDown, { alertname: "ApplicationNamespaceDown", severity: "critical", namespace: ns }, { alertname: "InfoInhibitor", severity: "none" }]), false);
        });
    });

    it("posts to Slack and pings the dead man's switch with URLs read from mounted Secrets, never the URLs themselves", () => {
        assert.equal(SLACK_WEBHOOK_FILE, "/etc/alertmanager/secrets/alertmanager-slack/webhook-url");
        assert.equal(DEAD_MANS_SWITCH.file, "/etc/alertmanager/secrets/alertmanager-dead-mans-switch/url");
        assert.deepEqual(config.receivers.map((r) => r.name), ["null", "dead-mans-switch", "slack-critical", "slack-warning", "slack-ticket"]);
        assert.deepEqual(config.receivers[0], { name: "null" });
        assert.deepEqual(config.receivers[1], { name: "dead-mans-switch", webhook_configs: [{ url_file: DEAD_MANS_SWITCH.file, send_resolved: false }] });
        for (const [receiver, channel] of [[config.receivers[2], "#alerts-critical"], [config.receivers[3], "#alerts"], [config.receivers[4], "#tickets"]] as const) {
            assert.equal(receiver.slack_configs?.length, 1);
            const [slack] = receiver.slack_configs!;
            assert.equal(slack.api_url_file, SLACK_WEBHOOK_FILE);
            assert.equal(slack.channel, channel);
            assert.equal(slack.send_resolved, true);
            assert.equal("api_url" in slack, false);
        }
        assert.doesNotMatch(JSON.stringify(config), /"(api_)?url"/);
    });

    it("shows amtool 0.25 a stand-in URL only where the deployed config reads a file", () => {
        const shown = forAmtool025(config) as typeof config;
        assert.deepEqual(shown.receivers[1].webhook_configs, [{ send_resolved: false, url: "https://amtool-check.invalid/url-from-file" }]);
        assert.deepEqual(shown.receivers.filter((r) => r.name !== "dead-mans-switch"), config.receivers.filter((r) => r.name !== "dead-mans-switch"));
        assert.equal(config.receivers[1].webhook_configs![0].url_file, DEAD_MANS_SWITCH.file);
    });

    it("names every receiver a route uses, and replaces every key of the chart's default config", () => {
        const names = new Set(config.receivers.map((r) => r.name));
        for (const route of [config.route, ...config.route.routes]) assert.ok(names.has(route.receiver), `${route.receiver} is not a receiver`);
        assert.deepEqual(Object.keys(config).sort(), ["global", "inhibit_rules", "receivers", "route", "templates"]);
    });
});
