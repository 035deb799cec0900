import { strict as assert } from "node:assert";
import { parsedConfig } from "../../../test/addon-fixture";
import { ACME_SERVERS, CLUSTER_ISSUER_ANNOTATION, clusterIssuer, LETSENCRYPT_PRODUCTION, LETSENCRYPT_STAGING } from "./issuers";

describe("cert-manager cluster issuers", () => {
    it("is an ACME ClusterIssuer with the contact e-mail, a key Secret named after it and a DNS-01 solver in the zone's Route 53 hosted zone, for its names only", () => {
        assert.deepEqual(clusterIssuer("letsencrypt-production", "https://acme.example/directory", "ops@example.org", { zoneName: "signal-trading.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }), {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: "letsencrypt-production" },
            spec: {
                acme: {
                    server: "https://acme.example/directory",
                    email: "ops@example.org",
                    privateKeySecretRef: { name: "letsencrypt-production" },
                    solvers: [{
                        selector: { dnsZones: ["signal-trading.example.com"] },
                        dns01: { route53: { hostedZoneID: "Z0123456789ABCDEFGHIJ" } },
                    }],
                },
            },
        });
    });

    it("names the Let's Encrypt staging and production directories", () => {
        assert.deepEqual(ACME_SERVERS, {
            "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
            "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
        });
        assert.equal(LETSENCRYPT_STAGING, "letsencrypt-staging");
        assert.equal(LETSENCRYPT_PRODUCTION, "letsencrypt-production");
    });

    it("creates only issuers the config can select (the type of ACME_SERVERS requires every one it can)", () => {
        for (const issuer of Object.keys(ACME_SERVERS)) {
            assert.equal(parsedConfig("dev", (raw) => { raw.addons = { ...raw.addons, certManager: { issuer } }; }).addons.certManager.issuer, issuer);
        }
    });

    it("gives Ingresses the annotation cert-manager's ingress-shim reads", () => {
        assert.equal(CLUSTER_ISSUER_ANNOTATION, "cert-manager.io/cluster-issuer");
    });

});
