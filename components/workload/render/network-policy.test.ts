import { strict as assert } from "node:assert";
import { fromPrometheus, NON_PUBLIC_IPV4, toPublicHttps } from "../../namespace/traffic";
import { renderDeployment } from "./deployment";
import { serviceSpec } from "./fixture";
import { serviceLabels } from "./labels";
import { renderNetworkPolicy } from "./network-policy";

const GATEWAY = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "gateway" };

describe("NetworkPolicy of a service", () => {
    const spec = serviceSpec((s) => {
        s.traffic = {
            ingress: [{ name: "from-gateway", peers: [{ pods: GATEWAY }], ports: [8080] }, fromPrometheus([9090])],
            egress: [{ name: "redis", peers: [{ pods: { "app.kubernetes.io/name": "redis" } }], ports: [6379] }, toPublicHttps("aws-apis")],
        };
    });

    it("holds every flow of the service's traffic for its pods, in one policy named after it", () => {
        assert.deepEqual(renderNetworkPolicy(spec), {
            metadata: { name: "quotes", namespace: "signal-trading", labels: serviceLabels(spec) },
            spec: {
                podSelector: { matchLabels: { "app.kubernetes.io/name": "quotes", "app.kubernetes.io/instance": "quotes" } },
                policyTypes: ["Ingress", "Egress"],
                ingress: [
                    { from: [{ podSelector: { matchLabels: GATEWAY } }], ports: [{ port: 8080, protocol: "TCP" }] },
                    {
                        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "signal-trading-monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
                        ports: [{ port: 9090, protocol: "TCP" }],
                    },
                ],
                egress: [
                    { to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } } }], ports: [{ port: 6379, protocol: "TCP" }] },
                    { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] } }], ports: [{ port: 443, protocol: "TCP" }] },
                ],
            },
        });
    });

    it("denies all ingress and egress of a service without declared traffic", () => {
        const policy = renderNetworkPolicy(serviceSpec());
        assert.deepEqual([policy.spec.policyTypes, policy.spec.ingress, policy.spec.egress], [["Ingress", "Egress"], [], []]);
    });

    it("selects the Deployment's pods", () => {
        const labels = renderDeployment(spec).spec.template.metadata.labels;
        for (const [key, value] of Object.entries(renderNetworkPolicy(spec).spec.podSelector.matchLabels)) assert.equal(labels[key], value, key);
    });
});
