import { strict as assert } from "node:assert";
import { addonContext, parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4 } from "../../namespace/traffic";
import { AddonOutputs } from "../addon";
import { otelCollectorPolicy } from "./iam";
import { otelCollectorNamespace } from "./namespace";
import { OTEL_COLLECTOR_CHART, openTelemetryCollectorAddon, OTLP_ENDPOINT, renderSamplingService } from "./opentelemetry-collector";
import { otelCollectorValues } from "./values";

const PODS = { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": "otel-collector" };
const CLIENTS = [{ namespace: "signal-trading", pods: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" } }];
const DEPS = { "prometheus-operator-crds": {} };

describe("OpenTelemetry Collector add-on", () => {
    const prod = parsedConfig("prod");
    const addon = openTelemetryCollectorAddon({ region: prod.aws.region, version: "0.170.0", replicas: 2, samplingPercent: 10, slowTraceMs: 500, clients: CLIENTS });

    it("needs the Prometheus CRDs for its ServiceMonitor, and is the cluster's trace gateway", () => {
        assert.equal(addon.name, "opentelemetry-collector");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["trace-gateway"]);
        assert.deepEqual(addon.namespaces, [otelCollectorNamespace(CLIENTS)]);
    });

    it("owns the restricted opentelemetry namespace: OTLP in from the services, trace routing between its pods, Prometheus in, AWS out", () => {
        const spec = otelCollectorNamespace(CLIENTS);
        assert.equal(spec.name, "opentelemetry");
        assert.equal(spec.podSecurity, "restricted");
        assert.deepEqual(validateNamespaceSpec(spec), []);
        assert.deepEqual(spec.ingress, [
            { name: "otlp", pods: PODS, peers: CLIENTS, ports: [4317, 4318] },
            { name: "trace-routing", pods: PODS, peers: [{ pods: PODS }], ports: [4319] },
            { name: "prometheus-scrape", pods: PODS, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [8888, 8889] },
        ]);
        assert.deepEqual(spec.egress, [
            { name: "trace-routing", pods: PODS, peers: [{ pods: PODS }], ports: [4319] },
            { name: "aws-apis", pods: PODS, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] },
        ]);
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
            "default-deny", "allow-egress-dns", "allow-ingress-otlp", "allow-ingress-trace-routing", "allow-ingress-prometheus-scrape",
            "allow-egress-trace-routing", "allow-egress-aws-apis",
        ]);
    });

    it("has a headless Service listing every ready collector pod on the trace-routing port", () => {
        assert.deepEqual(renderSamplingService(), {
            metadata: { name: "otel-collector-sampling", namespace: "opentelemetry", labels: { ...PODS, "app.kubernetes.io/component": "trace-routing" } },
            spec: { clusterIP: "None", selector: PODS, ports: [{ name: "otlp-sampling", port: 4319, targetPort: 4319, protocol: "TCP", appProtocol: "grpc" }] },
        });
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["opentelemetry-collector"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-opentelemetry-collector", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:OpenTelemetryCollector", "prod-opentelemetry-collector");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const account = () => r.one("kubernetes:core/v1:ServiceAccount");
        const service = () => r.one("kubernetes:core/v1:Service", "prod-opentelemetry-collector-sampling");
        const role = () => r.one("aws:iam/role:Role", "prod-opentelemetry-collector-role");
        const policy = () => r.one("aws:iam/rolePolicy:RolePolicy", "prod-opentelemetry-collector-policy");

        it("installs the pinned chart from the OpenTelemetry repository into its namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(OTEL_COLLECTOR_CHART, { chart: "opentelemetry-collector", repo: "https://open-telemetry.github.io/opentelemetry-helm-charts" });
            assert.equal(inputs.chart, "opentelemetry-collector");
            assert.equal(inputs.version, "0.170.0");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://open-telemetry.github.io/opentelemetry-helm-charts" });
            assert.equal(inputs.namespace, "opentelemetry");
            assert.equal(inputs.name, "otel-collector");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
            assert.equal(service().parent, component().urn);
        });

        it("passes the region, sampling, replicas and the system placement to the chart", () => {
            assert.deepEqual(r.inputs(release()).values, otelCollectorValues({
                region: prod.aws.region, samplingPercent: 10, slowTraceMs: 500, replicas: 2,
                placement: nodeGroupPlacement("system", prod.nodeGroups.system.taints), registry: REGISTRY,
            }));
        });

        it("creates the headless Service as rendered", () => {
            assert.deepEqual(r.inputs(service()), { apiVersion: "v1", kind: "Service", ...renderSamplingService() });
        });

        it("annotates its ServiceAccount with its IRSA role, without an API token", () => {
            const inputs = r.inputs(account());
            assert.equal(inputs.metadata.name, "otel-collector");
            assert.equal(inputs.metadata.namespace, "opentelemetry");
            assert.equal(inputs.metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(role()).arn);
            assert.equal(inputs.automountServiceAccountToken, false);
        });

        it("trusts opentelemetry:otel-collector only and may only write traces in the stack's region", () => {
            const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
                irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "opentelemetry", "otel-collector"));
            assert.deepEqual(JSON.parse(r.inputs(policy()).policy), otelCollectorPolicy(prod.aws.region));
        });

        it("creates its Kubernetes resources through the cluster's provider, the release after its role, service account and headless Service", () => {
            const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
            for (const k8sResource of [release(), account(), service()]) assert.equal(k8sResource.provider, provider);
            for (const needed of [account(), policy(), service()]) {
                assert.ok(release().dependencies.includes(needed.urn), `the release does not wait for ${needed.name}`);
            }
        });

        it("hands the services the OTLP endpoint, the collector's pods and its OTLP ports", () => {
            assert.deepEqual(outputs, { namespace: "opentelemetry", pods: PODS, otlpEndpoint: "http://otel-collector.opentelemetry.svc.cluster.local:4317", otlpPorts: [4317, 4318] });
            assert.equal(OTLP_ENDPOINT, outputs?.otlpEndpoint);
        });
    });
});
