import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { addonContext, ADDRESSES, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { containsSecret } from "../../../tools/offline/wire";
import { edgePlacement, nodeGroupPlacement } from "../../cluster/placement";
import { AddonOutputs } from "../addon";
import { KUBE_PROMETHEUS_STACK_CHART, monitoringAddon, MonitoringSettings } from "./monitoring";
import { monitoringNamespace, nodeExporterNamespace } from "./namespace";
import { OPERATOR_FENCE } from "./operator-fence";
import { renderWriteFence } from "../write-fence";
import { kubePrometheusStackValues } from "./values";

const DEPS = {
    storage: { storageClassName: "gp3-encrypted" },
    "nginx-ingress": { ingressClassName: "nginx", namespace: "nginx-ingress" },
    "cert-manager": { clusterIssuer: "letsencrypt-production" },
    "prometheus-operator-crds": {},
};
const SECRET_TYPE = "kubernetes:core/v1:Secret";
const INGRESS_TYPE = "kubernetes:networking.k8s.io/v1:Ingress";
const PLACEHOLDER = "offline-placeholder:signal-trading:slackWebhookUrl";
const DEAD_MANS_SWITCH_URL = "offline-placeholder:signal-trading:deadMansSwitchUrl";
const CLIENT_SECRET = "offline-placeholder:signal-trading:grafanaSsoClientSecret";
const SYSTEM = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
const EDGE = edgePlacement(SYSTEM, ["general"], [{ namespace: "velero" }]);
const SSO = {
    authUrl: "https://sso.example.com/a", tokenUrl: "https://sso.example.com/t", userinfoUrl: "https://sso.example.com/u",
    clientId: "grafana-prod", scopes: ["openid", "email", "profile", "groups"], groupsClaim: "groups", roles: { Admin: ["platform-admins"], Editor: [], Viewer: ["trading-viewers"] },
};

type Settings = Omit<MonitoringSettings, "slackWebhookUrl" | "deadMansSwitchUrl" | "grafanaSsoClientSecret">;
const PROD: Settings = {
    environment: "prod",
    version: "88.5.3",
    monitoring: {
        grafanaExposure: "ingress", grafanaSso: SSO, prometheusStorageGiB: 100, prometheusRetentionDays: 30,
        slackChannels: { critical: "#trading-alerts-critical", warning: "#trading-alerts", ticket: "#trading-tickets" },
        alertRoutes: {},
    },
    grafanaHost: "grafana.signal-trading.example.com",
    grafanaPlacement: EDGE,
    scrapeTargets: [],
};
const DEV_UNEXPOSED: Settings = {
    ...PROD, environment: "dev", monitoring: { ...PROD.monitoring, grafanaExposure: "none", grafanaSso: null, prometheusStorageGiB: 20, prometheusRetentionDays: 7 },
};

/** Installs the add-on with these settings under the mocks; the Slack webhook URL is secret, as the config delivers it. */
async function install(stack: "dev" | "prod", settings: Settings) {
    let outputs: AddonOutputs["monitoring"] | undefined;
    const r = await registrationsOf(() => {
        const ctx = addonContext(stack);
        const clientSecret = settings.monitoring.grafanaSso ? { grafanaSsoClientSecret: pulumi.secret(CLIENT_SECRET) } : {};
        outputs = monitoringAddon(ADDRESSES, { ...settings, slackWebhookUrl: pulumi.secret(PLACEHOLDER), deadMansSwitchUrl: pulumi.secret(DEAD_MANS_SWITCH_URL), ...clientSecret }).install(`${stack}-monitoring`, ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
    });
    return { r, outputs };
}

describe("monitoring add-on", () => {
    const addon = monitoringAddon(ADDRESSES, { ...PROD, slackWebhookUrl: PLACEHOLDER, deadMansSwitchUrl: DEAD_MANS_SWITCH_URL });

    it("needs storage, the ingress controller, cert-manager and the CRDs, provides Prometheus, Alertmanager and Grafana, and owns two namespaces", () => {
        assert.equal(addon.name, "monitoring");
        assert.deepEqual(addon.dependsOn, ["storage", "nginx-ingress", "cert-manager", "prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["prometheus", "alertmanager", "grafana"]);
        assert.deepEqual(addon.namespaces, [monitoringNamespace(ADDRESSES, PROD.monitoring, []), nodeExporterNamespace()]);
    });

    describe("installed for prod, Grafana exposed", () => {
        let r: Registrations;
        let outputs: AddonOutputs["monitoring"] | undefined;
        before(async () => ({ r, outputs } = await install("prod", PROD)));
        const component = () => r.one("signal-trading:addons:Monitoring", "prod-monitoring");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const secret = (role: string) => r.one(SECRET_TYPE, `prod-monitoring-${role}`);

        it("installs the pinned kube-prometheus-stack into the monitoring namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(KUBE_PROMETHEUS_STACK_CHART, { chart: "kube-prometheus-stack", repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.chart, "kube-prometheus-stack");
            assert.equal(inputs.version, "88.5.3");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.namespace, "signal-trading-monitoring");
            assert.equal(inputs.name, "kube-prometheus-stack");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("passes the prod values for its monitoring settings, the storage class, the system nodes and the exposed Grafana's SSO and placement", () => {
            assert.deepEqual(r.inputs(release()).values, kubePrometheusStackValues({
                registry: REGISTRY,
                environment: "prod",
                placement: SYSTEM,
                storageClassName: "gp3-encrypted",
                prometheusStorageGiB: 100,
                prometheusRetentionDays: 30,
                slackChannels: { critical: "#trading-alerts-critical", warning: "#trading-alerts", ticket: "#trading-tickets" },
                alertRoutes: {},
                grafanaExposed: { host: "grafana.signal-trading.example.com", placement: EDGE },
                grafanaSso: SSO,
            }));
        });

        it("gives Grafana's sidecars a Role that reads ConfigMaps of the monitoring namespace and nothing else, before the release", () => {
            const role = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "prod-monitoring-grafana-sidecars");
            assert.deepEqual(r.inputs(role).metadata, { name: "grafana-sidecars", namespace: "signal-trading-monitoring" });
            assert.deepEqual(r.inputs(role).rules, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }]);
            assert.ok(release().dependencies.includes(role.urn));
        });

        it("fences the operator's writes into the monitoring namespace before the release starts it", () => {
            const policy = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", "prod-monitoring-operator-fence");
            const binding = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", "prod-monitoring-operator-fence");
            assert.deepEqual(r.inputs(policy).spec, JSON.parse(JSON.stringify(renderWriteFence(OPERATOR_FENCE).policy.spec)));
            assert.ok(binding.dependencies.includes(policy.urn));
            assert.ok(release().dependencies.includes(binding.urn));
        });

        it("lets the ingress controller serve the Grafana Ingress: its Role here, before the Ingress", () => {
            const binding = r.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "prod-monitoring-nginx-ingress");
            assert.equal(r.inputs(binding).metadata.namespace, "signal-trading-monitoring");
            assert.deepEqual(r.inputs(binding).subjects, [{ kind: "ServiceAccount", name: "nginx-ingress-controller", namespace: "nginx-ingress" }]);
            assert.ok(r.one(INGRESS_TYPE, "prod-monitoring-grafana").dependencies.includes(binding.urn));
        });

        it("keeps every secret out of the release values", () => {
            const values = release().inputs.values;
            assert.equal(containsSecret(values), false);
            const text = JSON.stringify(r.inputs(release()).values);
            assert.ok(!text.includes(PLACEHOLDER), "the Slack webhook URL is in the values");
            assert.ok(!text.includes(CLIENT_SECRET), "Grafana's client secret is in the values");
            const password = r.outputs(r.one("random:index/randomPassword:RandomPassword", "prod-monitoring-grafana-admin-password")).result;
            assert.ok(!text.includes(password), "Grafana's password is in the values");
        });

        it("stores Grafana's generated 40-character admin password and the Slack webhook URL as secret Secrets that the release waits for", () => {
            const generator = r.one("random:index/randomPassword:RandomPassword", "prod-monitoring-grafana-admin-password");
            assert.equal(r.inputs(generator).length, 40);
            const grafana = r.inputs(secret("grafana-admin"));
            assert.deepEqual(grafana.metadata, { name: "grafana-admin", namespace: "signal-trading-monitoring" });
            assert.deepEqual(grafana.stringData, { "admin-user": "admin", "admin-password": r.outputs(generator).result });
            const slack = r.inputs(secret("alertmanager-slack"));
            assert.deepEqual(slack.metadata, { name: "alertmanager-slack", namespace: "signal-trading-monitoring" });
            assert.deepEqual(slack.stringData, { "webhook-url": PLACEHOLDER });
            const deadMansSwitch = r.inputs(secret("alertmanager-dead-mans-switch"));
            assert.deepEqual(deadMansSwitch.metadata, { name: "alertmanager-dead-mans-switch", namespace: "signal-trading-monitoring" });
            assert.deepEqual(deadMansSwitch.stringData, { url: DEAD_MANS_SWITCH_URL });
            const sso = r.inputs(secret("grafana-sso"));
            assert.deepEqual(sso.metadata, { name: "grafana-sso", namespace: "signal-trading-monitoring" });
            assert.deepEqual(sso.stringData, { "client-secret": CLIENT_SECRET });
            for (const role of ["grafana-admin", "alertmanager-slack", "alertmanager-dead-mans-switch", "grafana-sso"]) {
                assert.ok(containsSecret(secret(role).inputs.stringData), `${role} is not secret`);
                assert.ok(release().dependencies.includes(secret(role).urn), `the release does not wait for ${role}`);
                assert.equal(secret(role).parent, component().urn);
            }
        });

        it("exposes Grafana through a TLS Ingress of the ingress class, with a certificate from the ClusterIssuer, after the release", () => {
            const ingress = r.one(INGRESS_TYPE, "prod-monitoring-grafana");
            const inputs = r.inputs(ingress);
            assert.equal(inputs.spec.ingressClassName, "nginx");
            assert.deepEqual(inputs.spec.tls, [{ hosts: ["grafana.signal-trading.example.com"], secretName: "grafana-tls" }]);
            assert.equal(inputs.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-production");
            assert.deepEqual(inputs.spec.rules[0].http.paths[0].backend, { service: { name: "kube-prometheus-stack-grafana", port: { number: 80 } } });
            assert.ok(ingress.dependencies.includes(release().urn));
            assert.equal(ingress.parent, component().urn);
        });

        it("never exposes Prometheus", () => {
            assert.deepEqual(r.ofType(INGRESS_TYPE).map((i) => i.name), ["prod-monitoring-grafana"]);
            assert.equal(r.ofType(SECRET_TYPE).length, 4);
        });

        it("hands its namespace to its dependents", () => {
            assert.deepEqual(outputs, { namespace: "signal-trading-monitoring" });
        });
    });

    describe("installed for dev with nothing exposed", () => {
        let r: Registrations;
        before(async () => ({ r } = await install("dev", DEV_UNEXPOSED)));

        it("creates no Ingress, no TLS, no SSO Secret and no role for the ingress controller, and sizes the stack for dev", () => {
            assert.deepEqual(r.ofType(INGRESS_TYPE), []);
            assert.deepEqual(r.ofType(SECRET_TYPE).map((s) => s.name).sort(), ["dev-monitoring-alertmanager-dead-mans-switch", "dev-monitoring-alertmanager-slack", "dev-monitoring-grafana-admin"]);
            assert.deepEqual(r.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), []);
            const values = r.inputs(r.one("kubernetes:helm.sh/v3:Release")).values;
            assert.equal(values.prometheus.prometheusSpec.replicas, 1);
            assert.equal(values.alertmanager.alertmanagerSpec.replicas, 1);
            assert.equal(values.prometheus.prometheusSpec.retention, "7d");
            assert.equal("server" in values.grafana["grafana.ini"], false);
        });
    });
});
