import { strict as assert } from "node:assert";
import { tlsIngress } from "./tls-ingress";

describe("tlsIngress", () => {
    it("serves one host over HTTPS with a certificate from the ClusterIssuer, asking for nothing else of cert-manager", () => {
        assert.deepEqual(tlsIngress({
            name: "grafana", namespace: "signal-trading-monitoring", host: "grafana.example.org", ingressClassName: "nginx",
            clusterIssuer: "letsencrypt-production", service: { name: "kube-prometheus-stack-grafana", port: 80 },
        }), {
            metadata: {
                name: "grafana",
                namespace: "signal-trading-monitoring",
                annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-production" },
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

    it("adds the given annotations to the issuer's", () => {
        const ingress = tlsIngress({
            name: "gateway", namespace: "signal-trading", host: "api.example.org", ingressClassName: "nginx",
            clusterIssuer: "letsencrypt-staging", service: { name: "gateway", port: 8080 },
            annotations: { "nginx.org/client-max-body-size": "1m" },
        });
        assert.deepEqual(ingress.metadata.annotations, {
            "cert-manager.io/cluster-issuer": "letsencrypt-staging",
            "nginx.org/client-max-body-size": "1m",
        });
    });
});
