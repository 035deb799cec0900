import { strict as assert } from "node:assert";
import { ADDRESSES, CONTROL_PLANE_PEERS } from "../../../test/addon-fixture";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { certManagerNamespace, toPublicDns } from "./namespace";
import { NON_PUBLIC_IPV4 } from "../../namespace/traffic";

const PUBLIC = { cidr: "0.0.0.0/0", except: [...NON_PUBLIC_IPV4] };
const CONTROLLER = { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "controller" };
const spec = certManagerNamespace(ADDRESSES);

describe("cert-manager namespace", () => {
    it("is the restricted cert-manager namespace, and sound", () => {
        assert.equal(spec.name, "cert-manager");
        assert.equal(spec.podSecurity, "restricted");
        assert.equal(spec.exemption, undefined);
        assert.deepEqual(validateNamespaceSpec(spec), []);
    });

    it("lets in only the control plane to the webhook's port and Prometheus to the metrics port", () => {
        assert.deepEqual(spec.ingress, [
            { name: "webhook", pods: { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" }, peers: CONTROL_PLANE_PEERS, ports: [10250] },
            { name: "prometheus-scrape", pods: undefined, peers: [{ namespace: "signal-trading-monitoring", pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [9402] },
        ]);
    });

    it("lets every pod reach the API server and only the controller reach public HTTPS (ACME, Route 53, STS) and public DNS (the DNS-01 self-check)", () => {
        assert.deepEqual(spec.egress, [
            { name: "api-server", pods: undefined, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
            { name: "acme-and-aws-apis", pods: CONTROLLER, peers: [PUBLIC], ports: [443] },
            { name: "dns01-self-check", pods: CONTROLLER, peers: [PUBLIC], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
        ]);
    });

    it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
        assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
            "default-deny", "allow-egress-dns", "allow-ingress-webhook", "allow-ingress-prometheus-scrape",
            "allow-egress-api-server", "allow-egress-acme-and-aws-apis", "allow-egress-dns01-self-check",
        ]);
        const selfCheck = renderNetworkPolicies(spec).find((p) => p.metadata.name === "allow-egress-dns01-self-check")!;
        assert.deepEqual(selfCheck.spec.egress, [{ to: [{ ipBlock: PUBLIC }], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] }]);
    });

    it("opens DNS over UDP and TCP to public addresses only", () => {
        assert.deepEqual(toPublicDns("resolvers", { app: "x" }), {
            name: "resolvers", pods: { app: "x" }, peers: [PUBLIC], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
        });
    });
});
