import { strict as assert } from "node:assert";
import { addonContext, ADDRESSES, CONTROL_PLANE_PEERS, REGISTRY } from "../../../test/addon-fixture";
import { Registrations, registrationsOf } from "../../../test/harness";
import { nodeGroupPlacement } from "../../cluster/placement";
import { renderNetworkPolicies, validateNamespaceSpec } from "../../namespace/baseline";
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { SERVICE_CIDR } from "../../network/subnet-plan";
import { AddonOutputs } from "../addon";
import { fromNginxIngress, nginxIngressNamespace } from "./namespace";
import { NGINX_INGRESS_CHART, nginxIngressAddon } from "./nginx-ingress";
import { nginxIngressValues } from "./values";

const CONTROLLER = { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": "nginx-ingress" };
const DEPS = { "prometheus-operator-crds": {} };

describe("NGINX Ingress Controller add-on", () => {
    const addon = nginxIngressAddon(ADDRESSES, { version: "2.6.4", replicas: 3 });

    it("needs the Prometheus CRDs (ServiceMonitor), provides the nginx and the default IngressClass and owns its namespace", () => {
        assert.equal(addon.name, "nginx-ingress");
        assert.deepEqual(addon.dependsOn, ["prometheus-operator-crds"]);
        assert.deepEqual(addon.provides, ["ingress-class:nginx", "default-ingress-class"]);
        assert.deepEqual(addon.namespaces, [nginxIngressNamespace(ADDRESSES)]);
    });

    describe("namespace", () => {
        const spec = nginxIngressNamespace(ADDRESSES);

        it("is the restricted nginx-ingress namespace, and sound", () => {
            assert.equal(spec.name, "nginx-ingress");
            assert.equal(spec.podSecurity, "restricted");
            assert.equal(spec.exemption, undefined);
            assert.deepEqual(validateNamespaceSpec(spec), []);
        });

        it("lets clients from anywhere reach the controller on 80 and 443 and Prometheus scrape it on 9113, nothing else", () => {
            assert.deepEqual(spec.ingress, [
                { name: "clients", pods: CONTROLLER, peers: [{ cidr: "0.0.0.0/0" }], ports: [80, 443] },
                { name: "prometheus-scrape", pods: CONTROLLER, peers: [{ namespace: MONITORING_NAMESPACE, pods: { "app.kubernetes.io/name": "prometheus" } }], ports: [9113] },
            ]);
        });

        it("lets the controller reach the API server and pods of every namespace, never addresses outside the pod network", () => {
            assert.deepEqual(spec.egress, [
                { name: "api-server", pods: CONTROLLER, peers: [...CONTROL_PLANE_PEERS, { cidr: SERVICE_CIDR }], ports: [443] },
                { name: "backends", pods: CONTROLLER, peers: [{ allNamespaces: true }] },
            ]);
            const backends = renderNetworkPolicies(spec).find((p) => p.metadata.name === "allow-egress-backends")!;
            assert.deepEqual(backends.spec.egress, [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: {} } }] }]);
        });

        it("renders one NetworkPolicy per flow after the default deny and DNS", () => {
            assert.deepEqual(renderNetworkPolicies(spec).map((p) => p.metadata.name), [
                "default-deny", "allow-egress-dns", "allow-ingress-clients", "allow-ingress-prometheus-scrape",
                "allow-egress-api-server", "allow-egress-backends",
            ]);
        });

        it("gives backend namespaces the rule that lets the controller in on their ports", () => {
            assert.deepEqual(fromNginxIngress([8080], { app: "gateway" }), {
                name: "nginx-ingress", pods: { app: "gateway" }, peers: [{ namespace: "nginx-ingress", pods: CONTROLLER }], ports: [8080],
            });
        });
    });

    describe("installed for prod", () => {
        let r: Registrations;
        let outputs: AddonOutputs["nginx-ingress"] | undefined;
        before(async () => {
            r = await registrationsOf(() => {
                const ctx = addonContext("prod");
                outputs = addon.install("prod-nginx-ingress", ctx, DEPS, { providers: { kubernetes: ctx.cluster.kubernetesProvider } }).outputs;
            });
        });
        const component = () => r.one("signal-trading:addons:NginxIngress", "prod-nginx-ingress");
        const release = () => r.one("kubernetes:helm.sh/v3:Release");

        it("installs the pinned F5 chart from its OCI registry into the nginx-ingress namespace, atomically, under the component", () => {
            const inputs = r.inputs(release());
            assert.deepEqual(NGINX_INGRESS_CHART, { chart: "oci://ghcr.io/nginx/charts/nginx-ingress" });
            assert.equal(inputs.chart, "oci://ghcr.io/nginx/charts/nginx-ingress");
            assert.equal(inputs.version, "2.6.4");
            assert.equal(inputs.repositoryOpts, undefined);
            assert.equal(inputs.namespace, "nginx-ingress");
            assert.equal(inputs.name, "nginx-ingress");
            assert.equal(inputs.atomic, true);
            assert.equal(release().parent, component().urn);
        });

        it("passes its replicas and the system placement to the chart", () => {
            const placement = nodeGroupPlacement("system", [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            assert.deepEqual(r.inputs(release()).values, nginxIngressValues({ placement, replicas: 3, registry: REGISTRY }));
        });

        it("creates the release through the cluster's provider", () => {
            assert.equal(release().provider, r.one("pulumi:providers:kubernetes", "prod-k8s").urn);
        });

        it("hands the IngressClass and its namespace to its dependents", () => {
            assert.deepEqual(outputs, { ingressClassName: "nginx", namespace: "nginx-ingress" });
        });
    });
});
