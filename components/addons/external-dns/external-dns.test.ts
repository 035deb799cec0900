import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, CONTROL_PLANE_PEERS, parsedConfig, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { MONITORING_NAMESPACE, NON_PUBLIC_IPV4 } from "../../namespace/traffic";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { AddonOutputs } from "../addon";
import { EXTERNAL_DNS_CHART, externalDnsAddon } from "./external-dns";
import { externalDnsPolicy } from "./iam";
import { externalDnsNamespace } from "./namespace";
import { externalDnsValues } from "./values";

const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const PODS = { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/instance": "external-dns" };
const DEPS = { "nginx-ingress": { ingressClassName: "nginx", namespace: "nginx-ingress" }, "prometheus-operator-crds": {} };

describe("external-dns add-on", () => {
    const prod = parsedConfig("prod");
    const addon = externalDnsAddon(ADDRESSES, { region: prod.aws.region, version: "1.21.1", dns: { ...prod.dns, hostedZoneId: ZONE_ID } });

    it("needs the ingress controller its records point at and the Prometheus CRDs, and provides the DNS records", () => {
        assert.equal(addon.name, "external-dns");
        assert.deepEqual(addon.dependsOn, ["nginx-ingress", "prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["dns-records"]);
        assert.deepEqual(addon.namespaces, [externalDnsNamespace(ADDRESSES)]);
    });

    it("owns the restricted external-dns namespace, reaching only the API server and public AWS endpoints, scraped by Prometheus", () => {
        const spec = externalDnsNamespace(ADDRESSES);
        assert.equal(spec.name, "external-dns");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(validateNamespaceSpec(spec), []);
        assert.deepEqual(spec.ingress, [{
            name: "prometheus-scrape", pods: PODS, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [7979],
        }]);
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: PODS, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "aws-apis", pods: PODS, peers: [{ cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] }], ports: [443] },
        ]);
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name),
            ["default-deny", "allow-egress-dns", "allow-ingress-prometheus-scrape", "allow-egress-api-server", "allow-egress-aws-apis"]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["external-dns"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-external-dns", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:ExternalDns", "prod-external-dns");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const account = () => r.one("kubernetes:core/v1:ServiceAccount");
        const role = () => r.one("aws:iam/role:Role", "prod-external-dns-role");

        it("installs the pinned kubernetes-sigs chart into the external-dns namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(EXTERNAL_DNS_CHART, { chart: "external-dns", repo: "https://kubernetes-sigs.github.io/external-dns" });
            assert.equal(inputs.chart, "external-dns");
            assert.equal(inputs.version, "1.21.1");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://kubernetes-sigs.github.io/external-dns" });
            assert.equal(inputs.namespace, "external-dns");
            assert.equal(inputs.name, "external-dns");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
            assert.equal(r.one("signal-trading:cluster:ServiceAccountRole", "prod-external-dns").parent, component().urn);
        });

        it("passes the cluster, region, zone, the controller's class and the system placement to the chart", () => {
            assert.deepEqual(r.inputs(release()).values, externalDnsValues({
                clusterName: "prod", region: prod.aws.region, zoneName: prod.dns.zoneName, hostedZoneId: ZONE_ID, ingressClassName: "nginx",
                placement: nodeGroupPlacement("system", prod.nodeGroups.system.taints), registry: REGISTRY,
            }));
        });

        it("annotates its ServiceAccount with its IRSA role and mounts the API token it needs to watch Ingresses", () => {
            const inputs = r.inputs(account());
            assert.equal(inputs.metadata.name, "external-dns");
            assert.equal(inputs.metadata.namespace, "external-dns");
            assert.equal(inputs.metadata.annotations["eks.amazonaws.com/role-arn"], r.outputs(role()).arn);
            assert.equal(inputs.automountServiceAccountToken, true);
        });

        it("trusts external-dns:external-dns only and may change only the platform's zone", () => {
            const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
                irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "external-dns", "external-dns"));
            const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-external-dns-policy");
            assert.deepEqual(JSON.parse(r.inputs(policy).policy), externalDnsPolicy({ partition: "aws", hostedZoneId: ZONE_ID, zoneName: prod.dns.zoneName }));
        });

        it("creates its Kubernetes resources through the cluster's provider, the release after its service account and policy", () => {
            const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
            assert.equal(release().provider, provider);
            assert.equal(account().provider, provider);
            for (const needed of [account(), r.one("aws:iam/rolePolicy:RolePolicy", "prod-external-dns-policy")]) {
                assert.ok(release().dependencies.includes(needed.urn), `the release does not wait for ${needed.name}`);
            }
        });

        it("hands nothing to its dependents", () => {
            assert.deepEqual(outputs, {});
        });
    });
});
