import { strict as assert } from "node:assert";
import { kubernetesIngressDisallowSnippets } from "../../policy-pack/kubernetes/kubernetes-ingress-disallow-snippets";
import { kubernetesIngressRequireTls } from "../../policy-pack/kubernetes/kubernetes-ingress-require-tls";
import { resource, violations } from "../../policy-pack/test/fixtures";
import { gatewayIngress, GatewayIngressInputs } from "./ingress";

const LABELS = {
    "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway", "app.kubernetes.io/version": "1.4.2",
    "app.kubernetes.io/component": "api-gateway", "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi",
};

const inputs = (change: Partial<GatewayIngressInputs> = {}): GatewayIngressInputs => ({
    namespace: "signal-trading",
    host: "api.signal-trading.example.com",
    ingressClassName: "nginx",
    clusterIssuer: "letsencrypt-production",
    service: { name: "gateway", port: 8080 },
    rateLimit: { ratePerSecond: 20, burst: 40 },
    maxBodySize: "1m",
    labels: LABELS,
    ...change,
});

describe("gatewayIngress", () => {
    it("serves the API host over HTTPS to the gateway's Service, limiting each client's rate and request body", () => {
        assert.deepEqual(gatewayIngress(inputs()), {
            metadata: {
                name: "gateway",
                namespace: "signal-trading",
                labels: LABELS,
                annotations: {
                    "cert-manager.io/cluster-issuer": "letsencrypt-production",
                    "nginx.org/limit-req-rate": "20r/s",
                    "nginx.org/limit-req-burst": "40",
                    "nginx.org/limit-req-no-delay": "true",
                    "nginx.org/client-max-body-size": "1m",
                },
            },
            spec: {
                ingressClassName: "nginx",
                tls: [{ hosts: ["api.signal-trading.example.com"], secretName: "gateway-tls" }],
                rules: [{
                    host: "api.signal-trading.example.com",
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "gateway", port: { number: 8080 } } } }] },
                }],
            },
        });
    });

    it("takes the class, the issuer and the rate limit's options from its inputs", () => {
        const ingress = gatewayIngress(inputs({
            ingressClassName: "nginx-internal", clusterIssuer: "letsencrypt-staging",
            rateLimit: { ratePerSecond: 0.5, burst: 0, key: "${binary_remote_addr}", dryRun: true },
        }));
        assert.equal(ingress.spec.ingressClassName, "nginx-internal");
        assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-staging");
        assert.equal(ingress.metadata.annotations["nginx.org/limit-req-rate"], "30r/m");
        assert.equal(ingress.metadata.annotations["nginx.org/limit-req-key"], "${binary_remote_addr}");
        assert.equal(ingress.metadata.annotations["nginx.org/limit-req-dry-run"], "true");
    });

    it("refuses a rate limit or body size the controller would drop", () => {
        assert.throws(() => gatewayIngress(inputs({ rateLimit: { ratePerSecond: 0, burst: 10 } })), /positive number/);
        assert.throws(() => gatewayIngress(inputs({ maxBodySize: "0" })), /no limit/);
        assert.throws(() => gatewayIngress(inputs({ maxBodySize: "1 MB" })), /k, m or g suffix/);
    });

    it("passes the pack's TLS and snippet gates", () => {
        const ingress = resource("kubernetes:networking.k8s.io/v1:Ingress", "gateway-ingress", { inputs: gatewayIngress(inputs()) });
        assert.deepEqual(violations(kubernetesIngressRequireTls, [ingress], { allowedIssuers: ["letsencrypt-production"] }), []);
        assert.deepEqual(violations(kubernetesIngressDisallowSnippets, [ingress]), []);
    });
});
