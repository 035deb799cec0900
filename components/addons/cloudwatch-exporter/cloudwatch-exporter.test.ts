import { strict as assert } from "node:assert";
import { addonContext, parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4 } from "../../namespace/traffic";
import { AddonOutputs } from "../addon";
import { CLOUDWATCH_EXPORTER_CHART, cloudwatchExporterAddon } from "./cloudwatch-exporter";
import { cloudwatchExporterPolicy } from "./iam";
import { cloudwatchExporterNamespace } from "./namespace";
import { cloudwatchExporterValues } from "./values";

const PODS = { "app.kubernetes.io/name": "yace", "app.kubernetes.io/instance": "yace" };
const DEPS = { "prometheus-operator-crds": {} };

describe("CloudWatch exporter add-on", () => {
    const prod = parsedConfig("prod");
    const addon = cloudwatchExporterAddon({ region: prod.aws.region, environment: "prod", version: "0.47.0" });

    it("needs the Prometheus CRDs for its ServiceMonitor, and provides the CloudWatch metrics", () => {
        assert.equal(addon.name, "cloudwatch-exporter");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["cloudwatch-metrics"]);
        assert.deepEqual(addon.namespaces, [cloudwatchExporterNamespace()]);
    });

    it("owns the restricted cloudwatch-exporter namespace: Prometheus in on the metrics port, public AWS endpoints out, no API server", () => {
        const spec = cloudwatchExporterNamespace();
        assert.equal(spec.name, "cloudwatch-exporter");
        assert.equal(spec.podSecurity, "restricted");
        assert.deepEqual(validateNamespaceSpec(spec), []);
        assert.deepEqual(spec.ingress, [{
            name: "prometheus-scrape", pods: PODS, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [5000],
        }]);
        assert.deepEqual(spec.egress, [{ name: "aws-apis", pods: PODS, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] }]);
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name),
            ["default-deny", "allow-egress-dns", "allow-ingress-prometheus-scrape", "allow-egress-aws-apis"]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["cloudwatch-exporter"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-cloudwatch-exporter", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:CloudWatchExporter", "prod-cloudwatch-exporter");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const account = () => r.one("kubernetes:core/v1:ServiceAccount");
        const role = () => r.one("aws:iam/role:Role", "prod-cloudwatch-exporter-role");

        it("installs the pinned prometheus-community chart into its namespace as release yace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(CLOUDWATCH_EXPORTER_CHART, { chart: "prometheus-yet-another-cloudwatch-exporter", repo: "https://prometheus-community.github.io/helm-charts" });
            assert.equal(inputs.chart, "prometheus-yet-another-cloudwatch-exporter");
            assert.equal(inputs.version, "0.47.0");
            assert.equal(inputs.namespace, "cloudwatch-exporter");
            assert.equal(inputs.name, "yace");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes the region, the environment, the cluster's name and the system placement to the chart", () => {
            assert.deepEqual(r.inputs(release()).values, cloudwatchExporterValues({
                region: prod.aws.region, environment: "prod", clusterName: "prod",
                placement: nodeGroupPlacement("system", prod.nodeGroups.system.taints), registry: REGISTRY,
            }));
        });

        it("gives its ServiceAccount the IRSA role, no Kubernetes API token, and a role only yace in its namespace assumes, reading CloudWatch only", () => {
            const inputs = r.inputs(account());
            assert.deepEqual([inputs.metadata.name, inputs.metadata.namespace], ["yace", "cloudwatch-exporter"]);
            assert.equal(inputs.metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(role()).arn);
            assert.equal(inputs.automountServiceAccountToken, false);
            const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
                irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "cloudwatch-exporter", "yace"));
            const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-cloudwatch-exporter-policy");
            assert.deepEqual(JSON.parse(r.inputs(policy).policy), cloudwatchExporterPolicy(prod.aws.region));
            assert.ok(release().dependencies.includes(policy.urn), "the release does not wait for its policy");
            assert.ok(release().dependencies.includes(account().urn), "the release does not wait for its service account");
        });

        it("hands nothing to its dependents", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
