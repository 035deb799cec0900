import { strict as assert } from "node:assert";
import { tlsIngress } from "./tls-ingress";

describe("tlsIngress", () => {
    it("serves one host over HTTPS with a certificate from the ClusterIssuer, answering HTTP-01 challenges in place", () => {
        assert.deepEqual(tlsIngress({
            name: "grafana", namespace: "signal-trading-monitoring", host: "grafana.example.org", ingressClassName: "nginx",
            clusterIssuer: "letsencrypt-production", service: { name: "kube-prometheus-stack-grafana", port: 80 },
        }), {
            metadata: {
                name: "grafana",
                namespace: "signal-trading-monitoring",
                annotations: {
                    "cert-manager.io/cluster-issuer": "letsencrypt-production",
                    "acme.cert-manager.io/http01-edit-in-place": "true",
                    "cert-manager.io/issue-temporary-certificate": "true",
                },
            },
            spec: {
                ingressClassName: "nginx",
                tls: [{ hosts: ["grafana.example.org"], secretName: "grafana-tls" }],
                rules: [{
                    host: "grafana.example.org",
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "kube-prometheus-stack-grafana", port: { number: 80 } } } }] },
                }],
            },
        });
    });

    it("adds the given annotations to the certificate's", () => {
        const ingress = tlsIngress({
            name: "gateway", namespace: "signal-trading", host: "api.example.org", ingressClassName: "nginx",
            clusterIssuer: "letsencrypt-staging", service: { name: "gateway", port: 8080 },
            annotations: { "nginx.org/client-max-body-size": "1m" },
        });
        assert.deepEqual(ingress.metadata.annotations, {
            "cert-manager.io/cluster-issuer": "letsencrypt-staging",
            "acme.cert-manager.io/http01-edit-in-place": "true",
            "cert-manager.io/issue-temporary-certificate": "true",
            "nginx.org/client-max-body-size": "1m",
        });
    });
});
