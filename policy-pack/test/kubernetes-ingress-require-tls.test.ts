import { strict as assert } from "node:assert";
import { kubernetesIngressRequireTls as policy } from "../kubernetes/kubernetes-ingress-require-tls";
import { resource, violations } from "./fixtures";
import { ingress } from "./fixtures-kubernetes";

const ISSUER = "cert-manager.io/cluster-issuer";

/** A second rule for Grafana on the gateway's Ingress. */
function addGrafanaRule(ing: ReturnType<typeof ingress>) {
    ing.inputs.spec.rules.push({ host: "grafana.signal-trading.example.com", http: ing.inputs.spec.rules[0].http });
}

describe("kubernetes-ingress-require-tls", () => {
    it("passes an Ingress whose host has a TLS entry and whose certificate comes from the production issuer", () => {
        assert.deepEqual(violations(policy, [ingress()]), []);
    });

    it("fails an Ingress without spec.tls", () => {
        const ing = ingress();
        delete ing.inputs.spec.tls;
        const found = violations(policy, [ing]);
        assert.deepEqual(found.map((v) => v.urn), [ing.urn]);
        assert.match(found[0].message, /gateway-ingress \(kubernetes:networking\.k8s\.io\/v1:Ingress\) has no spec\.tls, so it is served without a certificate of its own\.$/);
    });

    it("fails a host that no TLS entry covers, naming it", () => {
        const ing = ingress();
        addGrafanaRule(ing);
        const found = violations(policy, [ing]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /serves grafana\.signal-trading\.example\.com without a spec\.tls entry for it\.$/);
    });

    it("accepts a wildcard TLS host for a host one label below it, and not two", () => {
        const ing = ingress();
        ing.inputs.spec.tls[0].hosts = ["*.signal-trading.example.com"];
        addGrafanaRule(ing);
        assert.deepEqual(violations(policy, [ing]), []);
        ing.inputs.spec.rules[1].host = "grafana.ops.signal-trading.example.com";
        assert.match(violations(policy, [ing])[0].message, /serves grafana\.ops\.signal-trading\.example\.com without a spec\.tls entry/);
    });

    it("fails a rule without a host", () => {
        const ing = ingress();
        delete ing.inputs.spec.rules[0].host;
        assert.match(violations(policy, [ing])[0].message, /has no host in spec\.rules\[0\], so no TLS entry can cover it\.$/);
    });

    it("fails a TLS entry without secretName", () => {
        const ing = ingress();
        delete ing.inputs.spec.tls[0].secretName;
        assert.match(violations(policy, [ing])[0].message, /has no secretName in spec\.tls\[0\], so no certificate is stored for its hosts\.$/);
    });

    it("fails an Ingress that names no cluster issuer", () => {
        const ing = ingress();
        delete ing.inputs.metadata.annotations[ISSUER];
        assert.match(violations(policy, [ing])[0].message, /names no cert-manager\.io\/cluster-issuer, so cert-manager issues no certificate for it\.$/);
    });

    it("fails an issuer that is not allowed, listing the allowed ones", () => {
        const ing = ingress();
        ing.inputs.metadata.annotations[ISSUER] = "selfsigned";
        assert.match(violations(policy, [ing])[0].message, /takes its certificate from ClusterIssuer selfsigned, which is not allowed \(allowed: letsencrypt-production, letsencrypt-staging\)\.$/);
    });

    it("accepts the staging issuer by default and refuses it where the config allows only production (prod)", () => {
        const ing = ingress();
        ing.inputs.metadata.annotations[ISSUER] = "letsencrypt-staging";
        assert.deepEqual(violations(policy, [ing]), []);
        assert.match(violations(policy, [ing], { allowedIssuers: ["letsencrypt-production"] })[0].message, /ClusterIssuer letsencrypt-staging, which is not allowed \(allowed: letsencrypt-production\)\.$/);
    });

    it("ignores objects that are not Ingresses", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:Service", "gateway", { inputs: { metadata: { name: "gateway" }, spec: { type: "ClusterIP" } } })]), []);
    });
});
