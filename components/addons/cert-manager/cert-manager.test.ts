import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { irsaTrustPolicy } from "../../cluster/irsa";
import { nodeGroupPlacement } from "../../cluster/placement";
import { AddonOutputs } from "../addon";
import { renderWriteFence } from "../write-fence";
import { CERT_MANAGER_CHART, certManagerAddon, certManagerFence } from "./cert-manager";
import { certManagerPolicy } from "./iam";
import { clusterIssuer } from "./issuers";
import { certManagerNamespace } from "./namespace";
import { certManagerValues } from "./values";

const DEPS = { "prometheus-operator-crds": {} };
const ISSUER_TYPE = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const ZONE = { zoneName: "signal-trading.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
const CERTIFICATES = ["signal-trading", "signal-trading-monitoring"];

describe("cert-manager add-on", () => {
    const addon = certManagerAddon(ADDRESSES, { environment: "prod", version: "v1.21.1", issuer: "letsencrypt-production", dns: { ...ZONE, acmeEmail: "certs@example.org" }, certificateNamespaces: CERTIFICATES });

    it("needs only the Prometheus CRDs (ServiceMonitor), not the ingress controller, and provides the certificate issuers", () => {
        assert.equal(addon.name, "cert-manager");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["certificate-issuers"]);
        assert.deepEqual(addon.namespaces, [certManagerNamespace(ADDRESSES)]);
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["cert-manager"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-cert-manager", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:CertManager", "prod-cert-manager");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");
        const issuer = (name: string) => r.one(ISSUER_TYPE, `prod-cert-manager-${name}`);
        const role = () => r.one("aws:iam/role:Role", "prod-cert-manager-role");

        it("installs the pinned jetstack chart into the cert-manager namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(CERT_MANAGER_CHART, { chart: "cert-manager", repo: "https://charts.jetstack.io" });
            assert.equal(inputs.chart, "cert-manager");
            assert.equal(inputs.version, "v1.21.1");
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://charts.jetstack.io" });
            assert.equal(inputs.namespace, "cert-manager");
            assert.equal(inputs.name, "cert-manager");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes the prod values, two replicas on the system nodes and the controller's IRSA role, to the chart", () => {
            const placement = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            assert.deepEqual(r.inputs(release()).values, certManagerValues({ placement, replicas: 2, roleArn: r.outputs(role()).arn, registry: REGISTRY }));
        });

        it("gives the controller's service account a role that only it can assume and that may change only the zone's ACME challenge records, before the release", () => {
            const oidc = r.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepEqual(JSON.parse(r.inputs(role()).assumeRolePolicy),
                irsaTrustPolicy(r.outputs(oidc).arn, r.inputs(oidc).url.replace("https://", ""), "cert-manager", "cert-manager"));
            const policy = r.one("aws:iam/rolePolicy:RolePolicy", "prod-cert-manager-policy");
            assert.equal(r.inputs(policy).role, r.outputs(role()).name);
            assert.deepEqual(JSON.parse(r.inputs(policy).policy), certManagerPolicy({ partition: "aws", hostedZoneId: ZONE.hostedZoneId }));
            assert.equal(r.one("signal-trading:cluster:ServiceAccountRole", "prod-cert-manager").parent, component().urn);
            for (const needed of [role(), policy]) assert.ok(release().dependencies.includes(needed.urn), `the release does not wait for ${needed.name}`);
            // The chart owns the service account; Pulumi creates none.
            assert.deepEqual(r.ofType("kubernetes:core/v1:ServiceAccount"), []);
        });

        it("creates the staging and production ClusterIssuers with the ACME e-mail, solving in the platform's zone, after the release", () => {
            assert.equal(r.ofType(ISSUER_TYPE).length, 2);
            for (const [name, server] of [
                ["letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory"],
                ["letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory"],
            ]) {
                assert.deepEqual(r.inputs(issuer(name)), clusterIssuer(name, server, "certs@example.org", ZONE));
                assert.equal(issuer(name).parent, component().urn);
                assert.ok(issuer(name).dependencies.includes(release().urn), `${name} does not wait for the release`);
            }
        });

        it("fences the controller's Secret writes into its namespace and those certificates are issued into, before the release", () => {
            const policy = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", "prod-cert-manager-secrets-fence");
            const binding = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", "prod-cert-manager-secrets-fence");
            assert.deepEqual(r.inputs(policy).spec, JSON.parse(JSON.stringify(renderWriteFence(certManagerFence(CERTIFICATES)).policy.spec)));
            assert.deepEqual(r.inputs(binding).spec, { policyName: "cert-manager-secrets-where-issued", validationActions: ["Deny", "Audit"] });
            assert.ok(release().dependencies.includes(binding.urn), "the release does not wait for the fence");
        });

        it("creates its Kubernetes resources through the cluster's provider", () => {
            const provider = r.one("pulumi:providers:kubernetes", "prod-k8s").urn;
            assert.equal(release().provider, provider);
            assert.equal(issuer("letsencrypt-production").provider, provider);
        });

        it("hands the issuer of its settings to its dependents", () => {
            assert.deepEqual(outputs, { clusterIssuer: "letsencrypt-production" });
        });
    });

    it("lets the controller write Secrets only in its own namespace and where certificates are issued", () => {
        const { policy } = renderWriteFence(certManagerFence(CERTIFICATES));
        assert.deepEqual(policy.spec.matchConditions, [{ name: "service-account", expression: "request.userInfo.username == 'system:serviceaccount:cert-manager:cert-manager'" }]);
        assert.deepEqual(policy.spec.matchConstraints.resourceRules, [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE", "DELETE"], resources: ["secrets"] }]);
        assert.deepEqual(policy.spec.validations.map((v) => v.expression), ["request.namespace in ['cert-manager', 'signal-trading', 'signal-trading-monitoring']"]);
        assert.equal(policy.spec.failurePolicy, "Fail");
    });
});
