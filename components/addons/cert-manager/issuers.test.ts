import { strict as assert } from "node:assert";
import { parsedConfig } from "../../../test/addon-fixture";
import { ACME_SERVERS, certificateAnnotations, CLUSTER_ISSUER_ANNOTATION, clusterIssuer, LETSENCRYPT_PRODUCTION, LETSENCRYPT_STAGING } from "./issuers";

describe("cert-manager cluster issuers", () => {
    it("is an ACME ClusterIssuer with the contact e-mail, a key Secret named after it and an HTTP-01 solver on the ingress class", () => {
        assert.deepEqual(clusterIssuer("letsencrypt-production", "https://acme.example/directory", "ops@example.org", "nginx"), {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: "letsencrypt-production" },
            spec: {
                acme: {
                    server: "https://acme.example/directory",
                    email: "ops@example.org",
                    privateKeySecretRef: { name: "letsencrypt-production" },
                    solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }],
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

    it("asks for a certificate with the challenge in the Ingress itself and a temporary certificate until the real one arrives", () => {
        assert.deepEqual(certificateAnnotations(LETSENCRYPT_PRODUCTION), {
            "cert-manager.io/cluster-issuer": "letsencrypt-production",
            "acme.cert-manager.io/http01-edit-in-place": "true",
            "cert-manager.io/issue-temporary-certificate": "true",
        });
    });
});
