import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, CONTROL_PLANE_PEERS, parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { KEYS } from "../../../test/eks-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { systemWorkloads } from "../../admission/system-workloads";
import { renderNamespace, renderNetworkPolicies } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4 } from "../../namespace/traffic";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { platformAddons } from "../../../stacks/addons";
import { applicationNamespaceName } from "../../../stacks/workloads";
import { AddonOutputs } from "../addon";
import { FLUENT_BIT_CHART, fluentBitAddon, FluentBitSettings } from "./fluent-bit";
import { fluentBitPolicy } from "./iam";
import { fluentBitNamespace } from "./namespace";
import { FLUENT_BIT_PODS, fluentBitValues } from "./values";

const DEPS = { "prometheus-operator-crds": {} };
const SETTINGS: FluentBitSettings = {
    region: "us-east-1",
    clusterName: "prod",
    version: "0.58.1",
    logs: { retentionDays: 30, outageMinutes: 120, nodeLogRateKiBPerSecond: 64 },
    tolerations: [{ key: "workload-class", operator: "Equal", value: "interruptible", effect: "NoSchedule" }],
    namespaces: ["signal-trading-monitoring", "signal-trading-prod"],
};
const GROUPS = ["kube-system", "signal-trading-logging", "signal-trading-monitoring", "signal-trading-prod", "unlisted"];

describe("Fluent Bit add-on", () => {
    const addon = fluentBitAddon(ADDRESSES, SETTINGS);

    it("needs the Prometheus CRDs, provides log shipping and owns the logging namespace", () => {
        assert.equal(addon.name, "fluent-bit");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["log-shipping"]);
        assert.deepEqual(addon.namespaces, [fluentBitNamespace(ADDRESSES)]);
    });

    it("runs in a privileged namespace with its reason written on it, scraped by Prometheus, out to the API server and public HTTPS only", () => {
        const spec = fluentBitNamespace(ADDRESSES);
        assert.equal(spec.podSecurity, "privileged");
        assert.match(renderNamespace(spec).metadata.annotations!["signal-trading.io/pod-security-exemption"], /read-only hostPath mounts.*\/var\/fluent-bit\/state/);
        assert.deepEqual(spec.ingress, [{ name: "prometheus-scrape", pods: FLUENT_BIT_PODS, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [2020] }]);
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: FLUENT_BIT_PODS, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "cloudwatch-logs", pods: FLUENT_BIT_PODS, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] },
        ]);
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name),
            ["default-deny", "allow-egress-dns", "allow-ingress-prometheus-scrape", "allow-egress-api-server", "allow-egress-cloudwatch-logs"]);
    });

    it("is allowed its hostPath pods by admission only as its own service account", () => {
        const system = systemWorkloads([addon]);
        assert.ok(system.privilegedNamespaces.includes("signal-trading-logging"));
        assert.deepEqual(system.serviceAccounts["signal-trading-logging"], ["fluent-bit"]);
    });

    describe("in the platform's add-on set", () => {
        for (const stack of ["dev", "prod"] as const) {
            it(`${stack}: gives every add-on namespace and the application namespace a log group, tolerates every node group's taints, and is scraped`, async () => {
                const config = parsedConfig(stack);
                const addons = platformAddons(config);
                const fluentBit = addons.find((a) => a.name === "fluent-bit")!;
                const r = await registrationsOf(() => {
                    const ctx = addonContext(stack);
                    fluentBit.install(`${stack}-fluent-bit`, ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } });
                });
                const component = r.one("signal-trading:addons:FluentBit");
                const names = r.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.parent === component.urn).map((g) => r.inputs(g).name);
                const application = applicationNamespaceName(config.environment);
                const expected = ["kube-system", application, `${application}-database-admin`, ...addons.flatMap((a) => a.namespaces.map((n) => n.name)), "unlisted"];
                assert.deepEqual([...names].sort(), [...new Set(expected)].map((n) => `/aws/eks/signal-trading-${stack}/containers/${n}`).sort());
                const tolerations = r.inputs(r.one("kubernetes:helm.sh/v3:Release")).values.tolerations as { key: string }[];
                for (const taint of Object.values(config.nodeGroups).flatMap((g) => g.taints)) {
                    assert.ok(tolerations.some((t) => t.key === taint.key), `no toleration of ${taint.key}`);
                }
                const monitoring = addons.find((a) => a.name === "monitoring")!.namespaces.find((n) => n.name === MONITORING_NAMESPACE)!;
                assert.ok(monitoring.egress.some((rule) => rule.name === "prometheus-scrape-signal-trading-logging" && JSON.stringify(rule.ports) === "[2020]"), "Prometheus cannot reach Fluent Bit's metrics port");
            });
        }
    });

    it("stops, naming the problem, when a namespace's log group name is one CloudWatch refuses", async () => {
        const bad = fluentBitAddon(ADDRESSES, { ...SETTINGS, namespaces: ["Bad Namespace"] });
        await assert.rejects(registrationsOf(() => {
            const ctx = addonContext("prod");
            bad.install("prod-fluent-bit", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } });
        }), /the containers' log groups cannot be named:\n  - log group name "\/aws\/eks\/prod\/containers\/Bad Namespace" holds characters/);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["fluent-bit"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-fluent-bit", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:FluentBit", "prod-fluent-bit");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const groups = () => r.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.parent === component().urn);

        it("creates one log group per listed namespace and the unlisted group, with the logs key and the configured retention", () => {
            assert.deepEqual(groups().map((g) => g.name).sort(), GROUPS.map((n) => `prod-fluent-bit-${n}`));
            for (const group of groups()) {
                const inputs = r.inputs(group);
                // Beside the fixture cluster's own control-plane group, /aws/eks/prod/cluster.
                assert.equal(inputs.name, `/aws/eks/prod/containers/${group.name.slice("prod-fluent-bit-".length)}`);
                assert.equal(inputs.retentionInDays, 30);
                assert.equal(inputs.kmsKeyId, KEYS.logs);
                assert.equal(group.parent, component().urn);
            }
        });

        it("installs the pinned fluent chart into its namespace with the prod values, after its role and log groups", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(FLUENT_BIT_CHART, { chart: "fluent-bit", repo: "https://fluent.github.io/helm-charts" });
            assert.equal(inputs.chart, "fluent-bit");
            assert.equal(inputs.version, "0.58.1");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://fluent.github.io/helm-charts" });
            assert.equal(inputs.namespace, "signal-trading-logging");
            assert.deepEqual(inputs.values, fluentBitValues({
                region: "us-east-1", clusterName: "prod", namespaces: GROUPS.filter((g) => g !== "unlisted"),
                buffering: { outageMinutes: 120, nodeLogRateKiBPerSecond: 64 }, tolerations: SETTINGS.tolerations, registry: REGISTRY,
            }));
            for (const group of groups()) assert.ok(release().dependencies.includes(group.urn), `the release does not wait for ${group.name}`);
            assert.deepEqual(outputs, { namespace: "signal-trading-logging" });
        });

        it("gives its service account a role that writes to exactly those groups", () => {
            const account = r.inputs(r.one("kubernetes:core/v1:ServiceAccount"));
            assert.equal(account.metadata.name, "fluent-bit");
            assert.equal(account.metadata.namespace, "signal-trading-logging");
            assert.equal(account.automountServiceAccountToken, true);
            const policy = JSON.parse(r.inputs(r.one("aws:iam/rolePolicy:RolePolicy", "prod-fluent-bit-policy")).policy);
            assert.deepEqual(policy, fluentBitPolicy(groups().map((g) => r.outputs(g).arn)));
            assert.ok(!JSON.stringify(policy).includes('"*"'), "a statement on *");
        });
    });
});
